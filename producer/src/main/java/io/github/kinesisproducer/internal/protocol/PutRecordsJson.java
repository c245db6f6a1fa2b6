package io.github.kinesisproducer.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The PutRecords body in the Kinesis JSON 1.1 protocol, written straight into one byte array (record data
 * base64-encoded in place), and the response read back into the producer's own types. This is
 * the whole per-byte cost of a call besides hashing for the signature: no intermediate objects per record.
 */
final class PutRecordsJson {
    private static final byte[] B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The two base64 characters of every 12-bit value, high one in the high byte. */
    private static final char[] PAIRS = new char[4096];
    private static final java.lang.invoke.VarHandle BE_LONG = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    static {
        for (int v = 0; v < PAIRS.length; v++) {
            PAIRS[v] = (char) (B64[v >>> 6] << 8 | B64[v & 0x3F]);
        }
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf;
    private int n;

    private PutRecordsJson(byte[] buffer) {
        buf = buffer;
    }

    /** The request body; {@code length} bytes of {@code bytes} are used. */
    @SuppressWarnings("ArrayRecordComponent") // a reused buffer and the length used; bodies are never compared
    record Body(byte[] bytes, int length) {
    }

    static Body write(PutRecordsRequest request) {
        return write(request, byte[]::new);
    }

    /**
     * @param buffers gives a buffer of at least the requested length (for example a reused one); the body is written
     *     from its start
     */
    static Body write(PutRecordsRequest request, java.util.function.IntFunction<byte[]> buffers) {
        List<PutRecordsRequest.Entry> records = request.records();
        int capacity = 64 + escapedBound(request.streamName()) + escapedBound(request.streamArn());
        for (PutRecordsRequest.Entry e : records) {
            int len = e.data().length;
            capacity += 64 + (len + 2) / 3 * 4 + escapedBound(e.partitionKey()) + escapedBound(e.explicitHashKey());
        }
        PutRecordsJson w = new PutRecordsJson(buffers.apply(capacity));
        w.ascii("{\"Records\":[");
        for (int i = 0; i < records.size(); i++) {
            PutRecordsRequest.Entry e = records.get(i);
            w.ascii(i == 0 ? "{\"Data\":\"" : ",{\"Data\":\"");
            w.base64(e.data());
            w.buf[w.n++] = '"';
            if (e.partitionKey() != null) { // optional on streams that place records themselves (AUTO)
                w.ascii(",\"PartitionKey\":");
                w.string(e.partitionKey());
            }
            if (e.explicitHashKey() != null) {
                w.ascii(",\"ExplicitHashKey\":");
                w.string(e.explicitHashKey());
            }
            w.buf[w.n++] = '}';
        }
        w.buf[w.n++] = ']';
        if (request.streamName() != null) {
            w.ascii(",\"StreamName\":");
            w.string(request.streamName());
        }
        if (request.streamArn() != null) {
            w.ascii(",\"StreamARN\":");
            w.string(request.streamArn());
        }
        w.buf[w.n++] = '}';
        return new Body(w.buf, w.n);
    }

    /** Bytes a string can take once escaped: every char as a six-byte \\uXXXX escape, plus the quotes. */
    static int escapedBound(String s) {
        return s == null ? 0 : 2 + 6 * s.length();
    }

    private void ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            buf[n++] = (byte) s.charAt(i);
        }
    }

    /** A JSON string. Non-ASCII characters are written as \\u escapes, so the server sees exactly the same UTF-16. */
    private void string(String s) {
        n = quote(s, buf, n);
    }

    /** Writes {@code s} as a JSON string at {@code p} (room: {@link #escapedBound}); returns the end position. */
    static int quote(String s, byte[] b, int p) {
        b[p++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                b[p++] = (byte) c;
            } else if (c == '"' || c == '\\') {
                b[p++] = '\\';
                b[p++] = (byte) c;
            } else {
                b[p++] = '\\';
                b[p++] = 'u';
                b[p++] = HEX[(c >> 12) & 0xF];
                b[p++] = HEX[(c >> 8) & 0xF];
                b[p++] = HEX[(c >> 4) & 0xF];
                b[p++] = HEX[c & 0xF];
            }
        }
        b[p++] = '"';
        return p;
    }

    /**
     * Base64 without a copy: six input bytes become eight output bytes per step, through a table of every 12-bit
     * value's two characters (half the lookups of a 6-bit table, one 8-byte read and write per step). The JDK's
     * encoder has no intrinsic on AVX2 machines and would need a separate output array.
     */
    private void base64(byte[] src) {
        byte[] b = buf;
        int p = n;
        int i = 0;
        int len = src.length;
        while (i + 8 <= len) { // reads 8 bytes, uses the first 6
            long v = (long) BE_LONG.get(src, i);
            BE_LONG.set(b, p, (long) PAIRS[(int) (v >>> 52)] << 48 | (long) PAIRS[(int) (v >>> 40) & 0xFFF] << 32
                    | (long) PAIRS[(int) (v >>> 28) & 0xFFF] << 16 | PAIRS[(int) (v >>> 16) & 0xFFF]);
            i += 6;
            p += 8;
        }
        while (i + 3 <= len) {
            int v = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
            char hi = PAIRS[v >>> 12];
            char lo = PAIRS[v & 0xFFF];
            b[p] = (byte) (hi >>> 8);
            b[p + 1] = (byte) hi;
            b[p + 2] = (byte) (lo >>> 8);
            b[p + 3] = (byte) lo;
            i += 3;
            p += 4;
        }
        int rest = len - i;
        if (rest > 0) {
            int v = (src[i] & 0xFF) << 16 | (rest == 2 ? (src[i + 1] & 0xFF) << 8 : 0);
            b[p++] = B64[v >>> 18];
            b[p++] = B64[(v >>> 12) & 0x3F];
            b[p++] = rest == 2 ? B64[(v >>> 6) & 0x3F] : (byte) '=';
            b[p++] = '=';
        }
        n = p;
    }

    /**
     * Reads a successful PutRecords response.
     *
     * @throws IllegalArgumentException if the body is not the JSON shape PutRecords returns
     */
    static PutRecordsResponse read(byte[] body, int length) {
        // Read piece by piece rather than into a tree: a response carries an object per Kinesis record (500 per call
        // without aggregation), and only four of their fields matter.
        Json j = Json.reader(body, length);
        if (j.peekToken() != '{') {
            throw new IllegalArgumentException(NO_RECORDS);
        }
        List<PutRecordsResponse.Result> results = null;
        Object failed = null;
        java.util.Set<String> seen = new java.util.HashSet<>();
        if (j.enter('{')) {
            do {
                String field = j.field();
                if (!seen.add(field)) {
                    throw new IllegalArgumentException("PutRecords response has \"" + field + "\" twice");
                }
                switch (field) {
                    case "Records" -> results = j.peekToken() == '[' ? records(j) : discard(j);
                    case "FailedRecordCount" -> failed = j.value();
                    default -> j.value();
                }
            } while (j.more('}'));
        }
        j.end();
        if (results == null) {
            throw new IllegalArgumentException(NO_RECORDS);
        }
        if (failed instanceof Long n && n >= 0 && n <= results.size()) {
            return new PutRecordsResponse(results, n.intValue());
        }
        // Missing or not a count of these records: the entries themselves say which failed (they are what the
        // producer acts on).
        return PutRecordsResponse.of(results);
    }

    private static final String NO_RECORDS = "PutRecords response has no \"Records\" array";

    private static List<PutRecordsResponse.Result> records(Json j) {
        List<PutRecordsResponse.Result> out = new ArrayList<>();
        if (!j.enter('[')) {
            return out;
        }
        do {
            if (j.peekToken() != '{') {
                throw new IllegalArgumentException("PutRecords response has a record entry that is not an object");
            }
            String sequenceNumber = null;
            String shardId = null;
            String errorCode = null;
            String errorMessage = null;
            java.util.Set<String> seen = new java.util.HashSet<>(8);
            if (j.enter('{')) {
                do {
                    String field = j.field();
                    if (!seen.add(field)) {
                        throw new IllegalArgumentException("PutRecords response has a record entry with \"" + field
                                + "\" twice");
                    }
                    switch (field) {
                        case "SequenceNumber" -> sequenceNumber = text(j.value());
                        case "ShardId" -> shardId = text(j.value());
                        case "ErrorCode" -> errorCode = text(j.value());
                        case "ErrorMessage" -> errorMessage = text(j.value());
                        default -> j.value();
                    }
                } while (j.more('}'));
            }
            out.add(new PutRecordsResponse.Result(shardId, sequenceNumber, errorCode, errorMessage));
        } while (j.more(']'));
        return out;
    }

    /** Reads a value that is not what the field should hold: as if the field were absent. */
    private static List<PutRecordsResponse.Result> discard(Json j) {
        j.value();
        return null;
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }

    static String text(Map<?, ?> m, String field) {
        return text(m.get(field));
    }
}
