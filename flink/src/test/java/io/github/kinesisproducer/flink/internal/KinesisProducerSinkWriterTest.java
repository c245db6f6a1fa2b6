package io.github.kinesisproducer.flink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.BufferFullException;
import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.flink.ElementFunction;
import io.github.kinesisproducer.flink.FailedRecord;
import io.github.kinesisproducer.flink.FailedRecordHandler;
import io.github.kinesisproducer.flink.RecordFailurePolicy;
import io.github.kinesisproducer.flink.RecordNotDeliveredException;
import io.github.kinesisproducer.test.MockKinesisProducer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.groups.InternalSinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.junit.jupiter.api.Test;

class KinesisProducerSinkWriterTest {
    private static final String STREAM = "orders";

    private final SinkWriterMetricGroup group = newGroup();
    private final WriterMetrics metrics = new WriterMetrics(group);

    private static SinkWriterMetricGroup newGroup() {
        return InternalSinkWriterMetricGroup.wrap(UnregisteredMetricGroups.createUnregisteredOperatorMetricGroup());
    }

    /** Metrics for a second writer in one test (each writer registers its own). */
    private static WriterMetrics otherMetrics() {
        return new WriterMetrics(newGroup());
    }

    /** Writes text elements "key:value"; the partition key is the part before the colon. */
    private KinesisProducerSinkWriter<String> writer(Producer producer, RecordFailurePolicy policy,
            FailedRecordHandler handler, ElementFunction<String, String> selector) {
        return new KinesisProducerSinkWriter<>(producer, new StreamRouter(producer, STREAM), new SimpleStringSchema(),
                e -> e.substring(0, e.indexOf(':')), null, selector, policy, handler, metrics, "test writer");
    }

    private KinesisProducerSinkWriter<String> writer(Producer producer) {
        return writer(producer, RecordFailurePolicy.FAIL_JOB, null, null);
    }

    /** The writer's flush as the task thread runs it, while the test completes records on its own thread. */
    private static CompletableFuture<Void> flushOnAnotherThread(KinesisProducerSinkWriter<String> w) {
        return CompletableFuture.runAsync(() -> {
            try {
                w.flush(false);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachElementBecomesOneRecordWithItsKeyAndSerializedData() throws Exception {
        MockKinesisProducer producer = new MockKinesisProducer();
        KinesisProducerSinkWriter<String> w = writer(producer);
        w.write("a:1", null);
        w.write("b:22", null);
        w.flush(false);
        assertThat(producer.history()).containsExactly(KinesisRecord.of("a", utf8("a:1")),
                KinesisRecord.of("b", utf8("b:22")));
        assertThat(group.getNumRecordsSendCounter().getCount()).isEqualTo(2);
        assertThat(group.getNumBytesSendCounter().getCount()).isEqualTo(7);
        assertThat(group.getNumRecordsSendErrorsCounter().getCount()).isZero();
    }

    @Test
    void explicitHashKeysAndRandomKeysReachTheProducer() throws Exception {
        MockKinesisProducer producer = new MockKinesisProducer();
        KinesisProducerSinkWriter<String> keyed = new KinesisProducerSinkWriter<>(producer,
                new StreamRouter(producer, STREAM), new SimpleStringSchema(), e -> "k", e -> e.equals("x") ? "42" : null,
                null, RecordFailurePolicy.FAIL_JOB, null, metrics, "keyed");
        keyed.write("x", null);
        keyed.write("y", null);
        KinesisProducerSinkWriter<String> keyless = new KinesisProducerSinkWriter<>(producer,
                new StreamRouter(producer, STREAM), new SimpleStringSchema(), null, null, null,
                RecordFailurePolicy.FAIL_JOB, null, otherMetrics(), "keyless");
        keyless.write("z", null);
        assertThat(producer.history()).containsExactly(KinesisRecord.of("k", utf8("x")).withExplicitHashKey("42"),
                KinesisRecord.of("k", utf8("y")), KinesisRecord.of(utf8("z")));
    }

    @Test
    void flushReturnsOnlyWhenEveryRecordWrittenBeforeItIsAcknowledged() throws Exception {
        MockKinesisProducer producer = new MockKinesisProducer(false);
        KinesisProducerSinkWriter<String> w = writer(producer);
        w.write("a:1", null);
        w.write("a:2", null);
        CompletableFuture<Void> flushed = flushOnAnotherThread(w);
        assertThat(producer.completeNext()).isTrue();
        assertThat(flushed).isNotDone(); // one record still unacknowledged
        assertThat(producer.completeNext()).isTrue();
        flushed.get(10, TimeUnit.SECONDS);
        assertThat(producer.flushCount()).isEqualTo(1);
    }

    @Test
    void aRecordThatFailedOnTheCallbackThreadFailsTheNextWriteWithItsKeyCodeAndAttempts() throws Exception {
        MockKinesisProducer producer = new MockKinesisProducer(false);
        KinesisProducerSinkWriter<String> w = writer(producer);
        w.write("order-17:{}", null);
        producer.errorNext(MockKinesisProducer.recordFailure("AccessDeniedException", false));
        assertThatThrownBy(() -> w.write("order-18:{}", null))
                .isInstanceOf(RecordNotDeliveredException.class)
                .hasMessageContaining("partition key 'order-17'")
                .hasMessageContaining("stream 'orders'")
                .hasMessageContaining("error code AccessDeniedException after 1 attempt")
                .hasMessageContaining("restarts it from its last checkpoint")
                .hasCauseInstanceOf(io.github.kinesisproducer.RecordFailedException.class);
        assertThat(producer.history()).hasSize(1); // the element that met the failure was not sent
        assertThat(group.getNumRecordsSendErrorsCounter().getCount()).isEqualTo(1);
    }

    @Test
    void aFailureBeforeACheckpointFailsItsFlush() throws Exception {
        MockKinesisProducer producer = new MockKinesisProducer(false);
        KinesisProducerSinkWriter<String> w = writer(producer);
        w.write("a:1", null);
        w.write("b:2", null);
        CompletableFuture<Void> flushed = flushOnAnotherThread(w);
        producer.completeNext();
        producer.errorNext(MockKinesisProducer.recordFailure("Expired", true));
        assertThatThrownBy(() -> flushed.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(
                io.github.kinesisproducer.RecordFailedException.class).hasMessageContaining("partition key 'b'");
    }

    @Test
    void dropCountsTheRecordAndGoesOn() throws Exception {
        MockKinesisProducer producer = new MockKinesisProducer(false);
        KinesisProducerSinkWriter<String> w = writer(producer, RecordFailurePolicy.DROP, null, null);
        w.write("a:1", null);
        w.write("b:2", null);
        producer.errorNext(MockKinesisProducer.recordFailure("Expired", true));
        producer.completeNext();
        w.flush(true);
        w.write("c:3", null);
        assertThat(metrics.dropCount()).isEqualTo(1);
        assertThat(group.getNumRecordsSendErrorsCounter().getCount()).isEqualTo(1);
        assertThat(producer.history()).hasSize(3);
    }

    @Test
    void aHandlerGetsTheFailedRecordOnTheTaskThreadWithItsData() throws Exception {
        MockKinesisProducer producer = new MockKinesisProducer(false);
        Recorder handler = new Recorder();
        KinesisProducerSinkWriter<String> w = writer(producer, RecordFailurePolicy.FAIL_JOB, handler, null);
        w.write("a:1", null);
        Thread task = Thread.currentThread();
        CompletableFuture.runAsync(() -> producer.errorNext(
                MockKinesisProducer.recordFailure("ResourceNotFoundException", false))).get(10, TimeUnit.SECONDS);
        assertThat(handler.records).isEmpty(); // not on the callback thread
        w.flush(false);
        assertThat(handler.records).singleElement().satisfies(f -> {
            assertThat(f.partitionKey()).isEqualTo("a");
            assertThat(f.dataAsUtf8()).isEqualTo("a:1");
            assertThat(f.errorCode()).isEqualTo("ResourceNotFoundException");
            assertThat(f.stream()).isEqualTo(STREAM);
        });
        assertThat(handler.threads).containsExactly(task);
        w.close();
        assertThat(handler.closed).isTrue();
    }

    @Test
    void aRecordTheProducerRefusesGoesTheWayOfFailedRecords() throws Exception {
        MockKinesisProducer producer = new MockKinesisProducer();
        String tooLong = "k".repeat(257);
        KinesisProducerSinkWriter<String> failing = new KinesisProducerSinkWriter<>(producer,
                new StreamRouter(producer, STREAM), new SimpleStringSchema(), e -> e.substring(0, e.indexOf(':')), null,
                null, RecordFailurePolicy.FAIL_JOB, null, otherMetrics(), "failing");
        assertThatThrownBy(() -> failing.write(tooLong + ":x", null))
                .isInstanceOf(RecordNotDeliveredException.class)
                .hasMessageContaining("error code InvalidRecord")
                .hasMessageContaining("partitionKey");
        KinesisProducerSinkWriter<String> dropping = writer(producer, RecordFailurePolicy.DROP, null, null);
        dropping.write(tooLong + ":x", null);
        dropping.write("ok:x", null);
        assertThat(metrics.dropCount()).isEqualTo(1);
        assertThat(producer.history()).containsExactly(KinesisRecord.of("ok", utf8("ok:x")));
    }

    @Test
    void theSelectorRoutesEachRecordToItsStreamThroughTheOneProducer() throws Exception {
        MockKinesisProducer producer = new MockKinesisProducer();
        List<FailedRecord> failed = new ArrayList<>();
        KinesisProducerSinkWriter<String> w = writer(producer, RecordFailurePolicy.FAIL_JOB, failed::add,
                e -> e.startsWith("x") ? "audit" : e.startsWith("y")
                        ? "arn:aws:kinesis:us-east-1:123456789012:stream/shared" : null);
        w.write("a:1", null);
        w.write("x:2", null);
        w.write("y:3", null);
        w.flush(false);
        assertThat(producer.history()).containsExactly(KinesisRecord.of("a", utf8("a:1")),
                KinesisRecord.of("x", utf8("x:2")).withStream("audit"),
                KinesisRecord.of("y", utf8("y:3")).withStream("arn:aws:kinesis:us-east-1:123456789012:stream/shared"));
        assertThat(failed).isEmpty();

        KinesisProducerSinkWriter<String> keyless = new KinesisProducerSinkWriter<>(producer,
                new StreamRouter(producer, null), new SimpleStringSchema(), null, null, e -> "audit",
                RecordFailurePolicy.FAIL_JOB, null, otherMetrics(), "no default stream");
        keyless.write("z", null);
        assertThat(producer.history()).last().satisfies(r -> {
            assertThat(r.stream()).isEqualTo("audit");
            assertThat(r.partitionKey()).isNull();
        });
    }

    @Test
    void aRecordForAStreamThatFailsIsReportedWithThatStream() throws Exception {
        MockKinesisProducer producer = new MockKinesisProducer(false);
        List<FailedRecord> failed = new ArrayList<>();
        KinesisProducerSinkWriter<String> w = writer(producer, RecordFailurePolicy.FAIL_JOB, failed::add,
                e -> e.startsWith("x") ? "audit" : null);
        w.write("x:1", null);
        w.write("a:2", null);
        producer.errorNext(MockKinesisProducer.recordFailure("ResourceNotFoundException", false));
        producer.completeNext();
        w.flush(false);
        assertThat(failed).singleElement().satisfies(f -> {
            assertThat(f.stream()).isEqualTo("audit");
            assertThat(f.partitionKey()).isEqualTo("x");
        });
    }

    @Test
    void aNullPartitionKeyOrNullDataIsAClearError() {
        MockKinesisProducer producer = new MockKinesisProducer();
        KinesisProducerSinkWriter<String> w = new KinesisProducerSinkWriter<>(producer,
                new StreamRouter(producer, STREAM), new SimpleStringSchema(), e -> null, null, null,
                RecordFailurePolicy.FAIL_JOB, null, metrics, "null keys");
        assertThatThrownBy(() -> w.write("a", null)).isInstanceOf(IOException.class)
                .hasMessageContaining("partition key function returned null");
        KinesisProducerSinkWriter<String> nullData = new KinesisProducerSinkWriter<>(producer,
                new StreamRouter(producer, STREAM), e -> null, null, null, null, RecordFailurePolicy.FAIL_JOB, null,
                otherMetrics(), "null data");
        assertThatThrownBy(() -> nullData.write("a", null)).isInstanceOf(IOException.class)
                .hasMessageContaining("returned null");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aFullBufferBlocksTheWriterUntilThereIsRoomAndDropsNothing() throws Exception {
        MockKinesisProducer mock = new MockKinesisProducer();
        FullThenRoom producer = new FullThenRoom(mock, 2);
        KinesisProducerSinkWriter<String> w = writer(producer);
        w.write("a:1", null);
        assertThat(producer.blockingSends).isEqualTo(3); // two ran out of max_block, the third got room
        assertThat(mock.history()).containsExactly(KinesisRecord.of("a", utf8("a:1")));
        assertThat(metrics.blockedCount()).isEqualTo(1);
    }

    @Test
    void closeGivesUpOnRecordsInFlightAtOnce() throws Exception {
        MockKinesisProducer producer = new MockKinesisProducer(false);
        KinesisProducerSinkWriter<String> w = writer(producer);
        w.write("a:1", null);
        w.close();
        assertThat(producer.isClosed()).isTrue();
        assertThat(producer.pendingCount()).isZero(); // failed by close(Duration.ZERO), as on a cancelled task
        w.close(); // idempotent
    }

    @Test
    void aHandlerInterruptedWhileClosingLeavesTheInterruptForFlink() {
        MockKinesisProducer producer = new MockKinesisProducer(true);
        KinesisProducerSinkWriter<String> w = writer(producer, RecordFailurePolicy.FAIL_JOB,
                throwingOnClose(new InterruptedException("cancelled while closing")), null);
        try {
            assertThatThrownBy(w::close).isInstanceOf(IOException.class)
                    .hasMessageContaining("interrupted while closing the failed-record handler")
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted(); // clears the flag for the next test
        }
        assertThat(producer.isClosed()).isTrue();
    }

    @Test
    void aHandlerThatThrowsOnCloseFailsTheCloseNamingIt() {
        MockKinesisProducer producer = new MockKinesisProducer(true);
        KinesisProducerSinkWriter<String> w = writer(producer, RecordFailurePolicy.FAIL_JOB,
                throwingOnClose(new Exception("dead-letter store unreachable")), null);
        assertThatThrownBy(w::close).isInstanceOf(IOException.class)
                .hasMessageContaining("the failed-record handler threw on close")
                .hasMessageContaining("dead-letter store unreachable");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    /** A handler that takes every record and throws {@code e} when closed. */
    private static FailedRecordHandler throwingOnClose(Exception e) {
        return new FailedRecordHandler() {
            private static final long serialVersionUID = 1L;

            @Override
            public void handle(FailedRecord record) {
            }

            @Override
            public void close() throws Exception {
                throw e;
            }
        };
    }

    /** Records failed records and the threads that handled them. */
    private static final class Recorder implements FailedRecordHandler {
        private static final long serialVersionUID = 1L;

        final List<FailedRecord> records = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        boolean closed;

        @Override
        public void handle(FailedRecord record) {
            records.add(record);
            threads.add(Thread.currentThread());
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /**
     * A producer whose buffer is full: {@code trySend} refuses, and blocking sends run out of {@code max_block}
     * {@code fullSends} times before there is room.
     */
    private static final class FullThenRoom extends ForwardingProducer {
        private int fullSends;
        int blockingSends;

        FullThenRoom(Producer delegate, int fullSends) {
            super(delegate);
            this.fullSends = fullSends;
        }

        @Override
        public CompletableFuture<io.github.kinesisproducer.RecordResult> trySend(KinesisRecord record) {
            throw new BufferFullException("buffer full (test)");
        }

        @Override
        public CompletableFuture<io.github.kinesisproducer.RecordResult> send(KinesisRecord record) {
            blockingSends++;
            if (fullSends-- > 0) {
                throw new BufferFullException("buffer full for all of max_block (test)");
            }
            return super.send(record);
        }
    }
}
