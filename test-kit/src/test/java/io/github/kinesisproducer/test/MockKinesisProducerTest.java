package io.github.kinesisproducer.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.Attempt;
import io.github.kinesisproducer.BufferFullException;
import io.github.kinesisproducer.InvalidRecordException;
import io.github.kinesisproducer.KinesisProducerException;
import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.ProducerClosedException;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.RecordValidation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MockKinesisProducerTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void autoComplete_everySendVariantIsKeptInOrderWithItsKeysAndData() {
        MockKinesisProducer mock = MockKinesisProducer.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
        Producer p = mock;
        List<CompletableFuture<RecordResult>> fs = List.of(
                p.send("k1", utf8("a")),
                p.send("k2", "42", utf8("b")),
                p.send(utf8("c")),
                p.send(KinesisRecord.of("k4", utf8("d")).withExplicitHashKey("7")),
                p.trySend("k5", utf8("e")),
                p.trySend("k6", "8", utf8("f")),
                p.trySend(KinesisRecord.of(utf8("g"))));
        assertThat(fs).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(mock.history()).containsExactly(
                KinesisRecord.of("k1", utf8("a")),
                KinesisRecord.of("k2", utf8("b")).withExplicitHashKey("42"),
                KinesisRecord.of(utf8("c")),
                KinesisRecord.of("k4", utf8("d")).withExplicitHashKey("7"),
                KinesisRecord.of("k5", utf8("e")),
                KinesisRecord.of("k6", utf8("f")).withExplicitHashKey("8"),
                KinesisRecord.of(utf8("g")));
        RecordResult first = fs.get(0).join();
        assertThat(first.shardId()).isEqualTo("shardId-000000000000");
        assertThat(first.sequenceNumber()).isEqualTo("00000000000000000001");
        assertThat(first.subSequenceNumber()).isZero();
        assertThat(first.attempts()).containsExactly(new Attempt(T0, Duration.ZERO, null, null));
        assertThat(fs.get(6).join().sequenceNumber()).isEqualTo("00000000000000000007");
        assertThat(mock.pendingCount()).isZero();
        assertThat(mock.flush()).isCompleted();
    }

    @Test
    void theDataIsCopiedAtSend() {
        MockKinesisProducer mock = new MockKinesisProducer();
        byte[] buffer = utf8("first");
        mock.send("k", buffer);
        buffer[0] = 'X';
        assertThat(mock.history().get(0).dataAsUtf8()).isEqualTo("first");
    }

    @Test
    void manual_completeNextAndErrorNextGoOldestFirst_withTheRealExceptionTypes() {
        MockKinesisProducer mock = new MockKinesisProducer(false);
        CompletableFuture<RecordResult> a = mock.send("a", utf8("1"));
        CompletableFuture<RecordResult> b = mock.send("b", utf8("2"));
        CompletableFuture<RecordResult> c = mock.send("c", utf8("3"));
        assertThat(List.of(a, b, c)).noneMatch(CompletableFuture::isDone);
        assertThat(mock.pendingCount()).isEqualTo(3);

        assertThat(mock.completeNext()).isTrue();
        assertThat(a).isCompleted();
        assertThat(b).isNotDone();

        RecordFailedException throttled = MockKinesisProducer.recordFailure("ProvisionedThroughputExceededException", true);
        assertThat(mock.errorNext(throttled)).isTrue();
        assertThatThrownBy(b::join).isInstanceOf(CompletionException.class).cause().isSameAs(throttled);
        assertThat(throttled.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
        assertThat(throttled.isRetriable()).isTrue();
        assertThat(throttled.mayHaveBeenStored()).isFalse();
        assertThat(throttled.attempts()).singleElement().satisfies(at -> {
            assertThat(at.successful()).isFalse();
            assertThat(at.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
        });

        // Any failure a user builds: a timed-out attempt means Kinesis may have stored it.
        Attempt timedOut = new Attempt(T0, Duration.ofSeconds(6), "RequestTimeout", "no answer", true);
        RecordFailedException expired = new RecordFailedException("expired", "Expired", List.of(timedOut), true, null);
        assertThat(mock.errorNext(expired)).isTrue();
        assertThatThrownBy(c::join).cause().isInstanceOf(RecordFailedException.class)
                .isInstanceOf(KinesisProducerException.class)
                .satisfies(e -> assertThat(((RecordFailedException) e).mayHaveBeenStored()).isTrue());

        assertThat(mock.completeNext()).as("nothing pending").isFalse();
        assertThat(mock.errorNext(new KinesisProducerException("x"))).isFalse();
        assertThatThrownBy(() -> mock.errorNext(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void manual_completeWithAGivenResult_andCompleteAll() {
        MockKinesisProducer mock = new MockKinesisProducer(false);
        CompletableFuture<RecordResult> a = mock.send("a", utf8("1"));
        RecordResult twice = new RecordResult("shardId-000000000002", "99", 3, List.of(
                new Attempt(T0, Duration.ofSeconds(6), "RequestTimeout", "no answer", true),
                new Attempt(T0, Duration.ofMillis(5), null, null)));
        mock.completeNext(twice);
        assertThat(a.join()).isSameAs(twice);
        assertThat(a.join().mayHaveBeenStoredTwice()).isTrue();
        for (int i = 0; i < 5; i++) {
            mock.send("k" + i, utf8("v"));
        }
        assertThat(mock.completeAll()).isEqualTo(5);
        assertThat(mock.completeAll()).isZero();
    }

    @Test
    void flushCompletesWhenEverythingSentBeforeItIsCompleted_notLater_notSooner() {
        MockKinesisProducer mock = new MockKinesisProducer(false);
        mock.send("a", utf8("1"));
        mock.send("b", utf8("2"));
        CompletableFuture<Void> first = mock.flush();
        mock.send("c", utf8("3"));
        CompletableFuture<Void> second = mock.flush();
        assertThat(mock.flushCount()).isEqualTo(2);

        mock.completeNext();
        assertThat(first).isNotDone();
        mock.errorNext(MockKinesisProducer.recordFailure("InternalFailure", true));
        assertThat(first).as("a failed record still counts as done").isCompleted();
        assertThat(second).isNotDone();
        mock.completeNext();
        assertThat(second).isCompleted();
        assertThat(mock.flush()).as("nothing pending: at once").isCompleted();
    }

    @Test
    void validation_isTheRealProducers_andRefusedRecordsAreNotKept() {
        MockKinesisProducer mock = new MockKinesisProducer();
        RecordValidation real = RecordValidation.of(ProducerConfig.builder("s").build());
        assertThatThrownBy(() -> mock.send(null, utf8("x"))).isInstanceOf(InvalidRecordException.class)
                .hasMessage(message(() -> real.check(null, null, utf8("x"))));
        assertThatThrownBy(() -> mock.send("", utf8("x"))).hasMessageStartingWith("partitionKey must be 1 to 256");
        assertThatThrownBy(() -> mock.send("k".repeat(257), utf8("x"))).hasMessageStartingWith("partitionKey");
        assertThatThrownBy(() -> mock.send("order-17", "12345x", utf8("x")))
                .hasMessageStartingWith("explicitHashKey is invalid");
        assertThatThrownBy(() -> mock.send("k", null)).hasMessageStartingWith("data must not be null");
        assertThatThrownBy(() -> mock.send("kk", new byte[1024 * 1024 - 1]))
                .hasMessage(message(() -> real.check("kk", null, new byte[1024 * 1024 - 1])));
        assertThatThrownBy(() -> mock.send(new byte[1024 * 1024 - 11])).hasMessageStartingWith("record too large");
        assertThatThrownBy(() -> mock.send(KinesisRecord.of("k", new byte[1024 * 1024])))
                .hasMessageStartingWith("record too large");
        assertThat(mock.history()).isEmpty();
        assertThat(mock.metrics().userRecordsReceived()).isZero();
        mock.send("k", new byte[1024 * 1024 - 1]); // exactly the limit
        assertThat(mock.history()).hasSize(1);
    }

    @Test
    void validation_followsTheConfiguration() {
        ProducerConfig delimited = ProducerConfig.builder("s").aggregation(Aggregation.DELIMITED).recordDelimiter("|")
                .maxRecordSize(2 * 1024 * 1024).build();
        MockKinesisProducer mock = MockKinesisProducer.builder().config(delimited).build();
        assertThatThrownBy(() -> mock.send("k", utf8("a|b"))).hasMessageStartingWith("data contains the record_delimiter");
        mock.send("k", new byte[1024 * 1024 + 10]);
        assertThat(mock.history()).hasSize(1);
    }

    @Test
    void throwOnSend_simulatesAFullBuffer_untilCleared() {
        MockKinesisProducer mock = new MockKinesisProducer();
        BufferFullException full = new BufferFullException("buffer full");
        mock.throwOnSend(full);
        assertThatThrownBy(() -> mock.send("k", utf8("x"))).isSameAs(full);
        assertThatThrownBy(() -> mock.trySend(KinesisRecord.of("k", utf8("x")))).isSameAs(full);
        assertThatThrownBy(() -> mock.send("", utf8("x"))).as("checks come first").isInstanceOf(InvalidRecordException.class);
        assertThat(mock.history()).isEmpty();
        mock.throwOnSend(null);
        assertThat(mock.send("k", utf8("x"))).isCompleted();
    }

    @Test
    void close_refusesNewRecords_leavesPendingOnesToTheTest() {
        MockKinesisProducer mock = new MockKinesisProducer(false);
        CompletableFuture<RecordResult> pending = mock.send("k", utf8("x"));
        mock.close();
        mock.close();
        assertThat(mock.isClosed()).isTrue();
        assertThatThrownBy(() -> mock.send("k", utf8("y"))).isInstanceOf(ProducerClosedException.class)
                .hasMessageContaining("send after close()");
        assertThatThrownBy(() -> mock.send("", utf8("y"))).as("closed comes first, as in the real producer")
                .isInstanceOf(ProducerClosedException.class);
        CompletableFuture<Void> flushed = mock.flush();
        assertThat(pending).isNotDone();
        mock.completeNext();
        assertThat(pending).isCompleted();
        assertThat(flushed).isCompleted();
        assertThat(mock.history()).hasSize(1);
    }

    @Test
    void closeWithATimeout_failsWhatIsPendingAsTheRealDeadlineDoes() {
        MockKinesisProducer mock = new MockKinesisProducer(false);
        CompletableFuture<RecordResult> a = mock.send("a", utf8("1"));
        CompletableFuture<RecordResult> b = mock.send("b", utf8("2"));
        CompletableFuture<Void> flushed = mock.flush();
        assertThat(mock.close(Duration.ofSeconds(5))).isFalse();
        for (CompletableFuture<RecordResult> f : List.of(a, b)) {
            assertThatThrownBy(f::join).cause().isInstanceOf(ProducerClosedException.class)
                    .hasMessageContaining("close() deadline ran out");
        }
        assertThat(flushed).isCompleted();
        assertThat(mock.close(Duration.ZERO)).as("nothing left").isTrue();
        assertThat(new MockKinesisProducer().close(Duration.ZERO)).isTrue();
        assertThatThrownBy(() -> mock.send("k", utf8("x"))).isInstanceOf(ProducerClosedException.class);
    }

    @Test
    void historyAndClear() {
        MockKinesisProducer mock = new MockKinesisProducer(false);
        mock.send("a", utf8("1"));
        List<KinesisRecord> before = mock.history();
        mock.clear();
        assertThat(before).hasSize(1);
        assertThat(mock.history()).isEmpty();
        assertThat(mock.pendingCount()).as("clear forgets the history only").isEqualTo(1);
        mock.send("b", utf8("2"));
        assertThat(mock.history()).extracting(KinesisRecord::partitionKey).containsExactly("b");
        assertThatThrownBy(() -> mock.history().add(KinesisRecord.of("c", utf8("3"))))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shards_aKeyAlwaysLandsOnTheShardItsHashKeySelects() {
        MockKinesisProducer mock = MockKinesisProducer.builder().shards(4).build();
        assertThat(mock.send("k", "0", utf8("x")).join().shardId()).isEqualTo("shardId-000000000000");
        assertThat(mock.send("k", "340282366920938463463374607431768211455", utf8("x")).join().shardId())
                .isEqualTo("shardId-000000000003");
        assertThat(mock.send("k", "85070591730234615865843651857942052864", utf8("x")).join().shardId())
                .as("2^126: the first key of the second shard").isEqualTo("shardId-000000000001");
        String shard = mock.send("order-17", utf8("x")).join().shardId();
        for (int i = 0; i < 5; i++) {
            assertThat(mock.send("order-17", utf8("y")).join().shardId()).isEqualTo(shard);
        }
        List<String> keyless = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            keyless.add(mock.send(utf8("z")).join().shardId());
        }
        assertThat(keyless).as("keyless records spread").doesNotHaveDuplicates();
        assertThatThrownBy(() -> MockKinesisProducer.builder().shards(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metrics_countUserRecordsAndWhatIsPending() {
        MockKinesisProducer mock = new MockKinesisProducer(false);
        mock.send("ab", utf8("123"));
        mock.send("\u00e9", utf8("45"));
        mock.send(utf8("6"));
        ProducerMetrics m = mock.metrics();
        assertThat(m.userRecordsReceived()).isEqualTo(3);
        assertThat(m.bufferedRecords()).isEqualTo(3);
        assertThat(m.bufferedBytes()).isEqualTo(3 + 2 + 2 + 2 + 1);
        mock.completeNext();
        mock.errorNext(MockKinesisProducer.recordFailure("AccessDeniedException", false));
        mock.errorNext(new ProducerClosedException("x"));
        m = mock.metrics();
        assertThat(m.userRecordsPut()).isEqualTo(1);
        assertThat(m.kinesisRecordsPut()).isEqualTo(1);
        assertThat(m.bytesPut()).isEqualTo(3);
        assertThat(m.userRecordsFailed()).isEqualTo(2);
        assertThat(m.errorsByCode()).containsExactlyEntriesOf(java.util.Map.of("AccessDeniedException", 1L));
        assertThat(m.bufferedRecords()).isZero();
        assertThat(m.bufferedBytes()).isZero();
    }

    @Test
    void callbacksMayCallBackIntoTheMock_andSendsFromManyThreadsAreAllKept() throws Exception {
        MockKinesisProducer mock = new MockKinesisProducer(false);
        CompletableFuture<RecordResult> first = mock.send("a", utf8("1"));
        first.thenRun(() -> mock.send("from-callback", utf8("2")));
        mock.completeNext();
        assertThat(mock.history()).extracting(KinesisRecord::partitionKey).containsExactly("a", "from-callback");

        MockKinesisProducer auto = new MockKinesisProducer();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                all.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < 250; i++) {
                        assertThat(auto.send("t" + thread, utf8("r" + i))).isCompleted();
                    }
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(auto.history()).hasSize(1000);
        assertThat(auto.metrics().userRecordsPut()).isEqualTo(1000);
        for (int t = 0; t < 4; t++) {
            String key = "t" + t;
            assertThat(auto.history()).filteredOn(r -> r.partitionKey().equals(key))
                    .extracting(r -> Integer.parseInt(r.dataAsUtf8().substring(1))).as("per-thread order kept")
                    .isSorted().hasSize(250).startsWith(0);
        }
    }

    private static String message(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void sendToKeepsTheStreamOfEachRecord_andFlushOfAStreamWaitsForItsRecordsOnly() {
        MockKinesisProducer mock = new MockKinesisProducer(false);
        Producer p = mock;
        CompletableFuture<RecordResult> orders = p.sendTo("orders", "k1", utf8("a"));
        CompletableFuture<RecordResult> audit = p.sendTo("audit", "k2", "5", utf8("b"));
        CompletableFuture<RecordResult> byRecord = p.send(KinesisRecord.of("k3", utf8("c")).withStream("audit"));
        CompletableFuture<RecordResult> toDefault = p.send("k4", utf8("d"));
        assertThat(mock.history()).containsExactly(
                KinesisRecord.of("k1", utf8("a")).withStream("orders"),
                KinesisRecord.of("k2", utf8("b")).withExplicitHashKey("5").withStream("audit"),
                KinesisRecord.of("k3", utf8("c")).withStream("audit"),
                KinesisRecord.of("k4", utf8("d")));
        CompletableFuture<Void> flushOrders = p.flush("orders");
        CompletableFuture<Void> flushAudit = p.flush("audit");
        CompletableFuture<Void> flushDefault = p.flush("mock-stream");
        assertThat(p.flush("nothing-sent-there")).isCompleted();
        mock.completeNext();
        assertThat(flushOrders).isCompleted();
        assertThat(flushAudit).isNotDone();
        mock.completeNext();
        mock.completeNext();
        assertThat(flushAudit).isCompleted();
        assertThat(flushDefault).isNotDone();
        mock.completeNext();
        assertThat(flushDefault).isCompleted();
        assertThat(List.of(orders, audit, byRecord, toDefault)).allMatch(CompletableFuture::isDone);
    }

    @Test
    void streamsAreCheckedAsTheRealProducerChecksThem() {
        MockKinesisProducer mock = new MockKinesisProducer();
        assertThatThrownBy(() -> mock.sendTo("bad name", "k", utf8("a"))).isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("stream is invalid");
        assertThatThrownBy(() -> mock.sendTo("orders", null, utf8("a"))).isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("partitionKey");
        MockKinesisProducer noDefault = MockKinesisProducer.builder().config(ProducerConfig.builder().build()).build();
        assertThatThrownBy(() -> noDefault.send("k", utf8("a"))).isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("stream is missing");
        noDefault.sendTo("orders", "k", utf8("a")).join();
        assertThat(mock.history()).isEmpty();
        assertThat(noDefault.history()).extracting(KinesisRecord::stream).containsExactly("orders");
    }
}
