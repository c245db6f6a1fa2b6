package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.internal.aggregation.KplDecoder;
import io.github.kinesisproducer.internal.engine.FakeKinesis;
import io.github.kinesisproducer.internal.engine.TransportOverride;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The public API on a real sender thread, with the in-memory transport. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KinesisProducerTest {

    private static KinesisProducer.Builder builder(FakeKinesis fake) {
        return TransportOverride.use(KinesisProducer.builder().streamName("s").region("us-east-1"), fake)
                .maxBufferedTime(Duration.ofHours(1)); // only flush/close send: no timing in these tests
    }

    @Test
    void seedStyleUsage_sendCloseJoin() {
        FakeKinesis fake = new FakeKinesis(2);
        KinesisProducer k = builder(fake).aggregation(Aggregation.DELIMITED).build();
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            fs.add(k.send(("record-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        k.close();
        k.join();
        assertThat(fs).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        String all = fake.stored().stream().map(s -> new String(s.data(), StandardCharsets.UTF_8))
                .reduce("", String::concat);
        assertThat(all.split("\n")).hasSize(1000).contains("record-0", "record-999");
        assertThat(fake.isClosed()).isTrue();
    }

    @Test
    void closeFromARecordCallbackReturnsOnceDrained_andTheCallbacksBehindItStillRun() throws Exception {
        FakeKinesis fake = new FakeKinesis(1);
        KinesisProducer p = builder(fake).aggregation(Aggregation.NONE).build();
        CompletableFuture<Long> closedAfterMillis = new CompletableFuture<>();
        List<CompletableFuture<RecordResult>> later = new ArrayList<>();
        CompletableFuture<RecordResult> first = p.send("k", "first".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 100; i++) {
            later.add(p.send("k", ("r" + i).getBytes(StandardCharsets.UTF_8)));
        }
        first.whenComplete((r, e) -> {
            long t0 = System.nanoTime();
            p.close(); // on the producer's callback thread: must not wait for that thread
            closedAfterMillis.complete((System.nanoTime() - t0) / 1_000_000);
        });
        p.flush();
        // Waited for the callback thread before: 30 s, then a warning. The class timeout is 30 s too.
        assertThat(closedAfterMillis.get(10, TimeUnit.SECONDS)).isLessThan(5_000L);
        p.join();
        assertThat(later).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(fake.stored()).hasSize(101);
    }

    @Test
    void builderUsage_keysFuturesFlushClose() throws Exception {
        FakeKinesis fake = new FakeKinesis(4);
        try (KinesisProducer p = builder(fake).aggregation(Aggregation.KPL).build()) {
            CompletableFuture<RecordResult> f = p.send("partition-key", "hello".getBytes(StandardCharsets.UTF_8));
            p.flush().get(10, TimeUnit.SECONDS);
            assertThat(f).isCompleted();
            RecordResult r = f.join();
            assertThat(r.shardId()).startsWith("shardId-");
            assertThat(r.sequenceNumber()).isNotBlank();
            assertThat(r.attempts()).hasSize(1);
            assertThat(r.attempts().get(0).successful()).isTrue();
        }
    }

    @Test
    void kplAggregationEndToEndThroughTheThreads() {
        FakeKinesis fake = new FakeKinesis(4);
        KinesisProducer p = builder(fake).aggregation(Aggregation.KPL).build();
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            fs.add(p.send("k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8)));
        }
        p.close();
        assertThat(fs).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        int users = 0;
        for (FakeKinesis.Stored s : fake.stored()) {
            List<KplDecoder.SubRecord> subs = KplDecoder.decode(s.data());
            users += subs == null ? 1 : subs.size();
        }
        assertThat(users).isEqualTo(5000);
        assertThat(p.metrics().userRecordsPut()).isEqualTo(5000);
        assertThat(p.metrics().userRecordsPerKinesisRecord()).isGreaterThan(10);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Aggregation.class)
    void aCallerThatReusesItsBufferAfterSendReturnsDoesNotChangeWhatIsSent(Aggregation aggregation) {
        FakeKinesis fake = new FakeKinesis(2);
        KinesisProducer p = builder(fake).aggregation(aggregation).build(); // nothing leaves before close
        byte[] pooled = new byte[16]; // one buffer for every record, as with a buffer pool
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] content = String.format("record-%09d", i).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(content, 0, pooled, 0, pooled.length);
            fs.add(p.send("k" + (i % 7), pooled));
            java.util.Arrays.fill(pooled, (byte) '#'); // the caller uses its buffer again as soon as send returns
        }
        p.close();
        assertThat(fs).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        List<String> sent = new ArrayList<>();
        for (FakeKinesis.Stored s : fake.stored()) {
            List<KplDecoder.SubRecord> subs = aggregation == Aggregation.KPL ? KplDecoder.decode(s.data()) : null;
            if (subs != null) {
                subs.forEach(r -> sent.add(new String(r.data(), StandardCharsets.US_ASCII)));
            } else if (aggregation == Aggregation.DELIMITED) {
                sent.addAll(List.of(new String(s.data(), StandardCharsets.US_ASCII).split("\n")));
            } else {
                sent.add(new String(s.data(), StandardCharsets.US_ASCII));
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            expected.add(String.format("record-%09d", i));
        }
        assertThat(sent).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void sendAfterCloseThrowsAClearException_andCloseIsIdempotent() {
        FakeKinesis fake = new FakeKinesis(1);
        KinesisProducer p = builder(fake).build();
        p.close();
        p.close();
        assertThat(p.close(Duration.ofSeconds(1))).isTrue();
        assertThatThrownBy(() -> p.send("k", new byte[1])).isInstanceOf(ProducerClosedException.class)
                .hasMessageContaining("send after close()");
    }

    @Test
    void badInputIsRejectedAtSendAndAffectsNothingElse() {
        FakeKinesis fake = new FakeKinesis(1);
        KinesisProducer p = builder(fake).aggregation(Aggregation.NONE).build();
        CompletableFuture<RecordResult> good = p.send("ok", new byte[] {1});
        assertThatThrownBy(() -> p.send(null, new byte[1])).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("partitionKey must not be null");
        assertThatThrownBy(() -> p.send("", new byte[1])).hasMessageContaining("got an empty string");
        assertThatThrownBy(() -> p.send("x".repeat(257), new byte[1])).hasMessageContaining("got 257 characters");
        assertThat(p.send("x".repeat(256), new byte[1])).isNotNull();
        assertThatThrownBy(() -> p.send("bad\uD800key", new byte[1])).hasMessageContaining("unpaired UTF-16 surrogate");
        assertThat(p.send("emoji\uD83D\uDE00", new byte[1])).isNotNull();
        assertThatThrownBy(() -> p.send("k", null)).hasMessageContaining("data must not be null");
        assertThatThrownBy(() -> p.send("k", new byte[1024 * 1024])).hasMessageContaining("record too large")
                .hasMessageContaining("max_record_size 1048576");
        assertThat(p.send("k", new byte[1024 * 1024 - 1])).isNotNull();
        assertThatThrownBy(() -> p.send("k", "01", new byte[1])).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("explicitHashKey");
        assertThatThrownBy(() -> p.send("k", "340282366920938463463374607431768211456", new byte[1]))
                .hasMessageContaining("explicitHashKey");
        p.close();
        assertThat(good).isCompleted();
        assertThat(fake.stored()).hasSize(4);
        assertThat(p.metrics().userRecordsReceived()).isEqualTo(4);
    }

    @Test
    void delimitedMode_refusesDataThatContainsTheDelimiter_ratherThanLetConsumersSplitIt() {
        FakeKinesis fake = new FakeKinesis(1);
        KinesisProducer p = builder(fake).aggregation(Aggregation.DELIMITED)
                .configure(c -> c.recordDelimiter("||".getBytes(StandardCharsets.UTF_8))).build();
        p.send("a|b".getBytes(StandardCharsets.UTF_8));
        p.send("|starts with a bar".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> p.send("a||b".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("contains the record_delimiter at byte 1");
        assertThatThrownBy(() -> p.send("k", "x||".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRecordException.class);
        // "x|" + "||" reads back as "x" and "|": as broken as a record that contains the delimiter.
        assertThatThrownBy(() -> p.send("ends with a bar|".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("ends with the start of the record_delimiter (from byte 15)");
        p.close();
        String all = fake.stored().stream().map(s -> new String(s.data(), StandardCharsets.UTF_8))
                .reduce("", String::concat);
        assertThat(all.split("\\|\\|")).containsExactly("a|b", "|starts with a bar");
        assertThat(p.metrics().userRecordsReceived()).isEqualTo(2);
    }

    @Test
    void userCallbackThatThrowsDoesNotAffectOtherRecords() {
        FakeKinesis fake = new FakeKinesis(1);
        KinesisProducer p = builder(fake).aggregation(Aggregation.NONE).build();
        AtomicInteger seen = new AtomicInteger();
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            CompletableFuture<RecordResult> f = p.send("k" + i, new byte[] {1});
            f.thenRun(() -> {
                seen.incrementAndGet();
                throw new IllegalStateException("user bug");
            });
            fs.add(f);
        }
        p.close();
        assertThat(fs).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(seen).hasValue(100);
    }

    @Test
    void closeWithDeadlineFailsWhatIsLeftAndLeavesNoFutureIncomplete() {
        FakeKinesis fake = new FakeKinesis(1).hold(true); // the endpoint never answers
        KinesisProducer p = builder(fake).aggregation(Aggregation.NONE).build();
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fs.add(p.send("k" + i, new byte[] {1}));
        }
        long start = System.nanoTime();
        assertThat(p.close(Duration.ofMillis(500))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(fs).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThatThrownBy(() -> fs.get(0).join()).hasCauseInstanceOf(ProducerClosedException.class)
                .hasMessageContaining("close() deadline ran out");
        // The abandoned call is over as far as the metrics go (the gauge stayed at 1 forever).
        assertThat(p.metrics().inFlightRequests()).isZero();
        assertThat(p.metrics().bufferedRecords()).isZero();
    }

    @Test
    void trySendNeverBlocks_sendBlocksThenThrowsWhenTheBufferStaysFull() {
        FakeKinesis fake = new FakeKinesis(1).hold(true);
        KinesisProducer p = builder(fake).aggregation(Aggregation.NONE).maxBlock(Duration.ofMillis(200))
                .configure(c -> c.maxBufferedRecords(10)).build();
        for (int i = 0; i < 10; i++) {
            p.send("k" + i, new byte[] {1});
        }
        assertThatThrownBy(() -> p.trySend("k", new byte[] {1})).isInstanceOf(BufferFullException.class)
                .hasMessageContaining("max_buffered_records=10");
        long start = System.nanoTime();
        assertThatThrownBy(() -> p.send("k", new byte[] {1})).isInstanceOf(BufferFullException.class)
                .hasMessageContaining("max_block=PT0.2S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        fake.hold(false);
        fake.release();
        p.close();
        assertThat(p.metrics().userRecordsPut()).isEqualTo(10);
    }

    @Test
    void listenerSeesCallsAndAListenerThatThrowsChangesNothing() {
        FakeKinesis fake = new FakeKinesis(2);
        AtomicInteger users = new AtomicInteger();
        AtomicInteger maps = new AtomicInteger();
        ProducerListener listener = new ProducerListener() {
            @Override
            public void putRecordsCompleted(int kinesisRecords, int failed, int userRecords, long bytes,
                    Duration latency, String requestError) {
                users.addAndGet(userRecords);
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void shardMapLoaded(int openShards) {
                maps.set(openShards);
            }
        };
        KinesisProducer p = builder(fake).aggregation(Aggregation.KPL).listener(listener).build();
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            fs.add(p.send("k" + i, new byte[] {1}));
        }
        p.close();
        assertThat(fs).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(users).hasValue(300);
        assertThat(maps).hasValue(2);
    }

    @Test
    void aListenerThatThrowsOnAFailedShardMapLoadChangesNothing() throws Exception {
        FakeKinesis fake = new FakeKinesis(1).failListShards(
                software.amazon.awssdk.core.exception.SdkClientException.create("ListShards unreachable"));
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch firstFailure = new CountDownLatch(1);
        ProducerListener listener = new ProducerListener() {
            @Override
            public void shardMapLoadFailed(String errorCode, Throwable error) {
                failures.incrementAndGet();
                firstFailure.countDown();
                throw new IllegalStateException("listener bug");
            }
        };
        KinesisProducer p = builder(fake).listener(listener).build();
        assertThat(firstFailure.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<RecordResult> f = p.send("k", new byte[] {1});
        p.close();
        assertThat(failures.get()).isPositive();
        assertThat(f).isCompleted();
        assertThat(f.isCompletedExceptionally()).isFalse();
    }

    @Test
    void callbacksRunOffTheSenderThreadOnTheGivenExecutor() {
        FakeKinesis fake = new FakeKinesis(1);
        List<String> threads = new ArrayList<>();
        Executor exec = r -> {
            Thread t = new Thread(r, "user-callbacks");
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        KinesisProducer p = builder(fake).callbackExecutor(exec).build();
        CompletableFuture<RecordResult> f = p.send("k", new byte[] {1});
        f.thenRun(() -> threads.add(Thread.currentThread().getName()));
        p.close();
        assertThat(threads).containsExactly("user-callbacks");
    }

    @Test
    void aKinesisRecordsDataIsCopiedOnceWhenTheRecordIsBuiltAndNotAgainAtSend() {
        FakeKinesis fake = new FakeKinesis(1);
        KinesisRecord record = KinesisRecord.of("k", new byte[] {1, 2, 3});
        byte[] array = {4, 5, 6};
        try (KinesisProducer p = builder(fake).aggregation(Aggregation.NONE).build()) {
            p.send(record);
            p.send("k", array);
            p.flush().join();
        }
        List<byte[]> sent = fake.requests().stream().flatMap(r -> r.records().stream()).map(e -> e.data()).toList();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).isSameAs(record.dataNoCopy()); // the record's own copy, sent as it is
        assertThat(sent.get(1)).isNotSameAs(array).isEqualTo(array); // a caller's array: copied at send
    }

    @Test
    void anEngineCrashFailsOutstandingFuturesAndJoinDoesNotHang() {
        FakeKinesis fake = new FakeKinesis(1) {
            @Override
            public java.util.concurrent.CompletableFuture<io.github.kinesisproducer.internal.protocol.PutRecordsResponse>
                    putRecords(io.github.kinesisproducer.internal.protocol.PutRecordsRequest request) {
                throw new Error("simulated bug inside the engine");
            }
        };
        KinesisProducer p = builder(fake).aggregation(Aggregation.NONE).build();
        CompletableFuture<RecordResult> f = p.send("k", new byte[] {1});
        p.flush();
        p.join();
        assertThat(f).isCompletedExceptionally();
        assertThatThrownBy(f::join).hasMessageContaining("sender thread failed");
        assertThatThrownBy(() -> p.send("k", new byte[1])).isInstanceOf(KinesisProducerException.class);
    }
}
