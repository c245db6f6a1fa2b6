package software.amazon.kinesis.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import io.github.kinesisproducer.BufferFullException;
import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.ProducerClosedException;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.test.MockKinesisProducer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The KPL producer's behaviour over a mock core producer: futures, outstanding count, streams, failures, lifecycle. */
class KinesisProducerTest {
    private final MockKinesisProducer core = MockKinesisProducer.builder().autoComplete(false).shards(2).build();
    private int built;
    private KinesisProducer kpl;

    private KinesisProducer producer(KinesisProducerConfiguration config) {
        kpl = new KinesisProducer(config.setMetricsLevel("none"), () -> {
            built++;
            return core;
        });
        return kpl;
    }

    private KinesisProducer producer() {
        return producer(new KinesisProducerConfiguration());
    }

    @AfterEach
    void destroy() {
        if (kpl != null) {
            kpl.destroy();
        }
    }

    private static ByteBuffer data(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Throwable failure(ListenableFuture<?> f) throws Exception {
        try {
            f.get(5, TimeUnit.SECONDS);
            throw new AssertionError("the future succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void aPutRecordCompletesItsFutureWithShardSequenceAndAttempts() throws Exception {
        KinesisProducer p = producer();
        ListenableFuture<UserRecordResult> f = p.addUserRecord("orders", "key-1", data("one"));
        assertThat(p.getOutstandingRecordsCount()).isEqualTo(1);
        assertThat(f).isNotDone();
        core.completeNext();
        UserRecordResult r = f.get(5, TimeUnit.SECONDS);
        assertThat(r.isSuccessful()).isTrue();
        assertThat(r.getShardId()).startsWith("shardId-");
        assertThat(r.getSequenceNumber()).isNotBlank();
        assertThat(r.getAttempts()).hasSize(1);
        assertThat(r.getAttempts().get(0).isSuccessful()).isTrue();
        assertThat(r.getAttempts().get(0).getDelay()).isNotNegative();
        assertThat(p.getOutstandingRecordsCount()).isZero();
        assertThat(built).isEqualTo(1);
        assertThat(core.history()).containsExactly(KinesisRecord.of("key-1", "one".getBytes(StandardCharsets.UTF_8))
                .withStream("orders"));
    }

    @Test
    void aFailedRecordFailsWithUserRecordFailedExceptionCarryingEveryAttempt() throws Exception {
        KinesisProducer p = producer();
        ListenableFuture<UserRecordResult> f = p.addUserRecord("orders", "k", data("x"));
        core.errorNext(MockKinesisProducer.recordFailure("ResourceNotFoundException", false));
        Throwable t = failure(f);
        assertThat(t).isInstanceOf(UserRecordFailedException.class).hasMessageContaining("ResourceNotFoundException");
        UserRecordResult r = ((UserRecordFailedException) t).getResult();
        assertThat(r.isSuccessful()).isFalse();
        assertThat(r.getShardId()).isNull();
        assertThat(r.getAttempts()).last().satisfies(a -> {
            assertThat(a.isSuccessful()).isFalse();
            assertThat(a.getErrorCode()).isEqualTo("ResourceNotFoundException");
        });
        assertThat(((UserRecordFailedException) t).getUserRecord()).as("ReturnUserRecordOnFailure is off").isNull();
        assertThat(p.getOutstandingRecordsCount()).isZero();
    }

    @Test
    void returnUserRecordOnFailureGivesTheRecordBack() throws Exception {
        KinesisProducer p = producer(new KinesisProducerConfiguration().setReturnUserRecordOnFailure(true));
        ByteBuffer buffer = data("payload");
        ListenableFuture<UserRecordResult> f = p.addUserRecord("orders", "k", "42", buffer);
        assertThat(buffer.position()).as("the caller's buffer is not consumed").isZero();
        core.errorNext(MockKinesisProducer.recordFailure("Expired", true));
        UserRecord back = ((KinesisProducerException) failure(f)).getUserRecord();
        assertThat(back.getStreamName()).isEqualTo("orders");
        assertThat(back.getPartitionKey()).isEqualTo("k");
        assertThat(back.getExplicitHashKey()).isEqualTo("42");
        assertThat(StandardCharsets.UTF_8.decode(back.getData()).toString()).isEqualTo("payload");
    }

    @Test
    void oneCoreProducerServesEveryStreamAndFlushesOneOrAll() throws Exception {
        KinesisProducer p = producer();
        ListenableFuture<UserRecordResult> orders = p.addUserRecord("orders", "k", data("a"));
        ListenableFuture<UserRecordResult> payments = p.addUserRecord("payments", "k", "42", data("b"));
        ListenableFuture<UserRecordResult> audit = p.addUserRecord(new UserRecord(
                "arn:aws:kinesis:us-east-1:123456789012:stream/audit", "k", data("c")));
        assertThat(built).as("one core producer for all streams").isEqualTo(1);
        assertThat(core.history()).extracting(KinesisRecord::stream).containsExactly("orders", "payments",
                "arn:aws:kinesis:us-east-1:123456789012:stream/audit");
        assertThat(core.history().get(1).explicitHashKey()).isEqualTo("42");
        core.completeAll();
        assertThat(List.of(orders, payments, audit)).allSatisfy(f -> assertThat(f.get().isSuccessful()).isTrue());
        assertThat(p.getOutstandingRecordsCount()).isZero();
        // Several streams: the metrics are the producer's totals, without a StreamName dimension.
        assertThat(p.getMetrics("UserRecordsPut")).extracting(Metric::getDimensions).containsExactly(Map.of());
    }

    @Test
    void flushOfOneStreamFlushesThatStreamOfTheCoreProducer() {
        List<String> flushed = new ArrayList<>();
        Producer recording = new DelegatingProducer(core) {
            @Override
            public CompletableFuture<Void> flush() {
                flushed.add("(all)");
                return core.flush();
            }

            @Override
            public CompletableFuture<Void> flush(String stream) {
                flushed.add(stream);
                return core.flush(stream);
            }
        };
        kpl = new KinesisProducer(new KinesisProducerConfiguration().setMetricsLevel("none"), () -> recording);
        kpl.flush("orders"); // before the first record: nothing to flush, no core producer yet
        kpl.addUserRecord("orders", "k", data("a"));
        kpl.addUserRecord("payments", "k", data("b"));
        kpl.flush(" payments ");
        kpl.flush();
        assertThat(flushed).containsExactly("payments", "(all)");
    }

    @Test
    void aFullBufferFailsTheFutureWithBufferFull() throws Exception {
        KinesisProducer p = producer();
        core.throwOnSend(new BufferFullException("the buffer stayed full for 60 s"));
        ListenableFuture<UserRecordResult> f = p.addUserRecord("orders", "k", data("x"));
        Attempt a = ((UserRecordFailedException) failure(f)).getResult().getAttempts().get(0);
        assertThat(a.getErrorCode()).isEqualTo("BufferFull");
        assertThat(a.getErrorMessage()).contains("max_buffered_bytes", "setProducerProperty");
        assertThat(p.getOutstandingRecordsCount()).isZero();
    }

    @Test
    void recordsAreCheckedWithTheKplsRulesAndMessages() {
        KinesisProducer p = producer(new KinesisProducerConfiguration().setMaxUserRecordSize(100));
        assertThatThrownBy(() -> p.addUserRecord(null, "k", data("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Stream name cannot be null");
        assertThatThrownBy(() -> p.addUserRecord("  ", "k", data("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Stream name cannot be empty");
        assertThatThrownBy(() -> p.addUserRecord("s", "k".repeat(257), data("x")))
                .hasMessageContaining("Length must be at least 1 and at most 256, got 257");
        assertThatThrownBy(() -> p.addUserRecord("s", "k", "12a", data("x")))
                .hasMessageContaining("must be an integer, got 12a");
        assertThatThrownBy(() -> p.addUserRecord("s", "k", "340282366920938463463374607431768211456", data("x")))
                .hasMessageContaining("less than or equal to (2^128 - 1)");
        assertThatThrownBy(() -> p.addUserRecord("s", "k", ByteBuffer.allocate(101)))
                .hasMessage("Data must be less than or equal to 100 bytes in size, got 101 bytes");
        assertThatThrownBy(() -> p.addUserRecord("s", "k", null, data("x"),
                new com.amazonaws.services.schemaregistry.common.Schema("{}", "AVRO", "s")))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Glue Schema Registry");
        assertThat(p.getOutstandingRecordsCount()).isZero();
        assertThat(core.history()).isEmpty();
    }

    @Test
    void keylessRecordsAndExplicitHashKeysReachTheCoreProducer() {
        KinesisProducer p = producer();
        p.addUserRecord("s", data("no key"));
        p.addUserRecord(new UserRecord("s", "k", " 0042 ", data("hashed")));
        assertThat(core.history()).extracting(KinesisRecord::partitionKey, KinesisRecord::explicitHashKey)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(null, null),
                        org.assertj.core.groups.Tuple.tuple("k", "42"));
    }

    @Test
    void flushSyncFlushesAndReturnsOnceNothingIsOutstanding() throws Exception {
        // A core producer that completes what it holds when flushed: flushSync must flush and then wait.
        Producer completesOnFlush = new DelegatingProducer(core) {
            @Override
            public CompletableFuture<Void> flush() {
                core.completeAll();
                return core.flush();
            }
        };
        kpl = new KinesisProducer(new KinesisProducerConfiguration().setMetricsLevel("none"), () -> completesOnFlush);
        List<ListenableFuture<UserRecordResult>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(kpl.addUserRecord("s", "k" + i, data("r" + i)));
        }
        kpl.flushSync();
        assertThat(kpl.getOutstandingRecordsCount()).isZero();
        assertThat(futures).allSatisfy(f -> assertThat(f.get().isSuccessful()).isTrue());
        assertThat(core.flushCount()).isPositive();
    }

    @Test
    void destroyFailsWhatIsOutstandingAndRefusesFurtherCalls() throws Exception {
        KinesisProducer p = producer();
        ListenableFuture<UserRecordResult> f = p.addUserRecord("s", "k", data("x"));
        p.destroy();
        assertThat(failure(f)).isInstanceOf(KinesisProducerException.class)
                .hasCauseInstanceOf(ProducerClosedException.class);
        assertThat(p.getOutstandingRecordsCount()).isZero();
        assertThatThrownBy(() -> p.addUserRecord("s", "k", data("y"))).isInstanceOf(DaemonException.class);
        assertThatThrownBy(p::flush).isInstanceOf(DaemonException.class);
        assertThatThrownBy(p::getMetrics).isInstanceOf(DaemonException.class);
        assertThat(core.isClosed()).isTrue();
        kpl = null;
    }

    @Test
    void userRecordTimeoutFailsTheFutureAndStopsCountingIt() throws Exception {
        KinesisProducer p = producer(new KinesisProducerConfiguration().setUserRecordTimeoutInMillis(50)
                .setReturnUserRecordOnFailure(true));
        ListenableFuture<UserRecordResult> f = p.addUserRecord("s", "k", data("slow"));
        Throwable t = failure(f);
        assertThat(t).isInstanceOf(FutureTimedOutException.class).hasMessageContaining("UserRecordTimeoutInMillis=50");
        assertThat(((FutureTimedOutException) t).getUserRecord().getPartitionKey()).isEqualTo("k");
        assertThat(p.getOutstandingRecordsCount()).isZero();
        core.completeNext(); // the late result changes nothing
        assertThat(failure(f)).isInstanceOf(FutureTimedOutException.class);
        assertThat(p.getOutstandingRecordsCount()).isZero();
    }

    @Test
    void oldestRecordAgeIsZeroWhenNothingIsOutstandingOrTrackingIsOff() {
        KinesisProducer p = producer();
        assertThat(p.getOldestRecordTimeInMillis()).isZero();
        p.addUserRecord("s", "k", data("x"));
        assertThat(p.getOldestRecordTimeInMillis()).isNotNegative();
        core.completeAll();
        assertThat(p.getOldestRecordTimeInMillis()).isZero();
    }

    @Test
    void withoutTheOldestFutureTrackerTheAgeIsZero() {
        KinesisProducer off = producer(new KinesisProducerConfiguration().setEnableOldestFutureTracker(false));
        off.addUserRecord("s", "k", data("x"));
        assertThat(off.getOutstandingRecordsCount()).isEqualTo(1);
        assertThat(off.getOldestRecordTimeInMillis()).isZero();
    }

    @Test
    void metricsMapTheCoreCountersToKplNames() throws Exception {
        KinesisProducer p = producer();
        assertThat(p.getMetrics("UserRecordsPut")).singleElement().satisfies(m -> assertThat(m.getSum()).isZero());
        ListenableFuture<UserRecordResult> a = p.addUserRecord("s", "k", data("12345"));
        ListenableFuture<UserRecordResult> b = p.addUserRecord("s", "k", data("123"));
        p.addUserRecord("s", "k", data("pending"));
        core.completeNext();
        core.completeNext();
        a.get();
        b.get();
        List<Metric> put = p.getMetrics("UserRecordsPut");
        assertThat(put).extracting(Metric::getDimensions).containsExactly(Map.of(), Map.of("StreamName", "s"));
        assertThat(put).allSatisfy(m -> assertThat(m.getSum()).isEqualTo(2));
        Metric size = p.getMetrics("UserRecordsDataPut").get(0);
        assertThat(size.getSum()).isEqualTo(8);
        assertThat(size.getMin()).isEqualTo(3);
        assertThat(size.getMax()).isEqualTo(5);
        assertThat(p.getMetrics("UserRecordsPending").get(0).getSum()).isEqualTo(1);
        assertThat(p.getMetrics("UserRecordsReceived").get(0).getSum()).isEqualTo(3);
        assertThat(p.getMetrics(60)).extracting(Metric::getName).contains("UserRecordsPut", "BufferingTime",
                "RequestTime", "RetriesPerRecord", "AllErrors", "UserRecordExpired");
        assertThat(p.getMetrics("NoSuchMetric")).isEmpty();
        core.errorNext(MockKinesisProducer.recordFailure("Expired", true));
        assertThat(p.getMetrics("UserRecordExpired").get(0).getSum()).isEqualTo(1);
        assertThat(p.getMetrics("ErrorsByCode")).extracting(Metric::getDimensions)
                .contains(Map.of("ErrorCode", "Expired"));
    }

    @Test
    void setStreamIdChecksItsArguments() {
        KinesisProducer p = producer();
        assertThatThrownBy(() -> p.setStreamId(" ", "id")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.setStreamId("s", null)).isInstanceOf(IllegalArgumentException.class);
        p.setStreamId("s", "id-1");
    }

    /** Forwards everything to another producer; tests override what they need. */
    private static class DelegatingProducer implements Producer {
        private final Producer d;

        DelegatingProducer(Producer d) {
            this.d = d;
        }

        @Override
        public CompletableFuture<RecordResult> send(byte[] data) {
            return d.send(data);
        }

        @Override
        public CompletableFuture<RecordResult> send(String partitionKey, byte[] data) {
            return d.send(partitionKey, data);
        }

        @Override
        public CompletableFuture<RecordResult> send(String partitionKey, String explicitHashKey, byte[] data) {
            return d.send(partitionKey, explicitHashKey, data);
        }

        @Override
        public CompletableFuture<RecordResult> send(KinesisRecord record) {
            return d.send(record);
        }

        @Override
        public CompletableFuture<RecordResult> trySend(String partitionKey, byte[] data) {
            return d.trySend(partitionKey, data);
        }

        @Override
        public CompletableFuture<RecordResult> trySend(String partitionKey, String explicitHashKey, byte[] data) {
            return d.trySend(partitionKey, explicitHashKey, data);
        }

        @Override
        public CompletableFuture<RecordResult> trySend(KinesisRecord record) {
            return d.trySend(record);
        }

        @Override
        public CompletableFuture<Void> flush() {
            return d.flush();
        }

        @Override
        public void close() {
            d.close();
        }

        @Override
        public boolean close(Duration timeout) {
            return d.close(timeout);
        }

        @Override
        public ProducerMetrics metrics() {
            return d.metrics();
        }
    }
}
