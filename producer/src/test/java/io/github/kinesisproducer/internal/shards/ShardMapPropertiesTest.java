package io.github.kinesisproducer.internal.shards;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.internal.aggregation.KplAggregateReference;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class ShardMapPropertiesTest {

    private static final BigInteger MAX = HashKey.MAX.toBigInteger();

    @Provide
    Arbitrary<HashKey> keys() {
        // Mix uniform keys with small and huge ones so splits also cluster near the ends of the range.
        return Arbitraries.oneOf(KplAggregateReference.hashKeys(),
                Arbitraries.longs().between(0, 1000).map(l -> new HashKey(0, l)),
                Arbitraries.longs().between(0, 1000).map(l -> new HashKey(-1, -1 - l)));
    }

    /** Splits 0…2^128−1 at the given points into contiguous open shards, in id order. */
    static List<ShardInfo> contiguous(List<HashKey> splitPoints) {
        TreeSet<HashKey> starts = new TreeSet<>(splitPoints);
        starts.remove(HashKey.MIN);
        List<ShardInfo> shards = new ArrayList<>();
        HashKey start = HashKey.MIN;
        int id = 0;
        for (HashKey next : starts) {
            shards.add(ShardInfo.open("shardId-" + id++, start, HashKey.of(next.toBigInteger().subtract(BigInteger.ONE))));
            start = next;
        }
        shards.add(ShardInfo.open("shardId-" + id, start, HashKey.MAX));
        return shards;
    }

    /** The reference: open shards in starting-key order, first one whose range contains k (BigInteger math). */
    static ShardInfo linearScan(List<ShardInfo> shards, HashKey k) {
        List<ShardInfo> open = new ArrayList<>();
        for (ShardInfo s : shards) {
            if (s.open()) {
                open.add(s);
            }
        }
        open.sort(Comparator.comparing((ShardInfo s) -> s.startingHashKey().toBigInteger())
                .thenComparing(s -> s.endingHashKey().toBigInteger()));
        BigInteger v = k.toBigInteger();
        for (ShardInfo s : open) {
            if (s.startingHashKey().toBigInteger().compareTo(v) <= 0 && v.compareTo(s.endingHashKey().toBigInteger()) <= 0) {
                return s;
            }
        }
        return null;
    }

    /** Every shard's ends and their neighbours: where an off-by-one would show. */
    static List<HashKey> boundaryKeys(List<ShardInfo> shards) {
        List<HashKey> keys = new ArrayList<>(List.of(HashKey.MIN, HashKey.MAX));
        for (ShardInfo s : shards) {
            for (HashKey b : List.of(s.startingHashKey(), s.endingHashKey())) {
                BigInteger v = b.toBigInteger();
                keys.add(b);
                if (v.signum() > 0) {
                    keys.add(HashKey.of(v.subtract(BigInteger.ONE)));
                }
                if (v.compareTo(MAX) < 0) {
                    keys.add(HashKey.of(v.add(BigInteger.ONE)));
                }
            }
        }
        return keys;
    }

    @Property(tries = 300)
    void lookupEqualsLinearScanOnContiguousMaps(
            @ForAll @Size(max = 49) List<@net.jqwik.api.From("keys") HashKey> splits,
            @ForAll @Size(max = 10) List<@net.jqwik.api.From("keys") HashKey> closedEnds,
            @ForAll @Size(max = 40) List<@net.jqwik.api.From("keys") HashKey> probes,
            @ForAll long seed) {
        List<ShardInfo> open = contiguous(splits);
        List<ShardInfo> all = new ArrayList<>(open);
        // Closed shards (old parents) overlap the open ones; lookups must ignore them.
        for (int i = 0; i + 1 < closedEnds.size(); i += 2) {
            HashKey a = closedEnds.get(i);
            HashKey b = closedEnds.get(i + 1);
            HashKey lo = a.compareTo(b) <= 0 ? a : b;
            HashKey hi = a.compareTo(b) <= 0 ? b : a;
            all.add(new ShardInfo("closed-" + i, lo, hi, null, null, false));
        }
        Collections.shuffle(all, new Random(seed));
        ShardMap m = ShardMap.of(all);

        assertThat(m.openShardCount()).isEqualTo(open.size());
        assertThat(m.coversAllHashKeys()).isTrue();
        assertThat(m.openShards()).containsExactlyElementsOf(open);
        List<HashKey> keys = new ArrayList<>(probes);
        keys.addAll(boundaryKeys(all));
        for (HashKey k : keys) {
            ShardInfo expected = linearScan(all, k);
            assertThat(expected).isNotNull(); // contiguous: every key has a shard
            assertThat(m.shardFor(k)).isSameAs(expected);
        }
        for (ShardInfo s : all) {
            assertThat(m.byId(s.shardId())).isSameAs(s);
        }
    }

    @Property(tries = 300)
    void lookupEqualsLinearScanWithGaps(
            @ForAll @Size(min = 1, max = 49) List<@net.jqwik.api.From("keys") HashKey> splits,
            @ForAll @Size(min = 1, max = 10) List<Integer> dropIndexes,
            @ForAll @Size(max = 40) List<@net.jqwik.api.From("keys") HashKey> probes) {
        List<ShardInfo> shards = new ArrayList<>(contiguous(splits));
        for (int d : dropIndexes) {
            if (shards.size() > 1) {
                shards.remove(Math.floorMod(d, shards.size()));
            }
        }
        ShardMap m = ShardMap.of(shards);
        List<HashKey> keys = new ArrayList<>(probes);
        keys.addAll(boundaryKeys(contiguous(splits)));
        for (HashKey k : keys) {
            assertThat(m.shardFor(k)).isSameAs(linearScan(shards, k));
        }
    }

    @Property(tries = 200)
    void lookupEqualsLinearScanOnArbitraryRanges(
            @ForAll @Size(min = 1, max = 20) List<@net.jqwik.api.From("keys") HashKey> ends,
            @ForAll @Size(max = 30) List<@net.jqwik.api.From("keys") HashKey> probes) {
        // Random, possibly overlapping open ranges: the first containing shard by start must win.
        List<ShardInfo> shards = new ArrayList<>();
        for (int i = 0; i < ends.size(); i++) {
            HashKey a = ends.get(i);
            HashKey b = ends.get((i * 7 + 3) % ends.size());
            shards.add(ShardInfo.open("s" + i, a.compareTo(b) <= 0 ? a : b, a.compareTo(b) <= 0 ? b : a));
        }
        ShardMap m = ShardMap.of(shards);
        List<HashKey> keys = new ArrayList<>(probes);
        keys.addAll(boundaryKeys(shards));
        for (HashKey k : keys) {
            ShardInfo expected = linearScan(shards, k);
            ShardInfo actual = m.shardFor(k);
            if (expected == null) {
                assertThat(actual).isNull();
            } else {
                // Equal ranges under different ids are indistinguishable in order; compare the range.
                assertThat(actual).isNotNull();
                assertThat(actual.startingHashKey()).isEqualTo(expected.startingHashKey());
                assertThat(actual.endingHashKey()).isEqualTo(expected.endingHashKey());
            }
        }
    }
}
