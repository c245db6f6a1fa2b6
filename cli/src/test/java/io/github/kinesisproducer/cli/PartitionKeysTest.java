package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PartitionKeysTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void randomLeavesTheKeyToTheProducer() {
        PartitionKeys k = PartitionKeys.parse("random");
        assertThat(k.keyFor(utf8("anything"))).isNull();
        assertThat(k.spec()).isEqualTo("random");
    }

    @Test
    void lineUsesTheTextCutTo256Characters() {
        PartitionKeys k = PartitionKeys.parse("LINE");
        assertThat(k.keyFor(utf8("user-42 logged in"))).isEqualTo("user-42 logged in");
        assertThat(k.keyFor(utf8("é".repeat(300)))).hasSize(256);
        assertThatThrownBy(() -> k.keyFor(new byte[0])).isInstanceOf(PartitionKeys.KeyException.class);
    }

    @Test
    void fitNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00"; // one code point, two chars
        String key = PartitionKeys.fit("a".repeat(255) + emoji);
        assertThat(key).hasSize(255).doesNotContain("\uD83D");
        assertThat(PartitionKeys.fit("short")).isEqualTo("short");
    }

    @Test
    void jsonTakesAFieldOrANestedPath() {
        assertThat(PartitionKeys.parse("json:customerId").keyFor(utf8("{\"customerId\":\"c-7\",\"n\":1}")))
                .isEqualTo("c-7");
        assertThat(PartitionKeys.parse("json:id").keyFor(utf8("{\"id\": 12345 }"))).isEqualTo("12345");
        assertThat(PartitionKeys.parse("json:customer.id")
                .keyFor(utf8("{\"x\":[1,{\"id\":\"no\"}],\"customer\":{\"name\":\"A\",\"id\":\"c-9\"}}")))
                .isEqualTo("c-9");
        assertThat(PartitionKeys.parse("json:k").keyFor(utf8("{\"k\":\"tab\\there \\u00e9\\\"\"}")))
                .isEqualTo("tab\there é\"");
        assertThat(PartitionKeys.parse("json:k").keyFor(utf8("{\"k\":true}"))).isEqualTo("true");
        assertThat(PartitionKeys.parse("json:k").keyFor(utf8("{\"k\":{\"a\": 1}}"))).isEqualTo("{\"a\": 1}");
    }

    @Test
    void jsonProblemsAreReportedPerRecord() {
        PartitionKeys k = PartitionKeys.parse("json:customerId");
        assertThatThrownBy(() -> k.keyFor(utf8("{\"other\":1}"))).isInstanceOf(PartitionKeys.KeyException.class)
                .hasMessageContaining("no field 'customerId'");
        assertThatThrownBy(() -> k.keyFor(utf8("{\"customerId\":null}")))
                .isInstanceOf(PartitionKeys.KeyException.class);
        assertThatThrownBy(() -> k.keyFor(utf8("{\"customerId\":\"\"}")))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> k.keyFor(utf8("not json"))).isInstanceOf(PartitionKeys.KeyException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> k.keyFor(utf8("{\"customerId\":\"a\"} trailing")))
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> k.keyFor(utf8("{\"customerId\":01}"))).hasMessageContaining("not valid JSON");
    }

    @Test
    void badSpecsAreUsageErrors() {
        for (String bad : new String[] {"hash", "json:", "json:.a", "json:a..b"}) {
            assertThatThrownBy(() -> PartitionKeys.parse(bad)).isInstanceOf(CliException.class)
                    .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        }
    }

    @Test
    void jsonNumberGrammar() {
        for (String ok : new String[] {"0", "-0", "12", "1.5", "-3.25e10", "2E-3", "7e+2"}) {
            assertThat(JsonField.isNumber(ok)).as(ok).isTrue();
        }
        for (String bad : new String[] {"", "-", "01", "1.", ".5", "1e", "+1", "1x", "NaN"}) {
            assertThat(JsonField.isNumber(bad)).as(bad).isFalse();
        }
    }

    @Test
    void jsonScannerRejectsMalformedDocuments() {
        for (String bad : new String[] {"{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,2", "\"unterminated",
            "{\"a\":\"x\ny\"}", "{\"a\":\"\\q\"}", "{a:1}"}) {
            assertThatThrownBy(() -> JsonField.find(bad, "a")).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(JsonField.find("[{\"a\":1}]", "a")).isNull(); // only objects have fields
        assertThat(JsonField.find("{\"a\":1,\"a\":2}", "a")).isEqualTo("2");
    }
}
