package io.github.kinesisproducer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.internal.aggregation.KplDecoder;
import io.github.kinesisproducer.internal.protocol.KinesisErrors;
import io.github.kinesisproducer.internal.protocol.PutRecordsRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * One engine, several streams, with the fake transport and the manual clock: calls never mix streams, each stream has
 * its own shard map and limits, a stream that is missing, denied, deleted or throttled affects its own records only,
 * flushes cover one stream or all, and idle streams are dropped.
 */
class MultiStreamEngineTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static RecordFailedException failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            return (RecordFailedException) e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The stream each record of a call was sent for, from its payload ("stream/i"), KPL aggregates taken apart. */
    private static List<String> payloadStreams(PutRecordsRequest request) {
        List<String> out = new ArrayList<>();
        for (PutRecordsRequest.Entry e : request.records()) {
            for (KplDecoder.SubRecord s : KplDecoder.decode(e.data())) {
                String p = new String(s.data(), StandardCharsets.UTF_8);
                out.add(p.substring(0, p.indexOf('/')));
            }
        }
        return out;
    }

    @Test
    void callsNeverMixStreams_andEachStreamIsAggregatedPerItsOwnShards() {
        FakeStreams fakes = new FakeStreams().add("a", 1).add("b", 2).add("c", 4);
        EngineHarness h = new EngineHarness(fakes, null, b -> b.aggregation(Aggregation.KPL));
        Map<String, List<CompletableFuture<RecordResult>>> sent = new LinkedHashMap<>();
        for (int i = 0; i < 600; i++) {
            String stream = List.of("a", "b", "c").get(i % 3);
            sent.computeIfAbsent(stream, k -> new ArrayList<>()).add(h.sendTo(stream, "key-" + (i % 40),
                    bytes(stream + "/" + i)));
        }
        h.flush();
        h.runFor(Duration.ofSeconds(3));

        assertThat(fakes.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.streamArn()).isNull();
            assertThat(payloadStreams(r)).as("one call, one stream").containsOnly(r.streamName());
        });
        for (String stream : sent.keySet()) {
            assertThat(sent.get(stream)).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            assertThat(fakes.stream(stream).listShardsCalls()).as(stream + "'s own shard map").isEqualTo(1);
            KclView view = new KclView(fakes.stream(stream));
            assertThat(view.kcl).as(stream + ": every record once, each on its own shard").hasSize(200)
                    .allSatisfy((payload, copies) -> assertThat(copies).isEqualTo(1));
            assertThat(view.kcl.keySet()).allMatch(p -> p.startsWith(stream + "/"));
        }
        assertThat(h.events).contains("shardMapLoaded a 1", "shardMapLoaded b 2", "shardMapLoaded c 4");
        assertThat(fakes.stream("c").stored()).extracting(FakeKinesis.Stored::shardId).as("aggregated per shard of c")
                .hasSizeGreaterThanOrEqualTo(4).hasSizeLessThan(40);
        ProducerMetrics a = h.streams.get("a").snapshot();
        assertThat(a.userRecordsPut()).isEqualTo(200);
        assertThat(h.metrics().userRecordsPut()).isEqualTo(600);
        assertThat(h.metrics().bufferedRecords()).isZero();
        assertThat(h.streams.get("b").snapshot().bufferedBytes()).isZero();
    }

    @Test
    void aMissingADeniedAndADeletedStreamFailOnlyTheirOwnRecords_namingTheStream() {
        FakeStreams fakes = new FakeStreams().add("good", 2).add("gone", 1).add("locked", 1)
                .refuse("locked", FakeStreams.serviceError("AccessDeniedException",
                        "User is not authorized to perform: kinesis:PutRecords on stream locked"));
        EngineHarness h = new EngineHarness(fakes, null, b -> b.aggregation(Aggregation.KPL));
        CompletableFuture<RecordResult> before = h.sendTo("gone", "k", bytes("gone/0"));
        h.flush();
        h.runFor(Duration.ofSeconds(2));
        assertThat(before).isCompleted().isNotCompletedExceptionally();
        fakes.delete("gone"); // deleted while in use

        List<CompletableFuture<RecordResult>> good = new ArrayList<>();
        List<CompletableFuture<RecordResult>> ghost = new ArrayList<>();
        List<CompletableFuture<RecordResult>> gone = new ArrayList<>();
        List<CompletableFuture<RecordResult>> locked = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            good.add(h.sendTo("good", "k" + i, bytes("good/" + i)));
            ghost.add(h.sendTo("ghost", "k" + i, bytes("ghost/" + i)));
            gone.add(h.sendTo("gone", "k" + i, bytes("gone/" + i)));
            locked.add(h.sendTo("locked", "k" + i, bytes("locked/" + i)));
        }
        h.flush();
        h.runFor(Duration.ofSeconds(5));

        assertThat(good).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(fakes.stream("good").stored()).isNotEmpty();
        for (var e : Map.of("ghost", ghost, "gone", gone).entrySet()) {
            assertThat(e.getValue()).allSatisfy(f -> {
                RecordFailedException x = failure(f);
                assertThat(x.errorCode()).isEqualTo("ResourceNotFoundException");
                assertThat(x.isRetriable()).isFalse();
                assertThat(x.attempts()).hasSize(1);
                assertThat(x.getMessage()).contains("stream '" + e.getKey() + "'", "does not exist");
            });
        }
        assertThat(locked).allSatisfy(f -> {
            RecordFailedException x = failure(f);
            assertThat(x.errorCode()).isEqualTo("AccessDeniedException");
            assertThat(x.getMessage()).contains("stream 'locked'");
        });
        assertThat(h.events).contains("shardMapLoadFailed ghost ResourceNotFoundException",
                "shardMapLoadFailed locked AccessDeniedException")
                .noneMatch(e -> e.startsWith("userRecordsFailed good") || e.startsWith("shardMapLoadFailed good"));
        assertThat(h.streams.get("ghost").snapshot().userRecordsFailed()).isEqualTo(50);
        assertThat(h.streams.get("good").snapshot().userRecordsFailed()).isZero();
        assertThat(h.metrics().userRecordsFailed()).isEqualTo(150);
        assertThat(h.metrics().errorsByCode()).containsEntry("AccessDeniedException", (long) h.streams.get("locked")
                .snapshot().errorsByCode().get("AccessDeniedException"));
    }

    @Test
    void aThrottledStreamSlowsDownAlone_andItsRecordsArriveOnceTheThrottlingEnds() {
        FakeStreams fakes = new FakeStreams().add("hot", 1).add("calm", 2);
        AtomicBoolean throttling = new AtomicBoolean(true);
        fakes.stream("hot").recordErrors((e, n) -> throttling.get() ? KinesisErrors.THROTTLED : null);
        EngineHarness h = new EngineHarness(fakes, null, b -> b.aggregation(Aggregation.NONE)
                .recordTtl(Duration.ofMinutes(5)).maxAttempts(100).maxBackoff(Duration.ofSeconds(1)));
        List<CompletableFuture<RecordResult>> hot = new ArrayList<>();
        List<CompletableFuture<RecordResult>> calm = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            hot.add(h.sendTo("hot", "k" + i, bytes("hot/" + i)));
            calm.add(h.sendTo("calm", "k" + i, bytes("calm/" + i)));
        }
        h.runFor(Duration.ofSeconds(3));
        assertThat(calm).as("the other stream flows while one is throttled")
                .allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(hot).noneMatch(CompletableFuture::isDone);
        assertThat(h.streams.get("hot").snapshot().throttles()).isPositive();
        assertThat(h.streams.get("calm").snapshot().throttles()).isZero();
        assertThat(h.events).contains("throttled hot").doesNotContain("throttled calm");

        throttling.set(false);
        h.runFor(Duration.ofSeconds(10));
        assertThat(hot).as("late, but they arrive").allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(new KclView(fakes.stream("hot")).kcl).hasSize(200);
    }

    @Test
    void flushOfOneStreamSendsThatStreamOnly_flushOfAllSendsEveryStream() {
        FakeStreams fakes = new FakeStreams().add("a", 1).add("b", 1);
        EngineHarness h = new EngineHarness(fakes, null, b -> b.maxBufferedTime(Duration.ofHours(1)));
        h.runFor(Duration.ofSeconds(2));
        CompletableFuture<RecordResult> a = h.sendTo("a", "k", bytes("a/0"));
        CompletableFuture<RecordResult> b = h.sendTo("b", "k", bytes("b/0"));
        h.runFor(Duration.ofSeconds(2));
        CompletableFuture<Void> flushA = h.flush("a");
        h.runFor(Duration.ofSeconds(2));
        assertThat(a).isCompleted();
        assertThat(flushA).isCompleted();
        assertThat(b).as("b keeps its buffer time").isNotDone();
        assertThat(fakes.stream("b").stored()).isEmpty();

        assertThat(h.flush("never-written")).as("nothing was sent to it").satisfies(f -> {
            h.step();
            assertThat(f).isCompleted();
        });
        CompletableFuture<Void> all = h.flush();
        h.runFor(Duration.ofSeconds(2));
        assertThat(all).isCompleted();
        assertThat(b).isCompleted();
    }

    @Test
    void kinesisConcurrencyIsSharedAndStreamsTakeTurns() {
        FakeStreams fakes = new FakeStreams().add("a", 1).add("b", 1).add("c", 1);
        for (String s : List.of("a", "b", "c")) {
            fakes.stream(s).hold(true);
        }
        EngineHarness h = new EngineHarness(fakes, null, b -> b.aggregation(Aggregation.NONE).maxConcurrency(2)
                .maxRecordsPerRequest(10).rateLimitPercent(0));
        for (int i = 0; i < 60; i++) {
            for (String s : List.of("a", "b", "c")) {
                h.sendTo(s, "k" + i, bytes(s + "/" + i));
            }
        }
        h.runFor(Duration.ofSeconds(2));
        assertThat(fakes.requests()).as("two calls in flight for all streams together").hasSize(2);
        for (int round = 0; round < 20 && fakes.requests().size() < 18; round++) {
            for (String s : List.of("a", "b", "c")) {
                fakes.stream(s).release();
            }
            h.runFor(Duration.ofMillis(200));
        }
        List<String> order = fakes.requests().stream().map(PutRecordsRequest::streamName).toList();
        assertThat(order).hasSize(18);
        for (int i = 0; i + 2 < order.size(); i += 3) {
            assertThat(order.subList(i, i + 3)).as("turns: every stream once per round").containsExactlyInAnyOrder(
                    "a", "b", "c");
        }
    }

    @Test
    void aStreamWhoseCallsHangNeverTakesEveryCallSlot() {
        FakeStreams fakes = new FakeStreams().add("hung", 4).add("ok", 1);
        fakes.stream("hung").hold(true);
        EngineHarness h = new EngineHarness(fakes, null, b -> b.aggregation(Aggregation.NONE).maxConcurrency(4)
                .maxRecordsPerRequest(1).rateLimitPercent(0).requestTimeout(Duration.ofMinutes(1))
                .recordTtl(Duration.ofMinutes(2)));
        for (int i = 0; i < 100; i++) {
            h.sendTo("hung", "k" + i, bytes("hung/" + i));
        }
        h.runFor(Duration.ofSeconds(2));
        assertThat(fakes.requests()).as("all but one slot").hasSize(3);
        List<CompletableFuture<RecordResult>> ok = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ok.add(h.sendTo("ok", "k" + i, bytes("ok/" + i)));
        }
        h.runFor(Duration.ofSeconds(2));
        assertThat(ok).as("the other stream's calls go through the slot left").allMatch(CompletableFuture::isDone);
        assertThat(h.streams.get("hung").snapshot().inFlightRequests()).isEqualTo(3);
        assertThat(h.metrics().inFlightRequests()).isEqualTo(3);
        fakes.stream("hung").hold(false);
        fakes.stream("hung").release();
        h.runFor(Duration.ofSeconds(5));
        assertThat(fakes.stream("hung").stored()).hasSize(100);
    }

    @Test
    void aProducerForOneStreamUsesEveryCallSlot() {
        FakeKinesis one = new FakeKinesis(4).hold(true);
        EngineHarness h = new EngineHarness(one, b -> b.aggregation(Aggregation.NONE).maxConcurrency(4)
                .maxRecordsPerRequest(1).rateLimitPercent(0));
        for (int i = 0; i < 10; i++) {
            h.send("k" + i, bytes("r" + i));
        }
        h.runFor(Duration.ofSeconds(2));
        assertThat(one.requests()).hasSize(4);
        one.hold(false);
        one.release();
        h.runFor(Duration.ofSeconds(2));
        assertThat(one.stored()).hasSize(10);
    }

    @Test
    void strictOrderingIsPerStream_oneCallInFlightPerShardOfEachStream() {
        FakeStreams fakes = new FakeStreams().add("a", 1).add("b", 1);
        fakes.stream("a").hold(true);
        fakes.stream("b").hold(true);
        EngineHarness h = new EngineHarness(fakes, null, b -> b.aggregation(Aggregation.NONE).strictOrdering(true)
                .maxConcurrency(8));
        for (int i = 0; i < 20; i++) {
            h.sendTo("a", "k", bytes("a/" + i));
            h.sendTo("b", "k", bytes("b/" + i));
        }
        h.flush();
        h.runFor(Duration.ofSeconds(2));
        assertThat(fakes.requests()).extracting(PutRecordsRequest::streamName).as("one call each: a stream's "
                + "strict ordering does not hold the other back").containsExactlyInAnyOrder("a", "b");
        for (int i = 0; i < 100 && fakes.stream("a").stored().size() + fakes.stream("b").stored().size() < 40; i++) {
            fakes.stream("a").release();
            fakes.stream("b").release();
            h.runFor(Duration.ofMillis(50));
        }
        for (String s : List.of("a", "b")) {
            assertThat(fakes.stream(s).stored()).extracting(st -> new String(st.data(), StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(i -> s + "/" + i)
                            .toList());
        }
    }

    @Test
    void idleStreamsAreDroppedAfterTheIdleTimeAndLoadedAgainOnTheirNextRecord_theDefaultStreamNever() {
        FakeStreams fakes = new FakeStreams().add("test-stream", 1).add("a", 2);
        fakes.stream("a").reportMaxRecordSizeKiB(2048);
        EngineHarness h = new EngineHarness(fakes, "test-stream", b -> b.streamIdleTimeout(Duration.ofSeconds(10)));
        assertThat(h.engine.lanes()).as("the default stream's, from the start").isEqualTo(1);
        CompletableFuture<RecordResult> first = h.sendTo("a", "k", bytes("a/0"));
        h.runFor(Duration.ofSeconds(5));
        assertThat(first).isCompleted();
        assertThat(h.engine.lanes()).isEqualTo(2);
        assertThat(h.streams.get("a").sizeLimit.bytes()).as("the stream's own limit, read").isEqualTo(2 << 20);

        h.runFor(Duration.ofSeconds(6));
        assertThat(h.engine.lanes()).as("a is dropped, the default stream is not").isEqualTo(1);
        assertThat(h.streams.get("a").sizeLimit.bytes()).as("not known any more").isEqualTo(1 << 20);
        assertThat(h.streams.get("a").snapshot().userRecordsPut()).as("its counters stay").isEqualTo(1);

        h.runFor(Duration.ofHours(1));
        assertThat(h.engine.lanes()).isEqualTo(1);
        assertThat(fakes.stream("a").listShardsCalls()).isEqualTo(1);
        CompletableFuture<RecordResult> again = h.sendTo("a", "k", bytes("a/1"));
        h.runFor(Duration.ofSeconds(2));
        assertThat(again).isCompleted().isNotCompletedExceptionally();
        assertThat(fakes.stream("a").listShardsCalls()).as("loaded again").isEqualTo(2);
        assertThat(fakes.stream("test-stream").listShardsCalls()).isEqualTo(1);
    }

    @Test
    void aQuietStreamStillMeetsItsOwnDeadlines_whileAnotherIsBusy() {
        FakeStreams fakes = new FakeStreams().add("quiet", 2).add("busy", 1);
        EngineHarness h = new EngineHarness(fakes, null, b -> b.recordDistributionCheckInterval(Duration.ofSeconds(1))
                .streamIdleTimeout(Duration.ofHours(1)).maxBufferedTime(Duration.ofMillis(500)));
        CompletableFuture<RecordResult> quiet = h.sendTo("quiet", "k", bytes("quiet/0"));
        h.step();
        for (int i = 0; i < 50; i++) { // the busy stream's records and results make passes all the time
            h.sendTo("busy", "k" + i, bytes("busy/" + i));
            h.clock.advanceMillis(100);
            h.step();
        }
        h.runFor(Duration.ofSeconds(1));
        assertThat(quiet).as("sealed at its own buffer time, though nothing came for it").isCompleted();
        assertThat(fakes.stream("quiet").describeCalls()).as("its strategy read again every second")
                .isGreaterThanOrEqualTo(4);
        int before = fakes.stream("quiet").describeCalls();
        h.runFor(Duration.ofSeconds(5));
        assertThat(fakes.stream("quiet").describeCalls()).as("and with nothing else going on")
                .isGreaterThanOrEqualTo(before + 4);
    }

    @Test
    void aStreamBusyPastTheIdleTimeIsNotDropped() {
        FakeStreams fakes = new FakeStreams().add("a", 1);
        fakes.stream("a").hold(true);
        EngineHarness h = new EngineHarness(fakes, null, b -> b.streamIdleTimeout(Duration.ofSeconds(1))
                .recordTtl(Duration.ofMinutes(1)).requestTimeout(Duration.ofMinutes(1)));
        CompletableFuture<RecordResult> f = h.sendTo("a", "k", bytes("a/0"));
        h.runFor(Duration.ofSeconds(5));
        assertThat(h.engine.lanes()).as("a call is in flight").isEqualTo(1);
        fakes.stream("a").release();
        h.runFor(Duration.ofSeconds(5));
        assertThat(f).isCompleted();
        assertThat(h.engine.lanes()).isZero();
    }

    @Test
    void aStreamNamedByArnIsCalledWithStreamArn() {
        String arn = "arn:aws:kinesis:us-east-1:123456789012:stream/orders";
        FakeStreams fakes = new FakeStreams().add(arn, 2);
        EngineHarness h = new EngineHarness(fakes, null, b -> { });
        CompletableFuture<RecordResult> f = h.sendTo(arn, "k", bytes("orders/0"));
        h.flush();
        h.runFor(Duration.ofSeconds(2));
        assertThat(f).isCompleted().isNotCompletedExceptionally();
        assertThat(fakes.requests()).singleElement().satisfies(r -> {
            assertThat(r.streamArn()).isEqualTo(arn);
            assertThat(r.streamName()).isNull();
        });
        assertThat(fakes.stream(arn).listShardsCalls()).isEqualTo(1);
    }
}
