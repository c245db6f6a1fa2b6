package io.github.kinesisproducer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.internal.shards.HashKey;
import io.github.kinesisproducer.internal.shards.ShardInfo;
import io.github.kinesisproducer.internal.shards.ShardMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Rate limits, throttling reaction and strict ordering, stepped with a manual clock. */
class DeliveryTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Keys whose MD5 lands on shard 0 / 1 of a 2-shard stream. */
    private static List<String> keysOnShard(int shard, int count) {
        ShardMap map = ShardMap.of(List.of(
                ShardInfo.open("s0", HashKey.MIN, HashKey.of(java.math.BigInteger.ONE.shiftLeft(127).subtract(java.math.BigInteger.ONE))),
                ShardInfo.open("s1", HashKey.of(java.math.BigInteger.ONE.shiftLeft(127)), HashKey.MAX)));
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            String k = "key-" + i;
            if (map.shardFor(HashKey.ofPartitionKey(k)).shardId().equals("s" + shard)) {
                keys.add(k);
            }
        }
        return keys;
    }

    @Test
    void perShardRateLimit_capsRecordsPerSecondPerShard() {
        EngineHarness h = new EngineHarness(2, b -> b.aggregation(Aggregation.NONE).rateLimitPercent(100)
                .maxBufferedRecords(100_000));
        h.step();
        List<String> hot = keysOnShard(0, 4000);
        for (String k : hot) {
            h.send(k, bytes("v"));
        }
        h.flush();
        h.runFor(Duration.ofMillis(1500));
        long stored = h.kinesis.stored().size();
        // 1,000 records/s at 100 %: the bucket starts full (1,000 records) and refills 1,500 in 1.5 s.
        assertThat(stored).isBetween(2400L, 2600L);
        // While held back, calls are built at most every 100 ms, so each carries what the tokens allow by then.
        assertThat(h.kinesis.requests().size()).as("PutRecords calls").isLessThanOrEqualTo(2 + 15 + 2);
        h.runFor(Duration.ofSeconds(3));
        assertThat(h.kinesis.stored()).hasSize(4000);
    }

    @Test
    void aThrottledHotShardSlowsDownAloneWhileTheOtherShardFlows() {
        EngineHarness h = new EngineHarness(2, b -> b.aggregation(Aggregation.NONE).maxConcurrency(2));
        h.step();
        List<String> hot = keysOnShard(0, 200);
        List<String> cold = keysOnShard(1, 200);
        // Shard 0 throttles everything for the first 2 seconds.
        long throttleUntil = h.clock.nanoTime() + Duration.ofSeconds(2).toNanos();
        h.kinesis.recordErrors((e, seen) -> hot.contains(e.partitionKey()) && h.clock.nanoTime() < throttleUntil
                ? "ProvisionedThroughputExceededException" : null);
        List<CompletableFuture<RecordResult>> coldFutures = new ArrayList<>();
        List<CompletableFuture<RecordResult>> hotFutures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            hotFutures.add(h.send(hot.get(i), bytes("h" + i)));
            coldFutures.add(h.send(cold.get(i), bytes("c" + i)));
        }
        h.flush();
        h.runFor(Duration.ofMillis(500));
        assertThat(coldFutures).as("the cold shard is not held up").allMatch(CompletableFuture::isDone);
        assertThat(hotFutures).anyMatch(f -> !f.isDone());
        assertThat(h.stats.throttles.sum()).isPositive();
        h.runFor(Duration.ofSeconds(20));
        assertThat(hotFutures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(h.kinesis.stored()).hasSize(400);
    }

    @Test
    void strictOrdering_perKeyOrderSurvivesThrottlingRetries() {
        EngineHarness h = new EngineHarness(2, b -> b.aggregation(Aggregation.NONE).strictOrdering(true)
                .maxConcurrency(4));
        h.step();
        // Throttle every third record the first time it is seen: a retry must hold back its shard's later records.
        h.kinesis.recordErrors((e, seen) -> seen == 0 && new String(e.data(), java.nio.charset.StandardCharsets.UTF_8).hashCode() % 3 == 0
                ? "ProvisionedThroughputExceededException" : null);
        String[] keys = {"alpha", "beta", "gamma", "delta"};
        for (int i = 0; i < 60; i++) {
            for (String k : keys) {
                h.send(k, bytes(k + "-" + i));
            }
        }
        h.flush();
        h.runFor(Duration.ofSeconds(60));
        assertThat(h.kinesis.stored()).hasSize(240);
        Map<String, Integer> next = new HashMap<>();
        for (FakeKinesis.Stored s : h.kinesis.stored()) {
            String body = new String(s.data(), StandardCharsets.UTF_8);
            int n = Integer.parseInt(body.substring(body.indexOf('-') + 1));
            assertThat(n).as("order of " + s.partitionKey()).isEqualTo(next.getOrDefault(s.partitionKey(), 0));
            next.put(s.partitionKey(), n + 1);
        }
    }

    @Test
    void retriesGoAheadOfABacklogHeldAtTheRateLimit_soTheyDoNotRunOutOfTimeBehindIt() {
        // 6,000 records for one shard at 1,000 records/s: a 6-second backlog. Ten records of the first call fail once.
        EngineHarness h = new EngineHarness(2, b -> b.aggregation(Aggregation.NONE).rateLimitPercent(100)
                .maxBufferedRecords(100_000).recordTtl(Duration.ofSeconds(4)));
        h.step();
        List<String> keys = keysOnShard(0, 6000);
        h.kinesis.recordErrors((e, seen) -> seen == 0 && new String(e.data(), java.nio.charset.StandardCharsets.UTF_8).matches("v[0-9]")
                ? "InternalFailure" : null);
        List<CompletableFuture<RecordResult>> failedOnce = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            CompletableFuture<RecordResult> f = h.send(keys.get(i), bytes("v" + i));
            if (i < 10) {
                failedOnce.add(f);
            }
        }
        h.flush();
        h.runFor(Duration.ofSeconds(10));
        // At the tail they would have waited ~6 s for their second attempt and expired (TTL 4 s); at the head they
        // go out with the next tokens, among the first ~1,200 records stored.
        assertThat(failedOnce).allSatisfy(f -> assertThat(f).isCompletedWithValueMatching(r -> r.attempts().size() == 2));
        List<String> order = h.kinesis.stored().stream().map(s -> new String(s.data(), StandardCharsets.UTF_8)).toList();
        for (int i = 0; i < 10; i++) {
            assertThat(order.indexOf("v" + i)).as("position of retried record v%d", i).isBetween(0, 1500);
        }
    }

    @Test
    void withoutStrictOrdering_retriesMayReorder_butNothingIsLostOrDuplicated() {
        EngineHarness h = new EngineHarness(2, b -> b.aggregation(Aggregation.NONE));
        h.step();
        h.kinesis.recordErrors((e, seen) -> seen == 0 && new String(e.data(), java.nio.charset.StandardCharsets.UTF_8).endsWith("0")
                ? "InternalFailure" : null);
        for (int i = 0; i < 100; i++) {
            h.send("k", bytes("v" + i));
        }
        h.flush();
        h.runFor(Duration.ofSeconds(10));
        assertThat(h.kinesis.stored()).extracting(s -> new String(s.data(), StandardCharsets.UTF_8))
                .hasSize(100).doesNotHaveDuplicates();
    }

    @Test
    void backoffStaysWithinItsBounds() {
        io.github.kinesisproducer.ProducerConfig c = io.github.kinesisproducer.ProducerConfig.builder("s").build();
        for (double r : new double[] {0.0, 0.25, 0.999}) {
            RetryPolicy p = new RetryPolicy(c, () -> r);
            for (int attempt = 1; attempt < 40; attempt++) {
                long full = Math.min(Duration.ofSeconds(10).toNanos(), Duration.ofMillis(100).toNanos() << Math.min(attempt - 1, 30));
                long d = p.backoffNanos(attempt, false);
                assertThat(d).isBetween(full / 2, full);
                long t = p.backoffNanos(attempt, true);
                assertThat(t).isBetween(0L, Duration.ofSeconds(10).toNanos()).isGreaterThanOrEqualTo(d);
            }
        }
    }
}
