package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationTest {
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    private static final BigInteger MID = BigInteger.ONE.shiftLeft(127);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Two shards splitting the hash space in halves; returns the shard a key belongs to. */
    private static String shardOf(String key) {
        return Verification.hashKey(key).compareTo(MID) < 0 ? "s0" : "s1";
    }

    private static Verification twoShards() {
        return new Verification(List.of(new Verification.ShardRange("s0", BigInteger.ZERO, MID.subtract(BigInteger.ONE)),
                new Verification.ShardRange("s1", MID, MAX)));
    }

    @Test
    void everyRecordOnceOnItsShardPasses() {
        Verification v = twoShards();
        for (int i = 0; i < 100; i++) {
            v.sent("k" + i, utf8("r" + i));
        }
        for (int i = 99; i >= 0; i--) { // order does not matter
            v.received(shardOf("k" + i), "k" + i, utf8("r" + i));
        }
        assertThat(v.passed()).isTrue();
        assertThat(v.line()).isEqualTo("verified 100/100 records, 0 lost, 0 duplicated");
    }

    @Test
    void lossDuplicationAlterationAndMisplacementAreAllCaught() {
        Verification v = twoShards();
        v.sent("a", utf8("1"));
        v.sent("b", utf8("2"));
        v.sent("c", utf8("3"));
        v.sent("same", utf8("x"));
        v.sent("same", utf8("x")); // identical records may legitimately be sent twice
        v.received(shardOf("a"), "a", utf8("1"));
        v.received(shardOf("a"), "a", utf8("1")); // duplicate
        v.received(shardOf("b"), "b", utf8("2!")); // altered: "2" counts as lost
        v.received(shardOf("same"), "same", utf8("x"));
        v.received(shardOf("same"), "same", utf8("x"));
        v.received(shardOf("c").equals("s0") ? "s1" : "s0", "c", utf8("3")); // wrong shard
        assertThat(v.passed()).isFalse();
        assertThat(v.lost()).isEqualTo(1);
        assertThat(v.duplicated()).isEqualTo(1);
        assertThat(v.unexpected()).isEqualTo(1);
        assertThat(v.wrongShard()).isEqualTo(1);
        assertThat(v.line()).isEqualTo("verified 4/5 records, 1 lost, 1 duplicated, 1 unexpected or altered, "
                + "1 on the wrong shard");
    }

    @Test
    void sampleOrdersAreDeterministicJsonWithACustomerKey() {
        List<byte[]> a = SampleOrders.generate(500);
        List<byte[]> b = SampleOrders.generate(500);
        assertThat(a).hasSize(500);
        PartitionKeys keys = PartitionKeys.parse(SampleOrders.PARTITION_KEY);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i)).isEqualTo(b.get(i));
            assertThat(keys.keyFor(a.get(i))).matches("cust-\\d{4}");
            assertThat(JsonField.find(new String(a.get(i), StandardCharsets.UTF_8), "orderId"))
                    .isEqualTo(String.format("ord-%06d", i + 1));
        }
        assertThat(new String(a.get(0), StandardCharsets.UTF_8)).startsWith("{\"orderId\":\"ord-000001\"")
                .contains("\"currency\":\"EUR\"").doesNotContain("\n");
    }
}
