package io.github.kinesisproducer.bench.jmh;

import io.github.kinesisproducer.bench.BenchData;
import io.github.kinesisproducer.internal.shards.HashKey;
import io.github.kinesisproducer.internal.shards.ShardInfo;
import io.github.kinesisproducer.internal.shards.ShardMap;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** Partition key → hash key (MD5) → shard: ns per record, UUID keys, evenly split streams of 4 and 1000 shards. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ShardLookupBench {
    static final int N = 4096;

    @Param({"4", "1000"})
    public int shards;

    private String[] keys;
    private HashKey[] hashes;
    private ShardMap map;

    @Setup
    public void setup() {
        keys = BenchData.generate(N, 8, 11).keys;
        hashes = new HashKey[N];
        for (int i = 0; i < N; i++) {
            hashes[i] = HashKey.ofPartitionKey(keys[i]);
        }
        map = ShardMap.of(evenSplit(shards));
    }

    /** n open shards splitting 0..2^128-1 evenly, like AWS and the bench sink. */
    public static List<ShardInfo> evenSplit(int n) {
        BigInteger space = BigInteger.ONE.shiftLeft(128);
        BigInteger step = space.divide(BigInteger.valueOf(n));
        List<ShardInfo> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BigInteger start = step.multiply(BigInteger.valueOf(i));
            BigInteger end = i == n - 1 ? space.subtract(BigInteger.ONE) : start.add(step).subtract(BigInteger.ONE);
            list.add(ShardInfo.open(String.format("shardId-%012d", i), HashKey.of(start), HashKey.of(end)));
        }
        return list;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void hashKeyOfPartitionKey(Blackhole bh) {
        for (String k : keys) {
            bh.consume(HashKey.ofPartitionKey(k));
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void shardFor(Blackhole bh) {
        for (HashKey h : hashes) {
            bh.consume(map.shardFor(h));
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void hashAndShardFor(Blackhole bh) {
        for (String k : keys) {
            bh.consume(map.shardFor(HashKey.ofPartitionKey(k)));
        }
    }
}
