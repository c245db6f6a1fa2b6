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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Feeds records into a producer and keeps the tally the summary needs. It holds no futures (a file may have
 * millions of records): outcomes are counted in callbacks.
 *
 * <p>A failure that cannot be retried (unknown stream, access denied, ...) will fail every later record the same
 * way, so reading stops at the first one; records already handed over still complete. So does a record that cannot
 * be read (a line too long, a truncated file): what was handed over before it is still flushed and counted, so the
 * summary can say what got through.
 */
final class Sender implements Progress.Counts {
    /** Local error codes, counted with Kinesis's own in the summary. */
    static final String INVALID_RECORD = "InvalidRecord";
    static final String BUFFER_FULL = "BufferFull";
    /** Stop reason when the producer was closed under us (Ctrl-C). */
    static final String CLOSED = "ProducerClosed";
    /** Stop reason when the input could not be read on. */
    static final String READ_ERROR = "ReadError";
    /** Records a deadline-bounded close (Ctrl-C) failed before Kinesis answered for them. */
    static final String INTERRUPTED = "Interrupted";
    private static final int MAX_MESSAGES = 5;
    private static final Duration CALLBACK_WAIT = Duration.ofSeconds(30);
    /** Flush is re-checked this often in case the producer was closed under us (its flush may never complete). */
    private static final long FLUSH_POLL_MS = 200;

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
    private final AtomicLong recordsRead = new AtomicLong();
    private final AtomicLong submitted = new AtomicLong();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder failedMaybeStored = new LongAdder();
    private final LongAdder callbacks = new LongAdder();
    private final LongAdder bytesSubmitted = new LongAdder();
    private final LongAdder attempts = new LongAdder();
    private final Map<Integer, LongAdder> recordsByAttempts = new ConcurrentHashMap<>();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final SendRate rate;
    private final Map<String, LongAdder> failuresByCode = new ConcurrentHashMap<>();
    private final AtomicInteger messages = new AtomicInteger();
    private volatile String stopReason;
    private volatile Source source;
    private volatile boolean readingFinished;
    private volatile boolean allInputRead;
    private volatile Exception readError;
    private volatile String unsentPosition;
    private final long startNanos = System.nanoTime();
    private volatile long endNanos;

    Sender(KinesisProducer producer, PartitionKeys keys, PrintStream err) {
        this(producer, keys, err, null);
    }

    /** @param rate this send's own overall limit ({@code --rate-limit-*}), or null */
    Sender(KinesisProducer producer, PartitionKeys keys, PrintStream err, SendRate rate) {
        this.producer = producer;
        this.keys = keys;
        this.err = err;
        this.rate = rate;
    }

    /**
     * Sends every record of {@code source} (blocking while the producer's buffer is full), then waits until each
     * one is acknowledged or failed and its callback has run. The producer stays open (closing it shuts down its
     * HTTP client, which takes a moment the user need not wait for before seeing the result).
     *
     * <p>A source that fails to read stops the loop like the end of the input, with {@link #readError()} set: the
     * records before it are still flushed and counted.
     */
    void sendAll(Source source) throws InterruptedException {
        this.source = source;
        try {
            while (stopReason == null) {
                byte[] record = source.next();
                if (record == null) {
                    allInputRead = true;
                    break;
                }
                recordsRead.incrementAndGet();
                send(source, record);
            }
        } catch (IOException | CliException e) {
            readError = e;
            stopReason = READ_ERROR;
        } finally {
            readingFinished = true;
        }
        if (!CLOSED.equals(stopReason)) {
            awaitFlush();
        }
        awaitCallbacks(CALLBACK_WAIT);
    }

    private void awaitFlush() throws InterruptedException {
        CompletableFuture<Void> flushed = producer.flush();
        while (true) {
            try {
                flushed.get(FLUSH_POLL_MS, TimeUnit.MILLISECONDS); // records' TTL bounds it
                return;
            } catch (ExecutionException e) {
                throw new IllegalStateException("flush failed: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                if (callbacks.sum() >= submitted.get()) {
                    return; // every result is in: nothing left to flush (a producer closed under us may never answer)
                }
            }
        }
    }

    /** Sends one record with the configured partition key; local problems are counted as failures. */
    private void send(Source from, byte[] record) throws InterruptedException {
        String key;
        try {
            key = keys.keyFor(record);
        } catch (PartitionKeys.KeyException e) {
            localFailure(PartitionKeys.NO_KEY, from.position() + ": " + e.getMessage());
            return;
        }
        if (rate != null) {
            rate.acquire(record.length);
        }
        try {
            long handedOver = System.nanoTime();
            // completed() counts the outcome; nothing waits on the future whenComplete returns.
            CompletableFuture<?> unused = (key == null ? producer.send(record) : producer.send(key, record))
                    .whenComplete((result, error) -> completed(result, error, handedOver));
            submitted.incrementAndGet();
            bytesSubmitted.add(record.length);
        } catch (InvalidRecordException e) {
            localFailure(INVALID_RECORD, from.position() + ": " + e.getMessage());
        } catch (BufferFullException e) {
            localFailure(BUFFER_FULL, from.position() + ": " + e.getMessage());
        } catch (ProducerClosedException e) {
            // Ctrl-C: the shutdown hook closed the producer. This record was read but not sent.
            unsentPosition = from.position();
            stopReason = CLOSED;
        }
    }

    private void completed(RecordResult result, Throwable error, long handedOver) {
        try {
            latency.record(System.nanoTime() - handedOver);
            if (error == null) {
                succeeded.increment();
                countAttempts(result.attemptCount());
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
        if (e instanceof ProducerClosedException) {
            // The Ctrl-C deadline ran out: counted, and reported once in the interrupted line, not per record.
            failed.increment();
            failuresByCode.computeIfAbsent(INTERRUPTED, c -> new LongAdder()).increment();
            return;
        }
        String code = e instanceof RecordFailedException f && f.errorCode() != null ? f.errorCode()
                : e.getClass().getSimpleName();
        if (e instanceof RecordFailedException f) {
            countAttempts(f.attempts().size());
        }
        failed.increment();
        if (e instanceof RecordFailedException f && f.mayHaveBeenStored()) {
            failedMaybeStored.increment();
        }
        failuresByCode.computeIfAbsent(code, c -> new LongAdder()).increment();
        report("record failed: " + code + ": " + e.getMessage());
        if (e instanceof RecordFailedException f && !f.isRetriable() && stopReason == null) {
            stopReason = code;
            err.println("stopping: " + code + " cannot succeed by retrying, so the remaining input is not sent");
        }
    }

    private void countAttempts(int n) {
        attempts.add(n);
        recordsByAttempts.computeIfAbsent(n, k -> new LongAdder()).increment();
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

    @Override
    public long succeeded() {
        return succeeded.sum();
    }

    @Override
    public long failed() {
        return failed.sum();
    }

    /** Failed records of which a request got no answer: Kinesis may have stored them anyway. */
    long failedMaybeStored() {
        return failedMaybeStored.sum();
    }

    /** Records taken from the source so far (sent, refused, or the one a Ctrl-C kept from being sent). */
    @Override
    public long recordsRead() {
        return recordsRead.get();
    }

    /** True once no more records will be read: the end of the input, an error, or a stop. */
    @Override
    public boolean readingFinished() {
        return readingFinished;
    }

    /** True if the source reached its end (nothing was left unread). */
    boolean allInputRead() {
        return allInputRead;
    }

    /** Why reading failed, or null. */
    Exception readError() {
        return readError;
    }

    /** The record that was read but not sent because the producer was closed (Ctrl-C), or null. */
    String unsentPosition() {
        return unsentPosition;
    }

    /**
     * Where reading is, for a report made while the main thread may still be blocked reading (Ctrl-C): the source's
     * position read from another thread, good enough for a message. Null before the first record.
     */
    String lastPosition() {
        Source s = source;
        return s == null || recordsRead.get() == 0 ? null : s.position();
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

    /** Bytes of the records handed to the producer (data only). */
    long bytesSubmitted() {
        return bytesSubmitted.sum();
    }

    /** PutRecords attempts of the records that have a result, summed. */
    long attempts() {
        return attempts.sum();
    }

    /** How many records took 1, 2, ... attempts. */
    Map<Integer, Long> recordsByAttempts() {
        Map<Integer, Long> m = new TreeMap<>();
        recordsByAttempts.forEach((n, c) -> m.put(n, c.sum()));
        return m;
    }

    /** Hand-over-to-result latency of every record with a result. */
    LatencyHistogram latency() {
        return latency;
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
