package io.github.kinesisproducer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.internal.aggregation.KplDecoder;
import io.github.kinesisproducer.internal.protocol.PutRecordsRequest;
import io.github.kinesisproducer.internal.shards.HashKey;
import io.github.kinesisproducer.internal.shards.ShardMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

class EngineTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void delimited_joinsRecordsWithTheDelimiterAndSealsBeforeTheSizeLimitIsExceeded() {
        EngineHarness h = new EngineHarness(1, b -> b.aggregation(Aggregation.DELIMITED).recordDelimiter("\n")
                .aggregationMaxSize(100));
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            fs.add(h.send(null, bytes("record-" + i + "-".repeat(12)))); // 20 bytes + 1 delimiter = 21
        }
        h.flush();
        h.runFor(Duration.ofSeconds(1));

        assertThat(fs).allMatch(CompletableFuture::isDone).noneMatch(CompletableFuture::isCompletedExceptionally);
        List<FakeKinesis.Stored> stored = h.kinesis.stored();
        // 4 records (84 bytes) fit under 100; the 5th would make 105.
        assertThat(stored).extracting(s -> s.data().length).containsExactly(84, 84, 42);
        assertThat(new String(stored.get(0).data(), StandardCharsets.UTF_8))
                .isEqualTo("record-0------------\nrecord-1------------\nrecord-2------------\nrecord-3------------\n");
        assertThat(stored).allSatisfy(s -> assertThat(s.partitionKey()).matches("\\d{1,12}"));
    }

    @Test
    void delimited_timeLimitCountsFromTheFirstRecordSoASteadyTrickleStillFlushes() {
        EngineHarness h = new EngineHarness(1, b -> b.aggregation(Aggregation.DELIMITED)
                .maxBufferedTime(Duration.ofMillis(200)));
        for (int i = 0; i < 10; i++) { // one record every 100 ms: the seed would never time-flush this
            h.send(null, bytes("r" + i));
            h.step();
            h.clock.advanceMillis(100);
            h.step();
        }
        h.step();
        List<FakeKinesis.Stored> stored = h.kinesis.stored();
        assertThat(stored).hasSizeGreaterThanOrEqualTo(4);
        assertThat(new String(stored.get(0).data(), StandardCharsets.UTF_8)).isEqualTo("r0\nr1\n"); // sealed at t=200 ms, 200 ms after r0
    }

    @Test
    void delimited_partitionKeyCountsTowardTheRecordSizeLimit() {
        EngineHarness h = new EngineHarness(1, b -> b.aggregation(Aggregation.DELIMITED)
                .aggregationMaxSize(1024 * 1024));
        int max = 1024 * 1024;
        // Two records of half the limit: together with their delimiters and the key they must not share a record.
        h.send("k", new byte[max / 2 - 1]);
        h.send("k", new byte[max / 2 - 1]);
        h.flush();
        h.runFor(Duration.ofSeconds(1));
        assertThat(h.kinesis.stored()).hasSize(2)
                .allSatisfy(s -> assertThat(s.data().length + s.partitionKey().length()).isLessThanOrEqualTo(max));
    }

    @Test
    void none_sendsEachUserRecordAsItsOwnKinesisRecord() {
        EngineHarness h = new EngineHarness(2, b -> b.aggregation(Aggregation.NONE));
        for (int i = 0; i < 7; i++) {
            h.send("key-" + i, bytes("v" + i));
        }
        h.flush();
        h.runFor(Duration.ofSeconds(1));
        assertThat(h.kinesis.stored()).extracting(FakeKinesis.Stored::partitionKey)
                .containsExactlyInAnyOrder("key-0", "key-1", "key-2", "key-3", "key-4", "key-5", "key-6");
        assertThat(h.kinesis.requests()).hasSize(1);
    }

    @Test
    void batching_atMost500RecordsPerPutRecordsCall() {
        EngineHarness h = new EngineHarness(4, b -> b.aggregation(Aggregation.NONE).maxConcurrency(1));
        for (int i = 0; i < 1200; i++) {
            h.send("k" + i, bytes("v"));
        }
        h.runFor(Duration.ofSeconds(1));
        assertThat(h.kinesis.requests()).extracting(r -> r.records().size()).containsExactly(500, 500, 200);
        assertThat(h.kinesis.stored()).hasSize(1200);
    }

    @Test
    void batching_respectsTheRequestByteLimit() {
        EngineHarness h = new EngineHarness(4, b -> b.aggregation(Aggregation.NONE).maxRequestBytes(1024 * 1024)
                .maxConcurrency(1));
        for (int i = 0; i < 10; i++) {
            h.send("k" + i, new byte[300 * 1024]);
        }
        h.runFor(Duration.ofSeconds(1));
        for (PutRecordsRequest r : h.kinesis.requests()) {
            long total = r.records().stream().mapToLong(e -> e.data().length + e.partitionKey().length()).sum();
            assertThat(total).isLessThanOrEqualTo(1024 * 1024);
        }
        assertThat(h.kinesis.stored()).hasSize(10);
    }

    @Test
    void concurrency_neverMoreCallsInFlightThanConfigured() {
        EngineHarness h = new EngineHarness(4, b -> b.aggregation(Aggregation.NONE).maxConcurrency(3));
        h.kinesis.hold(true);
        for (int i = 0; i < 5000; i++) {
            h.send("k" + i, bytes("v"));
        }
        for (int i = 0; i < 20; i++) {
            h.step();
            h.clock.advanceMillis(50);
            h.kinesis.release();
        }
        h.kinesis.hold(false);
        h.kinesis.release();
        h.runFor(Duration.ofSeconds(2));
        assertThat(h.kinesis.maxInFlight()).isEqualTo(3);
        assertThat(h.kinesis.stored()).hasSize(5000);
    }

    @Test
    void retries_onlyTheRecordsThatFailedInsideTheResponse() {
        EngineHarness h = new EngineHarness(1, b -> b.aggregation(Aggregation.NONE));
        h.kinesis.recordErrors((e, seen) -> e.partitionKey().endsWith("3") && seen < 2
                ? "ProvisionedThroughputExceededException" : null);
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fs.add(h.send("k" + i, bytes("v" + i)));
        }
        h.flush();
        h.runFor(Duration.ofSeconds(10));

        assertThat(fs).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        List<String> keys = h.kinesis.stored().stream().map(FakeKinesis.Stored::partitionKey).toList();
        assertThat(keys).hasSize(20).doesNotHaveDuplicates();
        assertThat(fs.get(3).join().attempts()).hasSize(3);
        assertThat(fs.get(3).join().attempts().get(0).errorCode()).isEqualTo("ProvisionedThroughputExceededException");
        assertThat(fs.get(4).join().attempts()).hasSize(1);
        // Retried requests carry only k3 and k13.
        assertThat(h.kinesis.requests().subList(1, h.kinesis.requests().size()))
                .allSatisfy(r -> assertThat(r.records()).extracting(e -> e.partitionKey()).containsOnly("k3", "k13"));
    }

    /** One record whose every attempt Kinesis answers with InternalFailure, until its attempts run out. */
    private static RecordFailedException refusedEveryTime(int maxAttempts) {
        EngineHarness h = new EngineHarness(1, b -> b.aggregation(Aggregation.NONE).maxAttempts(maxAttempts));
        h.kinesis.recordErrors((e, seen) -> "InternalFailure");
        CompletableFuture<RecordResult> f = h.send("k", bytes("v"));
        h.flush();
        h.runFor(Duration.ofSeconds(20));
        return (RecordFailedException) failure(f);
    }

    @Test
    void retries_giveUpAfterMaxAttemptsWithEveryAttemptInTheException() {
        RecordFailedException e = refusedEveryTime(4);
        assertThat(e.attempts()).hasSize(4).allSatisfy(a -> assertThat(a.errorCode()).isEqualTo("InternalFailure"));
        assertThat(e.isRetriable()).isTrue();
        assertThat(e.getMessage()).contains("gave up after 4 attempts", "InternalFailure");
    }

    @Test
    void retries_backOffExponentiallyFromTheSeedsBase() {
        EngineHarness h = new EngineHarness(1, b -> b.aggregation(Aggregation.NONE).maxAttempts(5));
        h.random = 1.0; // the top of the jitter range: the full 0.1 s * 2^n
        h.kinesis.recordErrors((e, seen) -> "InternalFailure");
        CompletableFuture<RecordResult> f = h.send("k", bytes("v"));
        h.flush();
        h.runFor(Duration.ofSeconds(20));
        List<io.github.kinesisproducer.Attempt> attempts = ((RecordFailedException) failure(f)).attempts();
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < attempts.size(); i++) {
            gaps.add(Duration.between(attempts.get(i - 1).start(), attempts.get(i).start()).toMillis());
        }
        assertThat(gaps).containsExactly(100L, 200L, 400L, 800L);
    }

    @Test
    void nonRetriableErrorsFailAtOnceWithAClearMessage() {
        EngineHarness h = new EngineHarness(1, b -> b.aggregation(Aggregation.NONE));
        h.kinesis.failNextRequests(ResourceNotFoundException.builder().message("Stream test-stream not found")
                .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                        .errorCode("ResourceNotFoundException").errorMessage("Stream test-stream not found").build())
                .statusCode(400).build());
        CompletableFuture<RecordResult> f = h.send("k", bytes("v"));
        h.flush();
        h.runFor(Duration.ofSeconds(1));
        RecordFailedException e = (RecordFailedException) failure(f);
        assertThat(e.errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(e.attempts()).hasSize(1);
        assertThat(e.isRetriable()).isFalse();
        assertThat(e.getMessage()).contains("stream 'test-stream'", "does not exist");
        assertThat(h.kinesis.requests()).hasSize(1);
    }

    @Test
    void connectionErrorsAreRetried() {
        EngineHarness h = new EngineHarness(1, b -> b.aggregation(Aggregation.NONE));
        h.kinesis.failNextRequests(SdkClientException.create("Connection refused"),
                SdkClientException.create("Connection refused"));
        CompletableFuture<RecordResult> f = h.send("k", bytes("v"));
        h.flush();
        h.runFor(Duration.ofSeconds(5));
        assertThat(f.join().attempts()).extracting(a -> a.errorCode())
                .containsExactly("SdkClientException", "SdkClientException", null);
    }

    @Test
    void aFailureAfterARequestGotNoAnswerSaysTheRecordMayHaveBeenStored() {
        EngineHarness h = new EngineHarness(1, b -> b.aggregation(Aggregation.NONE).maxAttempts(2));
        h.kinesis.failNextRequests(
                SdkClientException.create("Connection refused", new java.net.ConnectException("Connection refused")),
                software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException.create(2000));
        CompletableFuture<RecordResult> f = h.send("k", bytes("v"));
        h.flush();
        h.runFor(Duration.ofSeconds(5));
        RecordFailedException e = (RecordFailedException) failure(f);
        assertThat(e.attempts()).extracting(io.github.kinesisproducer.Attempt::outcomeUnknown).containsExactly(false, true);
        assertThat(e.mayHaveBeenStored()).isTrue();
        assertThat(e.getMessage()).contains("may have been stored; resending may duplicate it");
        assertThat(h.stats.unknownOutcomes.sum()).as("counted in metrics").isEqualTo(1);

        RecordFailedException refused = refusedEveryTime(1); // Kinesis answered: not stored
        assertThat(refused.mayHaveBeenStored()).isFalse();
        assertThat(refused.getMessage()).doesNotContain("may have been stored");
    }

    @Test
    void aServiceErrorOf5xxMayHaveStoredTheRecord_a4xxDidNot() {
        EngineHarness h = new EngineHarness(1, b -> b.aggregation(Aggregation.NONE).maxAttempts(3));
        h.kinesis.failNextRequests(serviceError(500, "InternalFailure"), serviceError(400, "ThrottlingException"),
                serviceError(503, "ServiceUnavailable"));
        CompletableFuture<RecordResult> f = h.send("k", bytes("v"));
        h.flush();
        h.runFor(Duration.ofSeconds(10));
        RecordFailedException e = (RecordFailedException) failure(f);
        assertThat(e.attempts()).extracting(io.github.kinesisproducer.Attempt::outcomeUnknown)
                .containsExactly(true, false, true);
        assertThat(h.stats.unknownOutcomes.sum()).isEqualTo(2);
        assertThat(h.metrics().unknownOutcomes()).isEqualTo(2);
    }

    private static software.amazon.awssdk.awscore.exception.AwsServiceException serviceError(int status, String code) {
        return software.amazon.awssdk.awscore.exception.AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder().errorCode(code)
                        .errorMessage(code).build()).build();
    }

    @Test
    void recordsExpireWhenTheirTimeToLiveRunsOut() {
        EngineHarness h = new EngineHarness(1, b -> b.aggregation(Aggregation.NONE).recordTtl(Duration.ofSeconds(2))
                .maxAttempts(1000));
        h.kinesis.recordErrors((e, seen) -> "InternalFailure");
        CompletableFuture<RecordResult> f = h.send("k", bytes("v"));
        h.flush();
        h.runFor(Duration.ofSeconds(10));
        RecordFailedException e = (RecordFailedException) failure(f);
        assertThat(e.errorCode()).isEqualTo("Expired");
        assertThat(e.getMessage()).contains("record_ttl of 2000 ms");
        assertThat(e.attempts().size()).isBetween(3, 8);
    }

    @Test
    void flush_completesOnlyAfterEveryEarlierRecord() {
        EngineHarness h = new EngineHarness(1, b -> b.aggregation(Aggregation.KPL).maxBufferedTime(Duration.ofHours(1)));
        h.step(); // shard map
        h.kinesis.hold(true);
        CompletableFuture<RecordResult> a = h.send("a", bytes("1"));
        CompletableFuture<Void> flushed = h.flush();
        h.step();
        assertThat(flushed).isNotDone();
        h.kinesis.release();
        h.step();
        assertThat(a).isCompleted();
        assertThat(flushed).isCompleted();
    }

    @Test
    void kpl_aggregatesOnlyRecordsPredictedForTheSameShard() {
        EngineHarness h = new EngineHarness(4, b -> b.aggregation(Aggregation.KPL));
        h.step(); // loads the shard map
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            fs.add(h.send("key-" + i, bytes("value-" + i)));
        }
        h.flush();
        h.runFor(Duration.ofSeconds(1));
        assertThat(fs).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        ShardMap map = ShardMap.of(List.of()); // unused; the fake knows the ranges
        Set<String> seen = new HashSet<>();
        int aggregates = 0;
        for (FakeKinesis.Stored s : h.kinesis.stored()) {
            List<KplDecoder.SubRecord> subs = KplDecoder.decode(s.data());
            assertThat(subs).as("aggregated").isNotNull();
            aggregates++;
            assertThat(s.partitionKey()).isEqualTo("a");
            for (KplDecoder.SubRecord sub : subs) {
                HashKey k = HashKey.ofPartitionKey(sub.partitionKey());
                String shard = fs.get(Integer.parseInt(sub.partitionKey().substring(4))).join().shardId();
                assertThat(shard).isEqualTo(s.shardId());
                assertThat(k).isNotNull();
                assertThat(seen.add(sub.partitionKey())).isTrue();
            }
        }
        assertThat(seen).hasSize(2000);
        assertThat(aggregates).isLessThan(40);
        assertThat(map.isEmpty()).isTrue();
    }

    @Test
    void recordsWaitForTheFirstShardMap_atStartUpToOneSecond_laterOnlyTheirBufferTime() {
        EngineHarness h = new EngineHarness(4, b -> b.aggregation(Aggregation.KPL).maxBufferedTime(Duration.ofMillis(100)));
        h.kinesis.hangListShards(); // the first map never arrives in this test
        h.send("a", bytes("1"));
        h.step();
        h.clock.advanceMillis(999);
        h.step();
        assertThat(h.kinesis.requests()).as("start-up grace: waits for the map").isEmpty();
        h.clock.advanceMillis(1);
        h.step();
        assertThat(h.kinesis.requests()).hasSize(1);
        h.send("b", bytes("2"));
        h.clock.advanceMillis(99);
        h.step();
        assertThat(h.kinesis.requests()).hasSize(1);
        h.clock.advanceMillis(1);
        h.step();
        assertThat(h.kinesis.requests()).as("after start-up: only the buffer time").hasSize(2);
    }

    @Test
    void aFlushEndsTheWaitForTheFirstShardMapOnlyAfterTheStartUpSecond() {
        EngineHarness h = new EngineHarness(4, b -> b.aggregation(Aggregation.KPL));
        h.kinesis.hangListShards();
        h.send("a", bytes("1"));
        CompletableFuture<Void> flushed = h.flush();
        h.step();
        h.clock.advanceMillis(999);
        h.step();
        assertThat(h.kinesis.requests()).as("send a batch, then flush/close right after build(): still waits").isEmpty();
        h.clock.advanceMillis(1);
        h.step();
        assertThat(h.kinesis.requests()).hasSize(1);
        h.runFor(Duration.ofSeconds(1));
        assertThat(flushed).isCompleted();
        // Later, with the map still missing, a flush sends at once.
        h.send("b", bytes("2"));
        h.flush();
        h.step();
        assertThat(h.kinesis.requests()).hasSize(2);
    }

    @Test
    void aBatchSentThenFlushedRightAfterStartIsAggregatedPerShard() {
        EngineHarness h = new EngineHarness(4, b -> b.aggregation(Aggregation.KPL));
        h.kinesis.hangListShards(); // answered 300 ms later, like a cold JVM's first call
        for (int i = 0; i < 2000; i++) {
            h.send("key-" + i, bytes("v" + i));
        }
        h.flush();
        h.step();
        h.clock.advanceMillis(300);
        h.kinesis.answerListShards();
        h.runFor(Duration.ofSeconds(3));
        assertThat(h.kinesis.stored()).as("one aggregate per shard, not one per key").hasSize(4);
    }

    @Test
    void kpl_withoutAShardMapAggregatesOnlyIdenticalPartitionKeys() {
        EngineHarness h = new EngineHarness(4, b -> b.aggregation(Aggregation.KPL));
        h.kinesis.failListShards(SdkClientException.create("ListShards denied"));
        for (int i = 0; i < 300; i++) {
            h.send("key-" + (i % 3), bytes("value-" + i));
        }
        h.flush();
        h.runFor(Duration.ofSeconds(1));
        assertThat(h.kinesis.stored()).hasSize(3).allSatisfy(s -> {
            List<KplDecoder.SubRecord> subs = KplDecoder.decode(s.data());
            assertThat(subs).hasSize(100).allSatisfy(sub -> assertThat(sub.partitionKey()).isEqualTo(s.partitionKey()));
        });
    }

    @Test
    void aListShardsThatThrowsIsRetriedLikeAFailedOneAndRecordsStillGoOut() {
        EngineHarness h = new EngineHarness(2, b -> b.aggregation(Aggregation.KPL));
        h.kinesis.throwFromListShards(SdkClientException.create("Unable to load credentials"));
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fs.add(h.send("key-" + (i % 2), bytes("value-" + i)));
        }
        h.flush();
        h.runFor(Duration.ofSeconds(2));
        assertThat(fs).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(h.kinesis.stored()).hasSize(2);

        h.kinesis.throwFromListShards(null);
        h.runFor(Duration.ofSeconds(5)); // the next attempt after the backoff loads the map
        fs.clear();
        for (int i = 0; i < 20; i++) {
            fs.add(h.send("key-" + i, bytes("value-" + i)));
        }
        h.flush();
        h.runFor(Duration.ofSeconds(1));
        assertThat(fs).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(h.kinesis.stored()).hasSize(4); // now one aggregate per shard
    }

    @Test
    void kpl_aggregateThatLandsOutsideItsRangeAfterASplitIsResent() {
        EngineHarness h = new EngineHarness(1, b -> b.aggregation(Aggregation.KPL));
        h.step(); // map: one shard covering everything
        h.kinesis.split("shardId-000000000000"); // Kinesis reshards; our map is stale
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fs.add(h.send("key-" + i, bytes("value-" + i)));
        }
        h.flush();
        h.runFor(Duration.ofSeconds(5));
        assertThat(fs).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        // Every user record's final shard contains its hash key, so the KCL would deliver it.
        for (int i = 0; i < 200; i++) {
            RecordResult r = fs.get(i).join();
            assertThat(r.shardId()).startsWith("shardId-000000000000-");
        }
        List<FakeKinesis.Stored> last = h.kinesis.stored().subList(1, h.kinesis.stored().size());
        for (FakeKinesis.Stored s : last) {
            List<KplDecoder.SubRecord> subs = KplDecoder.decode(s.data());
            List<KplDecoder.SubRecord> all = subs == null ? List.of() : subs;
            for (KplDecoder.SubRecord sub : all) {
                HashKey k = HashKey.ofPartitionKey(sub.partitionKey());
                boolean low = k.hi() >= 0; // the first child covers the lower half of the key space
                assertThat(s.shardId()).endsWith(low ? "-a" : "-b");
            }
        }
    }
}
