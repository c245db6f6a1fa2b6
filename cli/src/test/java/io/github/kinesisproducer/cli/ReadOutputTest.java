package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How read splits delimited records and writes each format. */
class ReadOutputTest {
    private static StreamReader.UserRecord record(byte[] data) {
        return new StreamReader.UserRecord("shardId-000000000001", "4959", 2, "key-1", null,
                Instant.parse("2026-01-01T08:00:00Z"), data);
    }

    private static String written(RecordFormat f, boolean keys, byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.write(record(data), keys, out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void delimitedRecordsSplitBackIntoWhatWasJoined() {
        List<byte[]> parts = Delimited.split("a\nbb\n\nccc\n".getBytes(StandardCharsets.UTF_8), new byte[] {'\n'});
        assertThat(parts).extracting(p -> new String(p, StandardCharsets.UTF_8)).containsExactly("a", "bb", "", "ccc");
        assertThat(Delimited.split("x||y".getBytes(StandardCharsets.UTF_8), "||".getBytes(StandardCharsets.UTF_8)))
                .extracting(p -> new String(p, StandardCharsets.UTF_8)).containsExactly("x", "y");
        assertThat(Delimited.split("no end".getBytes(StandardCharsets.UTF_8), new byte[] {'\n'}))
                .extracting(p -> new String(p, StandardCharsets.UTF_8)).containsExactly("no end");
        assertThat(Delimited.split(new byte[0], new byte[] {'\n'})).isEmpty();
    }

    @Test
    void eachFormat() throws Exception {
        byte[] text = "héllo".getBytes(StandardCharsets.UTF_8);
        assertThat(written(RecordFormat.LINES, true, text).getBytes(StandardCharsets.ISO_8859_1))
                .isEqualTo("key-1\théllo\n".getBytes(StandardCharsets.UTF_8));
        assertThat(written(RecordFormat.LINES, false, "x\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("x\n");
        assertThat(written(RecordFormat.RAW, false, new byte[] {0, '\n', (byte) 0xff}))
                .isEqualTo("\0\n\u00ff");
        assertThat(written(RecordFormat.LENGTH_PREFIXED, false, new byte[] {7, 8, 9}))
                .isEqualTo("\0\0\0\u0003\u0007\u0008\u0009");
        assertThat(written(RecordFormat.BASE64, true, new byte[] {0, (byte) 0xff})).isEqualTo("key-1\tAP8=\n");
        assertThat(new String(written(RecordFormat.JSONL, false, text).getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8)).isEqualTo("{\"shardId\":\"shardId-000000000001\",\"sequenceNumber\":\"4959\","
                + "\"subSequenceNumber\":2,\"partitionKey\":\"key-1\",\"explicitHashKey\":null,"
                + "\"approximateArrivalTimestamp\":\"2026-01-01T08:00:00Z\",\"data\":\"héllo\"}\n");
        assertThat(written(RecordFormat.JSONL, false, new byte[] {(byte) 0xc3, 0x28}))
                .endsWith(",\"dataBase64\":\"wyg=\"}\n");
        assertThat(written(RecordFormat.JSONL, false, "a\"b\n\u0001".getBytes(StandardCharsets.UTF_8)))
                .endsWith(",\"data\":\"a\\\"b\\n\\u0001\"}\n");
    }

    @Test
    void startingPositions() {
        assertThat(ReadCommand.parseFrom("trim-horizon")).isEqualTo(StreamReader.Start.TRIM_HORIZON);
        assertThat(ReadCommand.parseFrom("LATEST")).isEqualTo(StreamReader.Start.LATEST);
        assertThat(ReadCommand.parseFrom("at-timestamp:2026-01-01T08:00:00Z").timestamp())
                .isEqualTo(Instant.parse("2026-01-01T08:00:00Z"));
        assertThat(ReadCommand.parseFrom("at-timestamp:2026-01-01T09:00:00+01:00").timestamp())
                .isEqualTo(Instant.parse("2026-01-01T08:00:00Z"));
        assertThat(ReadCommand.parseFrom("at-timestamp:2026-01-01").timestamp())
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(ReadCommand.parseFrom("at-timestamp:1767254400").timestamp())
                .isEqualTo(Instant.parse("2026-01-01T08:00:00Z"));
        assertThat(ReadCommand.parseFrom("at-sequence:49590").sequenceNumber()).isEqualTo("49590");
        assertThatThrownBy(() -> ReadCommand.parseFrom("at-timestamp:yesterday")).isInstanceOf(CliException.class)
                .hasMessageContaining("needs a time such as 2026-01-01T08:00:00Z");
        assertThatThrownBy(() -> ReadCommand.parseFrom("at-sequence:x1")).hasMessageContaining("digits");
    }

    @Test
    void delimitersAreShownAsTheyAreTyped() {
        assertThat(Escapes.show("\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("'\\n'");
        assertThat(Escapes.show("|".getBytes(StandardCharsets.UTF_8))).isEqualTo("'|'");
        assertThat(Escapes.show(new byte[] {(byte) 0xff})).isEqualTo("'\\xff'");
        assertThat(Escapes.unescape("\\r\\n")).isEqualTo("\r\n".getBytes(StandardCharsets.UTF_8));
    }
}
