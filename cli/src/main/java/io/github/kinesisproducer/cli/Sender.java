package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.BufferFullException;
import io.github.kinesisproducer.InvalidRecordException;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerClosedException;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Feeds records into a producer and keeps the tally the summary needs. It holds no futures (a file may have
 * millions of records): outcomes are counted in callbacks.
 *
 * <p>A failure that cannot be retried (unknown stream, access denied, ...) will fail every later record the same
 * way, so reading stops at the first one; records already handed over still complete.
 */
final class Sender {
    /** Local error codes, counted with Kinesis's own in the summary. */
    static final String INVALID_RECORD = "InvalidRecord";
    static final String BUFFER_FULL = "BufferFull";
    /** Stop reason when the producer was closed under us (Ctrl-C). */
    static final String CLOSED = "ProducerClosed";
    private static final int MAX_MESSAGES = 5;
    private static final Duration CALLBACK_WAIT = Duration.ofSeconds(30);

    /** What the source of records must offer. */
    interface Source {
        /** The next record, or null at the end. */
        byte[] next() throws IOException;

        /** Where the last record came from, for messages. */
        String position();
    }

    private final KinesisProducer producer;
    private final PartitionKeys keys;
    private final PrintStream err;
    private final AtomicLong submitted = new AtomicLong();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder callbacks = new LongAdder();
    private final Map<String, LongAdder> failuresByCode = new ConcurrentHashMap<>();
    private final AtomicInteger messages = new AtomicInteger();
    private volatile String stopReason;
    private final long startNanos = System.nanoTime();
    private volatile long endNanos;

    Sender(KinesisProducer producer, PartitionKeys keys, PrintStream err) {
        this.producer = producer;
        this.keys = keys;
        this.err = err;
    }

    /**
     * Sends every record of {@code source} (blocking while the producer's buffer is full), then waits until each
     * one is acknowledged or failed and its callback has run. The producer stays open (closing it shuts down its
     * HTTP client, which takes a moment the user need not wait for before seeing the result).
     */
    void sendAll(Source source) throws IOException, InterruptedException {
        byte[] record;
        while (stopReason == null && (record = source.next()) != null) {
            send(source.position(), record);
        }
        if (CLOSED.equals(stopReason)) {
            return;
        }
        try {
            producer.flush().get(); // bounded: every record completes within its time-to-live
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("flush failed: " + e.getCause(), e.getCause());
        }
        awaitCallbacks(CALLBACK_WAIT);
    }

    /** Sends one record with the configured partition key; local problems are counted as failures. */
    void send(String position, byte[] record) {
        String key;
        try {
            key = keys.keyFor(record);
        } catch (PartitionKeys.KeyException e) {
            localFailure(PartitionKeys.NO_KEY, position + ": " + e.getMessage());
            return;
        }
        try {
            (key == null ? producer.send(record) : producer.send(key, record)).whenComplete(this::completed);
            submitted.incrementAndGet();
        } catch (InvalidRecordException e) {
            localFailure(INVALID_RECORD, position + ": " + e.getMessage());
        } catch (BufferFullException e) {
            localFailure(BUFFER_FULL, position + ": " + e.getMessage());
        } catch (ProducerClosedException e) {
            stopReason = CLOSED; // Ctrl-C: the shutdown hook closed the producer and reports what got through
        }
    }

    private void completed(RecordResult result, Throwable error) {
        try {
            if (error == null) {
                succeeded.increment();
            } else {
                failed(error);
            }
        } finally {
            callbacks.increment();
        }
    }

    private void failed(Throwable error) {
        Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        String code = e instanceof RecordFailedException f && f.errorCode() != null ? f.errorCode()
                : e.getClass().getSimpleName();
        failed.increment();
        failuresByCode.computeIfAbsent(code, c -> new LongAdder()).increment();
        report("record failed: " + code + ": " + e.getMessage());
        if (e instanceof RecordFailedException f && !f.isRetriable() && stopReason == null) {
            stopReason = code;
            err.println("stopping: " + code + " cannot succeed by retrying, so the remaining input is not sent");
        }
    }

    private void localFailure(String code, String message) {
        failed.increment();
        failuresByCode.computeIfAbsent(code, c -> new LongAdder()).increment();
        report(message);
    }

    /** The first few problems are shown as they happen; the summary counts them all. */
    private void report(String message) {
        int n = messages.incrementAndGet();
        if (n <= MAX_MESSAGES) {
            err.println("error: " + message);
        } else if (n == MAX_MESSAGES + 1) {
            err.println("error: more records failed; see the summary for the count by error code");
        }
    }

    /**
     * Waits until every handed-over record's callback ran. A completed flush or close means every result is in;
     * the callbacks run just after, on the producer's callback thread.
     */
    void awaitCallbacks(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (callbacks.sum() < submitted.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        endNanos = System.nanoTime();
    }

    long succeeded() {
        return succeeded.sum();
    }

    long failed() {
        return failed.sum();
    }

    /** Records handed to the producer (not counting those refused before sending). */
    long submitted() {
        return submitted.get();
    }

    /** Final failures by error code, sorted by code. */
    Map<String, Long> failuresByCode() {
        Map<String, Long> m = new TreeMap<>();
        failuresByCode.forEach((code, n) -> m.put(code, n.sum()));
        return m;
    }

    /** The error code that stopped reading early, or null. */
    String stopReason() {
        return stopReason;
    }

    Duration elapsed() {
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        return Duration.ofNanos(end - startNanos);
    }
}
