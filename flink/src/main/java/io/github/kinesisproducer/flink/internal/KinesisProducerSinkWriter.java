package io.github.kinesisproducer.flink.internal;

import io.github.kinesisproducer.BufferFullException;
import io.github.kinesisproducer.InvalidRecordException;
import io.github.kinesisproducer.KinesisProducerException;
import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.flink.ElementFunction;
import io.github.kinesisproducer.flink.FailedRecord;
import io.github.kinesisproducer.flink.FailedRecordHandler;
import io.github.kinesisproducer.flink.RecordFailurePolicy;
import io.github.kinesisproducer.flink.RecordNotDeliveredException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask's writer: serializes each element, hands it to the subtask's producer (which aggregates, batches,
 * rate-limits and retries), and keeps the at-least-once promise at every {@link #flush}.
 *
 * <ul>
 *   <li>{@link #write} blocks the task thread while the producer's buffer is full (Flink shows back-pressure); it
 *       never drops a record and never holds more than the producer's {@code max_buffered_bytes} /
 *       {@code max_buffered_records}.</li>
 *   <li>{@link #flush} (before every checkpoint barrier and at end of input) returns only when every record written
 *       before it is acknowledged, or failed and dealt with by the {@link RecordFailurePolicy} or handler.</li>
 *   <li>Failures arrive on the producer's callback thread and are queued; the task thread deals with them at its
 *       next {@code write} or {@code flush}.</li>
 * </ul>
 */
public final class KinesisProducerSinkWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisProducerSinkWriter.class);
    /** Dropped records are logged: the first, then every this many. */
    private static final long DROP_LOG_EVERY = 1000;

    private final Producer producer;
    private final StreamRouter router;
    private final SerializationSchema<T> schema;
    private final ElementFunction<T, String> partitionKey;
    private final ElementFunction<T, String> explicitHashKey;
    private final ElementFunction<T, String> streamSelector;
    private final RecordFailurePolicy policy;
    private final FailedRecordHandler handler;
    private final WriterMetrics metrics;
    private final FailureQueue failures = new FailureQueue();
    private final String description;
    private boolean closed;

    /**
     * @param partitionKey null for random keys
     * @param explicitHashKey null for none
     * @param streamSelector null: every record goes to {@code router}'s default stream
     * @param handler null to apply {@code policy}; else it takes every failed record
     */
    public KinesisProducerSinkWriter(Producer producer, StreamRouter router, SerializationSchema<T> schema,
            ElementFunction<T, String> partitionKey, ElementFunction<T, String> explicitHashKey,
            ElementFunction<T, String> streamSelector, RecordFailurePolicy policy, FailedRecordHandler handler,
            WriterMetrics metrics, String description) {
        this.producer = producer;
        this.router = router;
        this.schema = schema;
        this.partitionKey = partitionKey;
        this.explicitHashKey = explicitHashKey;
        this.streamSelector = streamSelector;
        this.policy = policy;
        this.handler = handler;
        this.metrics = metrics;
        this.description = description;
        metrics.bind(producer);
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        if (failures.maybeNonEmpty()) {
            dealWithFailures();
        }
        byte[] data = schema.serialize(element);
        if (data == null) {
            throw new IOException("the serialization schema " + schema.getClass().getName() + " returned null for an "
                    + "element; a Kinesis record needs data (an empty array is allowed)");
        }
        String stream = streamSelector == null ? null : streamSelector.apply(element);
        String key = partitionKey == null ? null : requireKey(partitionKey.apply(element));
        String hashKey = explicitHashKey == null ? null : explicitHashKey.apply(element);
        CompletableFuture<RecordResult> sent;
        try {
            sent = send(stream, key, hashKey, data);
        } catch (InvalidRecordException refused) {
            // Bad input: never sent. It goes the way of any record that failed for good (by default: fail the job).
            metrics.failed();
            dealWith(new FailedRecord(streamName(stream), key, hashKey, data, refused));
            return;
        }
        metrics.sent(data.length);
        // The outcome only queues a failure for the task thread; nothing waits on the future whenComplete returns.
        byte[] kept = handler == null ? null : data; // only a handler gets failed records' data back
        CompletableFuture<?> unused = sent.whenComplete(new Outcome(failures, streamName(stream), key, hashKey, kept));
    }

    private String streamName(String selected) {
        return selected == null ? router.defaultStream() : selected;
    }

    private static String requireKey(String key) throws IOException {
        if (key == null) {
            throw new IOException("the partition key function returned null; return a key for every element (or "
                    + "leave partitionKey unset for random keys)");
        }
        return key;
    }

    /**
     * Hands the record over without waiting if there is room; otherwise counts the wait and blocks until there is,
     * as long as it takes (the producer frees space as records are acknowledged or fail, within {@code record_ttl}).
     */
    private CompletableFuture<RecordResult> send(String stream, String key, String hashKey, byte[] data)
            throws IOException, InterruptedException {
        try {
            return router.send(stream, key, hashKey, data, false);
        } catch (BufferFullException full) {
            metrics.blockedOnFullBuffer();
        }
        long start = System.nanoTime();
        try {
            while (true) {
                try {
                    return router.send(stream, key, hashKey, data, true);
                } catch (BufferFullException stillFull) {
                    // max_block ran out: Kinesis is slow, not broken (that ends in failed records, which free space).
                    // Keep the task blocked rather than drop the record, but let failures so far fail the job.
                    dealWithFailures();
                } catch (KinesisProducerException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw interrupted(e); // the task is being cancelled while it waited
                    }
                    throw e;
                }
            }
        } finally {
            metrics.blockedFor(System.nanoTime() - start);
        }
    }

    private static InterruptedException interrupted(Exception cause) {
        InterruptedException e = new InterruptedException("interrupted while waiting for buffer space");
        e.initCause(cause);
        return e;
    }

    /**
     * Returns once every record written so far is acknowledged, or failed and dealt with: before each checkpoint
     * barrier (so a checkpoint never completes with records in doubt) and at end of input.
     */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        dealWithFailures();
        metrics.samplePeak();
        CompletableFuture<Void> done = producer.flush();
        try {
            done.get();
        } catch (ExecutionException e) {
            throw new IOException("the producer's flush failed: " + e.getCause(), e.getCause());
        }
        // Every record sent before the flush has completed, and its failure (if any) was queued before the flush
        // future completed (the producer completes futures in order on one callback thread).
        dealWithFailures();
    }

    private void dealWithFailures() throws IOException {
        FailedRecord f;
        while ((f = failures.poll()) != null) {
            metrics.failed();
            dealWith(f);
        }
    }

    private void dealWith(FailedRecord f) throws IOException {
        if (handler != null) {
            try {
                handler.handle(f);
            } catch (Exception e) {
                throw new IOException("the failed-record handler threw on " + f.describe() + ": " + e, e);
            }
            metrics.handedOff();
            return;
        }
        if (policy == RecordFailurePolicy.DROP) {
            metrics.dropped();
            long n = metrics.dropCount();
            if (n == 1 || n % DROP_LOG_EVERY == 0) {
                LOG.warn("{}: dropped {} ({} records dropped so far by this subtask)", description, f.describe(), n);
            }
            return;
        }
        throw new RecordNotDeliveredException(f, failures.size());
    }

    /**
     * On a failed or cancelled task (a graceful end flushes first): records not acknowledged yet are given up at once,
     * since Flink sends them again from the last checkpoint.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            ProducerMetrics before = producer.metrics();
            boolean idle = before.bufferedRecords() == 0; // after a flush: a graceful end
            boolean clean = idle ? closeGracefully() : producer.close(Duration.ZERO);
            LOG.info("{}: closed{}; {} records sent, {} user records per Kinesis record, waited for buffer space {} "
                    + "times, buffer peak {} records / {} bytes", description, clean ? ""
                    : " giving up on the records in flight (the job restarts from a checkpoint and sends them again)",
                    before.userRecordsReceived(), String.format("%.1f", before.userRecordsPerKinesisRecord()),
                    metrics.blockedCount(), metrics.bufferedRecordsPeak(), metrics.bufferedBytesPeak());
        } finally {
            if (handler != null) {
                closeHandler();
            }
        }
    }

    /**
     * The handler's close is the user's code and may throw anything; an interrupt (a cancelled task) is passed on as
     * the thread's interrupt status, so that Flink, which closes many things in a row, cannot lose it.
     */
    private void closeHandler() throws IOException {
        try {
            handler.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing the failed-record handler", e);
        } catch (Exception e) {
            throw new IOException("the failed-record handler threw on close: " + e, e);
        }
    }

    private boolean closeGracefully() {
        producer.close();
        return true;
    }

    /** What happens when one record's future completes: on failure, queue it for the task thread. */
    private static final class Outcome implements BiConsumer<RecordResult, Throwable> {
        private final FailureQueue failures;
        private final String stream;
        private final String key;
        private final String hashKey;
        private final byte[] data;

        Outcome(FailureQueue failures, String stream, String key, String hashKey, byte[] data) {
            this.failures = failures;
            this.stream = stream;
            this.key = key;
            this.hashKey = hashKey;
            this.data = data;
        }

        @Override
        public void accept(RecordResult result, Throwable error) {
            if (error == null) {
                return;
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            KinesisProducerException e = cause instanceof KinesisProducerException k ? k
                    : new KinesisProducerException("record failed: " + cause, cause);
            failures.add(new FailedRecord(stream, key, hashKey, data, e));
        }
    }
}
