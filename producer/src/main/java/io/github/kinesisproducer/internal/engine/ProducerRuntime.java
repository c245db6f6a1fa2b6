package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.BufferFullException;
import io.github.kinesisproducer.Clock;
import io.github.kinesisproducer.KinesisProducerException;
import io.github.kinesisproducer.ProducerClosedException;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.internal.protocol.KinesisTransport;
import io.github.kinesisproducer.internal.shards.HashKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link Engine} on its own sender thread and gives callers the thread-safe side: the record's stream,
 * validation, memory reservation (back-pressure: the stream's share of the buffer, then the buffer), hand-off, flush
 * and close. The public {@code KinesisProducer} delegates here.
 */
public final class ProducerRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerRuntime.class);
    private static final AtomicInteger IDS = new AtomicInteger();
    /** Wake the sender at least every this many records, so full aggregates are sealed promptly. */
    private static final long WAKE_EVERY_RECORDS = 4096;

    private final ProducerConfig config;
    private final Clock clock;
    private final KinesisTransport transport;
    private final MemoryPool pool;
    private final StreamDirectory streams;
    private final RecordValidator validator;
    private final Engine engine;
    private final Thread sender;
    private final ExecutorService ownExecutor;
    /** Counted down when the sender thread has ended (everything delivered, failed or aborted). */
    private final CountDownLatch senderDone = new CountDownLatch(1);
    /** Counted down when, after that, the callbacks queued on our own executor have run too. */
    private final CountDownLatch terminated = new CountDownLatch(1);
    /** The thread of {@link #ownExecutor}, once it exists: a close() on it must not wait for itself. */
    private volatile Thread callbackThread;
    private final long ttlNanos;
    private final long maxBufferedNanos;
    private final long maxBlockNanos;
    private final boolean randomKeyUpFront;

    private final AtomicLong activeSends = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean sleeping;
    private volatile long sleepUntilNanos;
    private volatile long closeDeadlineNanos = Long.MAX_VALUE;
    private volatile Throwable crash;
    private volatile boolean drainedCleanly;

    /**
     * @param callbackExecutor where futures complete; null for a dedicated single thread (keeps completion order)
     */
    public ProducerRuntime(ProducerConfig config, KinesisTransport transport, Clock clock, Executor callbackExecutor,
            io.github.kinesisproducer.ProducerListener listener) {
        this.config = config;
        this.clock = clock;
        this.transport = transport;
        this.pool = new MemoryPool(config.maxBufferedBytes(), config.maxBufferedRecords());
        this.streams = new StreamDirectory(config);
        this.ttlNanos = config.recordTtl().toNanos();
        this.maxBufferedNanos = config.maxBufferedTime().toNanos();
        this.maxBlockNanos = config.maxBlock().toNanos();
        this.randomKeyUpFront = config.aggregation() != Aggregation.DELIMITED;
        int id = IDS.incrementAndGet();
        this.ownExecutor = callbackExecutor == null ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kinesis-producer-" + id + "-callbacks");
            t.setDaemon(true);
            callbackThread = t;
            return t;
        }) : null;
        this.sender = new Thread(this::loop, "kinesis-producer-" + id + "-sender");
        this.sender.setDaemon(true);
        this.engine = new Engine(config, transport, clock, pool, streams,
                callbackExecutor != null ? callbackExecutor : ownExecutor,
                () -> ThreadLocalRandom.current().nextDouble(), () -> LockSupport.unpark(sender), listener);
        this.validator = RecordValidator.forConfig(config);
        sender.start();
    }

    /**
     * Validates, reserves buffer space (blocking up to max_block if {@code block}), and hands the record over.
     *
     * @param stream the record's stream (name or ARN), or null for the default stream
     * @param keyless true for the seed's {@code send(record)}: a random key (per Kinesis record when delimited)
     */
    public CompletableFuture<RecordResult> send(String stream, String partitionKey, String explicitHashKey,
            byte[] data, boolean block, boolean keyless) {
        // The caller may reuse its array as soon as send returns (pooled buffers): keep our own copy, and check that
        // copy, so what is validated is what is sent.
        return sendOwned(stream, partitionKey, explicitHashKey, data == null ? null : data.clone(), block, keyless);
    }

    /**
     * As {@link #send}, for data that is already the producer's alone (a {@code KinesisRecord}'s private copy, never
     * written after it was made): not copied again.
     */
    public CompletableFuture<RecordResult> sendOwned(String stream, String partitionKey, String explicitHashKey,
            byte[] data, boolean block, boolean keyless) {
        ensureOpen();
        StreamHandle handle = streams.resolve(stream);
        refuseIfIncompatible(handle);
        validator.checkData(data);
        String key = partitionKey;
        if (keyless) {
            key = randomKeyUpFront ? RandomKeys.next() : null;
        } else {
            validator.checkKey(key);
        }
        HashKey hash = null;
        if (explicitHashKey != null) {
            hash = validator.parseExplicitHashKey(explicitHashKey);
        }
        long now = clock.nanoTime();
        PendingRecord r = new PendingRecord(handle, key, explicitHashKey, data, now, ttlNanos, keyless);
        validator.checkSize(r, handle.sizeLimit);
        if (key != null) {
            r.hashKey = hash != null ? hash : HashKey.ofUtf8(r.keyUtf8);
        }
        reserve(r, handle, block);
        activeSends.incrementAndGet();
        try {
            if (closed) {
                handle.quota.release(r.reservedBytes);
                pool.release(r.reservedBytes);
                throw closedError();
            }
            handle.stats.userRecordsReceived.increment();
            long count = engine.inboxCount();
            engine.offer(r);
            long until = sleepUntilNanos;
            // Wake the sender only if it would otherwise sleep past this record's deadline (while the stream's first
            // shard map is awaited, records are held until then anyway), or to keep the inbox short.
            long due = Math.max(now + maxBufferedNanos, handle.heldUntilNanos);
            if (sleeping && (until == Long.MAX_VALUE || until - due > 0
                    || (count > 0 && count % WAKE_EVERY_RECORDS == 0))) {
                LockSupport.unpark(sender);
            }
        } finally {
            activeSends.decrementAndGet();
        }
        return r.future;
    }

    /**
     * A future that completes when every record sent before this call (to {@code stream}, or to any stream when it is
     * null) is acknowledged or failed.
     */
    public CompletableFuture<Void> flush(String stream) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (terminated.getCount() == 0) {
            f.complete(null);
            return f;
        }
        engine.offer(new Engine.Marker(f, false, stream));
        LockSupport.unpark(sender);
        return f;
    }

    /**
     * Stops accepting records, sends what is buffered and waits. With a timeout, whatever is not done when it runs
     * out fails with {@link ProducerClosedException}.
     *
     * @param timeout null to wait as long as records live (their TTL bounds it)
     * @return true if everything was delivered or failed on its own, false if the deadline cut it short
     */
    public boolean close(Duration timeout) {
        if (!closed) {
            synchronized (this) {
                if (!closed) {
                    closed = true;
                    while (activeSends.get() > 0) {
                        Thread.onSpinWait(); // a send between its closed check and its hand-off
                    }
                    engine.offer(new Engine.Marker(null, true));
                }
            }
        }
        if (timeout != null) {
            long deadline = clock.nanoTime() + timeout.toNanos();
            closeDeadlineNanos = Math.min(closeDeadlineNanos, deadline);
        }
        LockSupport.unpark(sender);
        awaitTermination();
        return drainedCleanly;
    }

    /**
     * Waits until the sender thread has ended and every callback has run. Called from one of our own callbacks it
     * waits for the sender only: the callbacks queued behind the caller cannot run until it returns, so waiting for
     * them would only hang (up to the 30 s cap in {@link #finishShutdown}).
     */
    public void awaitTermination() {
        CountDownLatch latch = Thread.currentThread() == callbackThread ? senderDone : terminated;
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    public ProducerMetrics metrics() {
        return streams.totals(pool, engine.inFlightRequests());
    }

    /** One stream's counters and gauges, or null if no record was ever sent to it. */
    public ProducerMetrics metrics(String stream) {
        StreamHandle h = streams.get(stream);
        return h == null ? null : h.snapshot();
    }

    public ProducerConfig config() {
        return config;
    }

    /**
     * Takes the record's room in its stream's share of the buffer, then in the buffer, within one {@code max_block}
     * (FIFO in each): a stream at its share blocks its own senders only.
     */
    private void reserve(PendingRecord r, StreamHandle handle, boolean block) {
        long wait = block ? maxBlockNanos : 0;
        long start = System.nanoTime(); // max_block is real time, as the pools' waits are
        try {
            if (!handle.quota.reserve(r.reservedBytes, wait)) {
                throw streamFull(handle, block);
            }
            boolean ok = false;
            try {
                ok = pool.reserve(r.reservedBytes, block ? Math.max(0, wait - (System.nanoTime() - start)) : 0);
            } finally {
                if (!ok) {
                    handle.quota.release(r.reservedBytes);
                }
            }
            if (!ok) {
                throw new BufferFullException("buffer full: " + pool.usedRecords() + " records / " + pool.usedBytes()
                        + " bytes held (max_buffered_records=" + config.maxBufferedRecords() + ", max_buffered_bytes="
                        + config.maxBufferedBytes() + ")" + (block ? " for all of max_block=" + config.maxBlock() : "")
                        + "; Kinesis is not keeping up: slow down, add shards, or raise the limits. The record was "
                        + "not accepted.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KinesisProducerException("interrupted while waiting for buffer space; the record was not accepted");
        }
    }

    private BufferFullException streamFull(StreamHandle handle, boolean block) {
        if (!streams.several()) { // one stream: its share is the whole buffer
            return new BufferFullException("buffer full: " + handle.quota.usedRecords() + " records / "
                    + handle.quota.usedBytes() + " bytes held (max_buffered_records=" + config.maxBufferedRecords()
                    + ", max_buffered_bytes=" + config.maxBufferedBytes() + ")" + (block ? " for all of max_block="
                    + config.maxBlock() : "") + "; Kinesis is not keeping up: slow down, add shards, or raise the "
                    + "limits. The record was not accepted.");
        }
        return new BufferFullException("buffer share of stream '" + handle.name + "' full: it holds "
                + handle.quota.usedRecords() + " records / " + handle.quota.usedBytes() + " bytes (stream_buffer_share="
                + config.streamBufferShare() + " % of max_buffered_records=" + config.maxBufferedRecords()
                + " and max_buffered_bytes=" + config.maxBufferedBytes() + ")" + (block ? " for all of max_block="
                + config.maxBlock() : "") + "; Kinesis is not keeping up with this stream (throttled? too few "
                + "shards?): slow down for it, add shards, or raise the limits. The other streams are not affected. "
                + "The record was not accepted.");
    }

    /** A strict-ordering producer refuses a stream found placing records itself (AUTO). */
    private static void refuseIfIncompatible(StreamHandle handle) {
        io.github.kinesisproducer.IncompatibleStreamException refused = handle.refusal;
        if (refused != null) {
            throw new io.github.kinesisproducer.IncompatibleStreamException(refused.getMessage());
        }
    }

    private void ensureOpen() {
        if (crash != null) {
            throw new KinesisProducerException("the producer's sender thread failed and it no longer accepts records: "
                    + crash, crash);
        }
        if (closed) {
            throw closedError();
        }
    }

    private static ProducerClosedException closedError() {
        return new ProducerClosedException("send after close(): this producer no longer accepts records; create a new one");
    }

    private void loop() {
        try {
            while (true) {
                long now = clock.nanoTime();
                if (now >= closeDeadlineNanos) {
                    engine.abortAll(new ProducerClosedException("close() deadline ran out before this record was "
                            + "acknowledged; it may or may not have been stored"));
                    break;
                }
                long next = engine.runOnce(now);
                if (engine.terminated()) {
                    drainedCleanly = true;
                    break;
                }
                park(Math.min(next, closeDeadlineNanos));
            }
        } catch (Throwable t) {
            crash = t;
            LOG.error("kinesis-producer sender thread failed; failing every outstanding record", t);
            try {
                engine.abortAll(new KinesisProducerException("the producer's sender thread failed: " + t, t));
            } catch (Throwable t2) {
                LOG.error("could not fail the outstanding records", t2);
            }
        } finally {
            finishShutdown();
        }
    }

    private void park(long untilNanos) {
        long wait = untilNanos == Long.MAX_VALUE ? Long.MAX_VALUE : untilNanos - clock.nanoTime();
        if (wait <= 0) {
            return;
        }
        sleepUntilNanos = untilNanos;
        sleeping = true;
        if (engine.hasPendingInput()) {
            sleeping = false;
            return;
        }
        LockSupport.parkNanos(this, Math.min(wait, TimeUnit.SECONDS.toNanos(1)));
        sleeping = false;
    }

    private void finishShutdown() {
        closed = true;
        try {
            transport.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the Kinesis client failed", e);
        }
        senderDone.countDown();
        if (ownExecutor != null) {
            ownExecutor.shutdown();
            try {
                if (!ownExecutor.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOG.warn("record callbacks still running 30 s after close; not waiting for them");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        terminated.countDown();
    }
}
