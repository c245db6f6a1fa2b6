package io.github.kinesisproducer.internal.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardMapTest {

    private static HashKey k(String decimal) {
        return HashKey.parseDecimal(decimal);
    }

    private static HashKey k(BigInteger v) {
        return HashKey.of(v);
    }

    private static final BigInteger HALF = BigInteger.ONE.shiftLeft(127);

    /** Two open halves, a closed parent covering everything. */
    private static ShardMap twoHalves() {
        return ShardMap.of(List.of(
                new ShardInfo("shardId-000000000002", k(HALF), HashKey.MAX, "shardId-000000000000", null, true),
                new ShardInfo("shardId-000000000000", HashKey.MIN, HashKey.MAX, null, null, false),
                new ShardInfo("shardId-000000000001", HashKey.MIN, k(HALF.subtract(BigInteger.ONE)),
                        "shardId-000000000000", null, true)));
    }

    @Test
    void looksUpByHashKeyAtBoundaries() {
        ShardMap m = twoHalves();
        assertThat(m.openShardCount()).isEqualTo(2);
        assertThat(m.isEmpty()).isFalse();
        assertThat(m.coversAllHashKeys()).isTrue();
        assertThat(m.shardFor(HashKey.MIN).shardId()).isEqualTo("shardId-000000000001");
        assertThat(m.shardFor(k(HALF.subtract(BigInteger.ONE))).shardId()).isEqualTo("shardId-000000000001");
        assertThat(m.shardFor(k(HALF)).shardId()).isEqualTo("shardId-000000000002");
        assertThat(m.shardFor(HashKey.MAX).shardId()).isEqualTo("shardId-000000000002");
        assertThat(m.shardFor(HashKey.ofPartitionKey("a")).shardId()).isEqualTo("shardId-000000000001"); // 0x0c…
    }

    @Test
    void openShardsSortedByStartAndClosedOnesOnlyById() {
        ShardMap m = twoHalves();
        assertThat(m.openShards()).extracting(ShardInfo::shardId)
                .containsExactly("shardId-000000000001", "shardId-000000000002");
        assertThat(m.byId("shardId-000000000000").open()).isFalse();
        assertThat(m.byId("shardId-000000000002").parentShardId()).isEqualTo("shardId-000000000000");
        assertThat(m.byId("nope")).isNull();
        assertThat(m.allShards()).hasSize(3);
        assertThatThrownBy(() -> m.openShards().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void emptyMap() {
        for (ShardMap m : List.of(ShardMap.empty(), ShardMap.of(List.of()),
                ShardMap.of(List.of(new ShardInfo("s", HashKey.MIN, HashKey.MAX, null, null, false))))) {
            assertThat(m.isEmpty()).isTrue();
            assertThat(m.openShardCount()).isZero();
            assertThat(m.shardFor(HashKey.MIN)).isNull();
            assertThat(m.shardFor(HashKey.MAX)).isNull();
            assertThat(m.openShards()).isEmpty();
            assertThat(m.coversAllHashKeys()).isFalse();
        }
        assertThat(ShardMap.empty().byId("s")).isNull();
    }

    @Test
    void gapsGiveNull() {
        ShardMap m = ShardMap.of(List.of(
                ShardInfo.open("a", k("0"), k("99")),
                ShardInfo.open("b", k("200"), k("299"))));
        assertThat(m.shardFor(k("99")).shardId()).isEqualTo("a");
        assertThat(m.shardFor(k("100"))).isNull();
        assertThat(m.shardFor(k("199"))).isNull();
        assertThat(m.shardFor(k("200")).shardId()).isEqualTo("b");
        assertThat(m.shardFor(k("300"))).isNull();
        assertThat(m.shardFor(HashKey.MAX)).isNull();
        assertThat(m.coversAllHashKeys()).isFalse();
    }

    @Test
    void singleShardCoversEverything() {
        ShardMap m = ShardMap.of(List.of(ShardInfo.open("only", HashKey.MIN, HashKey.MAX)));
        assertThat(m.coversAllHashKeys()).isTrue();
        assertThat(m.shardFor(HashKey.MIN).shardId()).isEqualTo("only");
        assertThat(m.shardFor(new HashKey(Long.MIN_VALUE, 0)).shardId()).isEqualTo("only");
        assertThat(m.shardFor(HashKey.MAX).shardId()).isEqualTo("only");
    }

    @Test
    void unsignedUpperHalfKeys() {
        // Keys with the top bit set are negative as signed longs: lookups must still compare unsigned.
        HashKey mid = new HashKey(Long.MIN_VALUE, 0);
        ShardMap m = ShardMap.of(List.of(
                ShardInfo.open("low", HashKey.MIN, new HashKey(Long.MAX_VALUE, -1)),
                ShardInfo.open("high", mid, HashKey.MAX)));
        assertThat(m.coversAllHashKeys()).isTrue();
        assertThat(m.shardFor(new HashKey(Long.MAX_VALUE, -1)).shardId()).isEqualTo("low");
        assertThat(m.shardFor(mid).shardId()).isEqualTo("high");
        assertThat(m.shardFor(new HashKey(-1, 5)).shardId()).isEqualTo("high");
    }

    @Test
    void duplicateIdsPreferTheClosedEntry() {
        ShardMap m = ShardMap.of(List.of(
                ShardInfo.open("s0", HashKey.MIN, HashKey.MAX),
                new ShardInfo("s0", HashKey.MIN, HashKey.MAX, null, null, false),
                ShardInfo.open("s0", HashKey.MIN, HashKey.MAX)));
        assertThat(m.byId("s0").open()).isFalse();
        assertThat(m.isEmpty()).isTrue();
    }

    @Test
    void overlappingOpenShardsFallBackToFirstContainingByStart() {
        // An inconsistent snapshot (paged during a split): parent still open, children open too.
        ShardMap m = ShardMap.of(List.of(
                ShardInfo.open("child-high", k("50"), k("100")),
                ShardInfo.open("parent", k("0"), k("100")),
                ShardInfo.open("child-low", k("0"), k("49"))));
        assertThat(m.coversAllHashKeys()).isFalse();
        assertThat(m.shardFor(k("10")).shardId()).isEqualTo("child-low"); // same start: shorter range sorts first
        assertThat(m.shardFor(k("60")).shardId()).isEqualTo("parent");
        assertThat(m.shardFor(k("101"))).isNull();
    }

    @Test
    void shardInfoValidatesAndContains() {
        assertThatThrownBy(() -> ShardInfo.open("bad", k("10"), k("9")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad");
        assertThatThrownBy(() -> ShardInfo.open(null, k("1"), k("9"))).isInstanceOf(NullPointerException.class);
        ShardInfo s = ShardInfo.open("s", k("10"), k("20"));
        assertThat(s.contains(k("9"))).isFalse();
        assertThat(s.contains(k("10"))).isTrue();
        assertThat(s.contains(k("20"))).isTrue();
        assertThat(s.contains(k("21"))).isFalse();
        assertThat(ShardInfo.open("one", k("7"), k("7")).contains(k("7"))).isTrue();
    }
}
