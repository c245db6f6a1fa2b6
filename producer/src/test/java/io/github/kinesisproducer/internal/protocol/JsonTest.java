package io.github.kinesisproducer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON reader is strict per RFC 8259, and a number of any size is a value, not an error. */
class JsonTest {
    private static Object parse(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return Json.parse(b, b.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\\u12\"", "\"\\u12g4\"", "\"\\u+123\"", "\"\\u-123\"", "\"\\u 123\"", "\"\\U0041\"",
            "\"\\u\uff11\uff12\uff13\uff14\"", "\"\\x41\"", "\"\\'\""})
    void badEscapesAreRejected(String json) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Malformed JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "-01", "00", "+1", "1.", ".5", "-", "1e", "1e+", "1.e3", "0x10", "1_000", "--1",
            "Infinity", "NaN", "1.5.2"})
    void numbersOutsideTheGrammarAreRejected(String number) {
        assertThatThrownBy(() -> parse("[" + number + "]")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F})
    void rawControlCharactersInStringsAreRejected(int c) {
        assertThatThrownBy(() -> parse("\"a" + (char) c + "b\"")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("raw control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u000b[]", "[]\f", "[\u00a0]", "[1,\u2028 2]"})
    void onlyTheFourKindsOfWhiteSpaceAreAllowed(String json) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidUtf8IsRejectedNotReplaced() {
        byte[] latin1 = "[\"caf\u00e9\"]".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Json.parse(latin1, latin1.length)).hasMessageContaining("not UTF-8");
        byte[] overlong = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
        assertThatThrownBy(() -> Json.parse(overlong, overlong.length)).hasMessageContaining("not UTF-8");
    }

    @Test
    void validDocumentsStillRead() {
        assertThat(parse(" \t\r\n{\"a\" : [0, -0, 1.25, -3e-2, 2E+3, 9223372036854775807, \"\\u00E9\\uD83D\\uDE00\\/\"]} "))
                .isEqualTo(Map.of("a", List.of(0L, 0L, new BigDecimal("1.25"), new BigDecimal("-3e-2"),
                        new BigDecimal("2E+3"), Long.MAX_VALUE, "\u00e9\ud83d\ude00/")));
    }

    @Test
    void numbersOfAnySizeAreValues() {
        assertThat(parse("123456789012345678901234567890")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(parse("-9223372036854775809")).isEqualTo(new BigInteger("-9223372036854775809"));
        assertThat(parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(parse("1e400")).isEqualTo(new BigDecimal("1e400"));
    }

    @Test
    void aLargeNumberInAFieldNobodyReadsLeavesASuccessfulPutRecordsResponseReadable() {
        String json = "{\"FailedRecordCount\":0,\"Records\":[{\"SequenceNumber\":\"1\",\"ShardId\":\"shardId-0\","
                + "\"Size\":123456789012345678901234567890123456789}],\"Took\":1e999,"
                + "\"Meta\":{\"n\":-98765432109876543210.5e-7}}";
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        PutRecordsResponse r = PutRecordsJson.read(b, b.length);
        assertThat(r.records()).hasSize(1);
        assertThat(r.records().get(0).sequenceNumber()).isEqualTo("1");
        assertThat(r.failedRecordCount()).isZero();
    }

    @Test
    void aFailedRecordCountThatIsNotACountOfTheRecordsIsTakenFromTheEntries() {
        for (String count : new String[] {"99999999999999999999", "-1", "3", "1.5", "\"1\""}) {
            String json = "{\"FailedRecordCount\":" + count + ",\"Records\":[{\"SequenceNumber\":\"1\",\"ShardId\":"
                    + "\"s\"},{\"ErrorCode\":\"ProvisionedThroughputExceededException\",\"ErrorMessage\":\"m\"}]}";
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            assertThat(PutRecordsJson.read(b, b.length).failedRecordCount()).as(count).isEqualTo(1);
        }
    }

    @Test
    void aRepeatedMemberIsRejected() {
        assertThatThrownBy(() -> parse("{\"a\":1,\"a\":2}")).hasMessageContaining("repeated member \"a\"");
    }
}
