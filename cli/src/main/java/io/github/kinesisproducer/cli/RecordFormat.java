package io.github.kinesisproducer.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** How {@code read} writes each user record ({@code --format}). */
enum RecordFormat {
    /** The data and a newline (none added when the data already ends with one); binary-unsafe, for text. */
    LINES("lines") {
        @Override
        void write(StreamReader.UserRecord r, boolean showKeys, OutputStream out) throws IOException {
            key(r, showKeys, out);
            out.write(r.data());
            if (r.data().length == 0 || r.data()[r.data().length - 1] != '\n') {
                out.write('\n');
            }
        }
    },
    /** The data as it is, nothing between records: one record, or a stream whose records carry their own framing. */
    RAW("raw") {
        @Override
        void write(StreamReader.UserRecord r, boolean showKeys, OutputStream out) throws IOException {
            out.write(r.data());
        }
    },
    /** A 4-byte big-endian length, then the data: exactly what {@code send --framing length-prefixed} reads. */
    LENGTH_PREFIXED("length-prefixed") {
        @Override
        void write(StreamReader.UserRecord r, boolean showKeys, OutputStream out) throws IOException {
            int n = r.data().length;
            out.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            out.write(r.data());
        }
    },
    /** One JSON object per record, with where it was stored; data as text when it is UTF-8, else base64. */
    JSONL("jsonl") {
        @Override
        void write(StreamReader.UserRecord r, boolean showKeys, OutputStream out) throws IOException {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("shardId", r.shardId());
            j.put("sequenceNumber", r.sequenceNumber());
            j.put("subSequenceNumber", r.subSequenceNumber());
            j.put("partitionKey", r.partitionKey());
            j.put("explicitHashKey", r.explicitHashKey());
            j.put("approximateArrivalTimestamp", r.arrival() == null ? null : r.arrival().toString());
            String text = utf8(r.data());
            if (text != null) {
                j.put("data", text);
            } else {
                j.put("dataBase64", Base64.getEncoder().encodeToString(r.data()));
            }
            out.write((JsonText.of(j) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    },
    /** The data in base64, one record per line. */
    BASE64("base64") {
        @Override
        void write(StreamReader.UserRecord r, boolean showKeys, OutputStream out) throws IOException {
            key(r, showKeys, out);
            out.write(Base64.getEncoder().encode(r.data()));
            out.write('\n');
        }
    };

    private final String label;

    RecordFormat(String label) {
        this.label = label;
    }

    abstract void write(StreamReader.UserRecord r, boolean showKeys, OutputStream out) throws IOException;

    /** True for the formats that can put the partition key in front ({@code --show-keys}). */
    boolean showsKeys() {
        return this == LINES || this == BASE64;
    }

    @Override
    public String toString() {
        return label;
    }

    static RecordFormat parse(String value) {
        for (RecordFormat f : values()) {
            if (f.label.equalsIgnoreCase(value)) {
                return f;
            }
        }
        throw CliException.usage("--format must be lines, raw, length-prefixed, jsonl or base64; got '" + value + "'");
    }

    private static void key(StreamReader.UserRecord r, boolean showKeys, OutputStream out) throws IOException {
        if (showKeys) {
            out.write(r.partitionKey().getBytes(StandardCharsets.UTF_8));
            out.write('\t');
        }
    }

    /** The text if the bytes are valid UTF-8, else null. */
    static String utf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
