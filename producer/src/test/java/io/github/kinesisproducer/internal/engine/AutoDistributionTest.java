package io.github.kinesisproducer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.IncompatibleStreamException;
import io.github.kinesisproducer.RecordDistribution;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.internal.aggregation.KplDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/**
 * The engine on a stream that places records itself (RecordDistributionStrategy AUTO), with the fake Kinesis and the
 * manual clock: what it sends, and what a KCL reader and a reader that does not filter by range get back.
 */
class AutoDistributionTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KinesisException accessDenied() {
        return (KinesisException) KinesisException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("AccessDeniedException").errorMessage("not authorized: kinesis:DescribeStreamSummary")
                .build()).build();
    }

    /** Sends {@code n} records "p-i" with keys "key-i" and returns the payloads. */
    private static List<String> sendMany(EngineHarness h, int from, int n, List<CompletableFuture<RecordResult>> fs) {
        List<String> payloads = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            String p = "p-" + i;
            payloads.add(p);
            fs.add(h.send("key-" + i, bytes(p)));
        }
        return payloads;
    }

    private static void assertAllSucceeded(List<CompletableFuture<RecordResult>> fs) {
        assertThat(fs).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
    }

    @Test
    void anAutoStreamReadAtStartGetsOneRecordPerKinesisRecordNothingAggregatedNothingTwice() {
        EngineHarness h = new EngineHarness(8, b -> b.aggregation(Aggregation.KPL));
        h.kinesis.auto(true);
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        List<String> sent = sendMany(h, 0, 2000, fs);
        h.flush();
        h.runFor(Duration.ofSeconds(5));

        assertAllSucceeded(fs);
        assertThat(h.kinesis.stored()).hasSize(2000)
                .allSatisfy(s -> assertThat(KplDecoder.decode(s.data())).as("not an aggregate").isNull())
                .allSatisfy(s -> assertThat(s.explicitHashKey()).isNull());
        KclView view = new KclView(h.kinesis);
        assertThat(view.missingForKcl(sent)).isEmpty();
        assertThat(view.storedTwice()).isEmpty();
        assertThat(fs).noneMatch(f -> f.join().mayHaveBeenStoredTwice());
        assertThat(h.distributionEvents).containsExactly("AUTO from DescribeStreamSummary");
        assertThat(h.distributionDetails.get(0)).contains("KPL aggregation is off").contains("1 KB")
                .contains("aggregation=delimited");
        assertThat(h.metrics().recordDistribution()).isEqualTo(RecordDistribution.AUTO);
        assertThat(h.kinesis.describeCalls()).isEqualTo(1);
    }

    @Test
    void keylessRecordsGoWithoutAKeyAndExplicitHashKeysAreNotSent() {
        EngineHarness h = new EngineHarness(4, b -> b.aggregation(Aggregation.KPL));
        h.kinesis.auto(true);
        CompletableFuture<RecordResult> keyless = h.sendKeyless(bytes("no key"));
        CompletableFuture<RecordResult> withHash = h.send("k", "12345", bytes("hash key"));
        h.flush();
        h.runFor(Duration.ofSeconds(2));
        assertThat(keyless).isCompleted();
        assertThat(withHash).isCompleted();
        assertThat(h.kinesis.requests()).flatExtracting(r -> r.records())
                .extracting(e -> e.partitionKey(), e -> e.explicitHashKey())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(null, null),
                        org.assertj.core.groups.Tuple.tuple("k", null));
    }

    @Test
    void delimitedRecordsAreStillJoinedOnAnAutoStream() {
        EngineHarness h = new EngineHarness(4, b -> b.aggregation(Aggregation.DELIMITED));
        h.kinesis.auto(true);
        for (int i = 0; i < 100; i++) {
            h.send(null, bytes("r" + i));
            h.send("key-" + i, bytes("k" + i));
        }
        h.flush();
        h.runFor(Duration.ofSeconds(2));
        // One joined record for the keyless ones (no key), one for the keyed ones (the first key): not per shard.
        assertThat(h.kinesis.stored()).hasSize(2);
        assertThat(h.kinesis.stored()).extracting(FakeKinesis.Stored::partitionKey).containsExactlyInAnyOrder(null,
                "key-0");
    }

    @Test
    void aStreamWhoseStrategyCannotBeReadIsToldFromWhereRecordsLand_nothingMissingNothingTwice() {
        EngineHarness h = new EngineHarness(8, b -> b.aggregation(Aggregation.KPL));
        h.kinesis.placeRecordsItself(true, 7).failDescribe(accessDenied());
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        List<String> sent = sendMany(h, 0, 3000, fs);
        h.flush();
        h.runFor(Duration.ofSeconds(5));

        assertAllSucceeded(fs);
        // Until the placement is known records go plain: the first ones that land off their keys' shards tell.
        assertThat(h.kinesis.stored()).hasSize(3000)
                .allSatisfy(s -> assertThat(KplDecoder.decode(s.data())).as("not an aggregate").isNull());
        KclView view = new KclView(h.kinesis);
        assertThat(view.missingForKcl(sent)).as("missing for a KCL reader").isEmpty();
        assertThat(view.storedTwice()).isEmpty();
        assertThat(fs).noneMatch(f -> f.join().mayHaveBeenStoredTwice());
        assertThat(h.distributionEvents).containsExactly("AUTO from placement");
    }

    @Test
    void aStreamThatPlacesByKeyButCannotBeReadIsToldFromRecordsOnTheirKeysShardsThenAggregated() {
        EngineHarness h = new EngineHarness(8, b -> b.aggregation(Aggregation.KPL).maxConcurrency(1));
        h.kinesis.failDescribe(accessDenied());
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        sendMany(h, 0, 20, fs);
        h.flush();
        h.runFor(Duration.ofSeconds(1));
        assertThat(h.kinesis.stored()).as("plain while the placement is not known").hasSize(20);
        assertThat(h.distributionEvents).containsExactly("USER_PARTITION_KEY from placement");
        sendMany(h, 20, 2000, fs);
        h.flush();
        h.runFor(Duration.ofSeconds(2));
        assertAllSucceeded(fs);
        assertThat(h.kinesis.stored().size() - 20).as("then aggregated per shard").isLessThanOrEqualTo(16);
    }

    @Test
    void aggregatesThatLandOffTheirShardsAreResentRecordByRecordOnceAndFlagged() {
        // The stream says USER_PARTITION_KEY but places records itself (a summary that lags behind a switch).
        EngineHarness h = new EngineHarness(8, b -> b.aggregation(Aggregation.KPL));
        h.kinesis.placeRecordsItself(true, 5);
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        List<String> sent = sendMany(h, 0, 3000, fs);
        h.flush();
        h.runFor(Duration.ofSeconds(5));

        assertAllSucceeded(fs);
        KclView view = new KclView(h.kinesis);
        assertThat(view.missingForKcl(sent)).as("missing for a KCL reader").isEmpty();
        assertThat(view.kclDuplicates()).isZero();
        List<String> twice = view.storedTwice();
        assertThat(twice).isNotEmpty();
        for (int i = 0; i < sent.size(); i++) {
            boolean flagged = fs.get(i).join().mayHaveBeenStoredTwice();
            assertThat(flagged).as(sent.get(i)).isEqualTo(twice.contains(sent.get(i)));
            if (flagged) {
                assertThat(fs.get(i).join().attempts()).anySatisfy(a -> assertThat(a.errorCode())
                        .isEqualTo("WrongShard"));
            }
        }
        assertThat(view.unfiltered.values()).as("re-sent at most once").allMatch(n -> n <= 2);
        assertThat(h.distributionEvents).startsWith("USER_PARTITION_KEY from DescribeStreamSummary",
                "AUTO from placement");
        assertThat(h.metrics().userRecordsResentAfterMisplacement()).isEqualTo(twice.size());
    }

    @Test
    void aSwitchToAutoWithAggregatesInFlight_thoseThatLandOffTheirShardsAreResentOnceAndTheRestGoAlone() {
        EngineHarness h = new EngineHarness(8, b -> b.aggregation(Aggregation.KPL).maxConcurrency(2));
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        List<String> sent = new ArrayList<>(sendMany(h, 0, 500, fs));
        h.flush();
        h.runFor(Duration.ofSeconds(1));
        assertThat(h.distributionEvents).containsExactly("USER_PARTITION_KEY from DescribeStreamSummary");
        int before = h.kinesis.stored().size();

        h.kinesis.hold(true);
        sent.addAll(sendMany(h, 500, 2000, fs));
        h.flush();
        h.step();
        h.step(); // aggregates of the next records are in flight, more wait behind them
        h.kinesis.auto(true); // the stream is switched now
        h.kinesis.hold(false);
        h.kinesis.release();
        h.runFor(Duration.ofSeconds(5));

        assertAllSucceeded(fs);
        KclView view = new KclView(h.kinesis);
        assertThat(view.missingForKcl(sent)).isEmpty();
        assertThat(view.kclDuplicates()).isZero();
        for (int i = 0; i < sent.size(); i++) {
            assertThat(fs.get(i).join().mayHaveBeenStoredTwice()).as(sent.get(i))
                    .isEqualTo(view.storedTwice().contains(sent.get(i)));
        }
        assertThat(h.distributionEvents).containsExactly("USER_PARTITION_KEY from DescribeStreamSummary",
                "AUTO from placement", "AUTO from DescribeStreamSummary");
        // After the switch nothing was sent as an aggregate any more but what was already in flight.
        long laterAggregates = h.kinesis.stored().subList(before, h.kinesis.stored().size()).stream()
                .filter(s -> KplDecoder.decode(s.data()) != null).count();
        assertThat(laterAggregates).isLessThanOrEqualTo(2 * 8);
    }

    @Test
    void aSwitchBackToUserPartitionKeyResumesAggregationAfterTheNextShardMap() {
        EngineHarness h = new EngineHarness(4, b -> b.aggregation(Aggregation.KPL)
                .recordDistributionCheckInterval(Duration.ofSeconds(10)));
        h.kinesis.auto(true);
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        sendMany(h, 0, 100, fs);
        h.flush();
        h.runFor(Duration.ofSeconds(1));
        assertThat(h.kinesis.stored()).hasSize(100);

        h.kinesis.auto(false);
        h.runFor(Duration.ofSeconds(11)); // the next periodic read says USER_PARTITION_KEY, then the map reloads
        assertThat(h.distributionEvents).containsExactly("AUTO from DescribeStreamSummary",
                "USER_PARTITION_KEY from DescribeStreamSummary");
        assertThat(h.metrics().recordDistribution()).isEqualTo(RecordDistribution.USER_PARTITION_KEY);
        sendMany(h, 100, 400, fs);
        CompletableFuture<RecordResult> keyless = h.sendKeyless(bytes("keyless again"));
        h.flush();
        h.runFor(Duration.ofSeconds(2));
        assertAllSucceeded(fs);
        assertThat(keyless).isCompleted();
        List<FakeKinesis.Stored> after = h.kinesis.stored().subList(100, h.kinesis.stored().size());
        assertThat(after).hasSizeLessThanOrEqualTo(4).allSatisfy(s -> assertThat(s.partitionKey()).isNotNull());
    }

    @Test
    void keylessRecordsRefusedAfterASwitchBackAreRetriedWithAKeyNotFailed() {
        EngineHarness h = new EngineHarness(4, b -> b.aggregation(Aggregation.KPL));
        h.kinesis.auto(true);
        h.runFor(Duration.ofMillis(10));
        h.kinesis.auto(false); // switched back; the regular read would tell only minutes later
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            fs.add(h.sendKeyless(bytes("keyless-" + i)));
        }
        h.flush();
        h.runFor(Duration.ofSeconds(5));
        assertAllSucceeded(fs);
        assertThat(h.kinesis.stored()).hasSize(10).allSatisfy(s -> assertThat(s.partitionKey()).isNotNull());
        assertThat(fs.get(0).join().attempts().get(0).errorCode()).isEqualTo("InvalidArgumentException");
        assertThat(h.distributionEvents).containsExactly("AUTO from DescribeStreamSummary",
                "USER_PARTITION_KEY from keyless-refused", "USER_PARTITION_KEY from DescribeStreamSummary");
    }

    @Test
    void strictOrderingIsRefusedOnAStreamReadAsAutoAtStart() {
        EngineHarness h = new EngineHarness(4, b -> b.aggregation(Aggregation.KPL).strictOrdering(true));
        h.kinesis.auto(true);
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        sendMany(h, 0, 10, fs);
        h.flush();
        h.runFor(Duration.ofSeconds(2));
        assertThat(h.kinesis.requests()).as("nothing sent").isEmpty();
        assertThat(fs).allSatisfy(f -> {
            RecordFailedException e = failure(f);
            assertThat(e.errorCode()).isEqualTo(IncompatibleStreamException.ERROR_CODE);
            assertThat(e.isRetriable()).isFalse();
            assertThat(e.mayHaveBeenStored()).isFalse();
            assertThat(e).hasCauseInstanceOf(IncompatibleStreamException.class);
        });
        String message = h.engine.refusal().getMessage();
        assertThat(message).contains("strict_ordering", "'test-stream'", "AUTO", "Turn strict_ordering off",
                "USER_PARTITION_KEY");
        // Records sent later fail too (the runtime refuses them at send; here they reach the engine).
        CompletableFuture<RecordResult> later = h.send("k", bytes("later"));
        h.flush();
        h.runFor(Duration.ofSeconds(1));
        assertThat(failure(later).errorCode()).isEqualTo(IncompatibleStreamException.ERROR_CODE);
    }

    @Test
    void aStrictProducerWhoseStreamSwitchesToAutoLetsInFlightRecordsEndAndFailsTheUnsent() {
        EngineHarness h = new EngineHarness(4, b -> b.aggregation(Aggregation.NONE).strictOrdering(true)
                .maxConcurrency(4));
        h.runFor(Duration.ofSeconds(1)); // map and strategy (USER_PARTITION_KEY) known
        h.kinesis.hold(true);
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        sendMany(h, 0, 200, fs);
        h.flush();
        h.step();
        int inFlight = h.kinesis.requests().stream().mapToInt(r -> r.records().size()).sum();
        assertThat(inFlight).isBetween(1, 4); // strict: one record per shard per call
        h.kinesis.auto(true);
        h.kinesis.hold(false);
        h.kinesis.release();
        h.runFor(Duration.ofSeconds(2));

        long stored = fs.stream().filter(f -> !f.isCompletedExceptionally()).count();
        assertThat(stored).as("the records in flight were stored and succeed").isEqualTo(inFlight);
        assertThat(h.kinesis.stored()).hasSize(inFlight);
        assertThat(fs).filteredOn(CompletableFuture::isCompletedExceptionally).hasSize(200 - inFlight)
                .allSatisfy(f -> assertThat(failure(f).errorCode()).isEqualTo(IncompatibleStreamException.ERROR_CODE));
        assertThat(h.engine.refusal()).isNotNull();
    }

    @Test
    void aSummaryThatTimesOutDelaysTheFirstRecordsByTheStartUpSecondOnlyThenPlacementTells() {
        EngineHarness h = new EngineHarness(8, b -> b.aggregation(Aggregation.KPL));
        h.kinesis.placeRecordsItself(true, 3).hangDescribe();
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        List<String> sent = sendMany(h, 0, 1000, fs);
        h.step();
        h.clock.advanceMillis(999);
        h.step();
        assertThat(h.kinesis.requests()).as("waits for the strategy up to a second").isEmpty();
        h.clock.advanceMillis(1);
        h.runFor(Duration.ofSeconds(5));
        h.kinesis.answerDescribe(ApiCallAttemptTimeoutException.builder().message("timed out").build());
        h.flush();
        h.runFor(Duration.ofSeconds(5));
        assertAllSucceeded(fs);
        KclView view = new KclView(h.kinesis);
        assertThat(view.missingForKcl(sent)).isEmpty();
        for (int i = 0; i < sent.size(); i++) {
            assertThat(fs.get(i).join().mayHaveBeenStoredTwice()).isEqualTo(view.storedTwice().contains(sent.get(i)));
        }
        assertThat(h.distributionEvents).containsExactly("AUTO from placement");
    }

    @Test
    void theStreamsMaxRecordSizeReplacesTheDefaultUnlessMaxRecordSizeIsSet() {
        EngineHarness h = new EngineHarness(1, b -> { });
        h.kinesis.reportMaxRecordSizeKiB(2048);
        h.runFor(Duration.ofMillis(10));
        assertThat(h.engine.recordSizeLimit().bytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(h.engine.recordSizeLimit().describe()).contains("MaxRecordSizeInKiB 2048");

        EngineHarness big = new EngineHarness(1, b -> { });
        big.kinesis.reportMaxRecordSizeKiB(10240);
        big.runFor(Duration.ofMillis(10));
        assertThat(big.engine.recordSizeLimit().bytes()).as("a record must fit in one call")
                .isEqualTo(big.config.maxRequestBytes());
        assertThat(big.engine.recordSizeLimit().describe()).contains("max_request_bytes");

        EngineHarness set = new EngineHarness(1, b -> b.maxRecordSize(1024 * 1024));
        set.kinesis.reportMaxRecordSizeKiB(2048);
        set.runFor(Duration.ofMillis(10));
        assertThat(set.engine.recordSizeLimit().bytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void recordDistributionAutoSkipsTheCallAndNeverAggregates() {
        EngineHarness h = new EngineHarness(4, b -> b.aggregation(Aggregation.KPL)
                .recordDistribution(RecordDistribution.AUTO));
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        sendMany(h, 0, 50, fs);
        h.flush();
        h.runFor(Duration.ofSeconds(1));
        assertAllSucceeded(fs);
        assertThat(h.kinesis.describeCalls()).isZero();
        assertThat(h.kinesis.stored()).hasSize(50);
        assertThat(h.distributionEvents).containsExactly("AUTO from record_distribution");
    }

    @Test
    void userPartitionKeySkipsTheCallButStillAdaptsWhenRecordsLandOffTheirShards() {
        EngineHarness h = new EngineHarness(8, b -> b.aggregation(Aggregation.KPL)
                .recordDistribution(RecordDistribution.USER_PARTITION_KEY));
        h.kinesis.placeRecordsItself(true, 11);
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        List<String> sent = sendMany(h, 0, 1000, fs);
        h.flush();
        h.runFor(Duration.ofSeconds(5));
        assertAllSucceeded(fs);
        assertThat(h.kinesis.describeCalls()).isZero();
        assertThat(new KclView(h.kinesis).missingForKcl(sent)).isEmpty();
        assertThat(h.distributionEvents).containsExactly("USER_PARTITION_KEY from record_distribution",
                "AUTO from placement");
    }

    private static RecordFailedException failure(CompletableFuture<RecordResult> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return (RecordFailedException) e.getCause();
        }
    }
}
