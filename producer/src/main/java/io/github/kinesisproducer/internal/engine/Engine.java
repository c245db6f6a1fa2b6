package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.Attempt;
import io.github.kinesisproducer.Clock;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.internal.protocol.KinesisErrors;
import io.github.kinesisproducer.internal.protocol.KinesisTransport;
import io.github.kinesisproducer.internal.protocol.ListedShard;
import io.github.kinesisproducer.internal.protocol.PutRecordsRequest;
import io.github.kinesisproducer.internal.protocol.PutRecordsResponse;
import io.github.kinesisproducer.internal.protocol.StreamSummary;
import io.github.kinesisproducer.internal.shards.DistributionTracker;
import io.github.kinesisproducer.internal.shards.ShardMap;
import io.github.kinesisproducer.internal.shards.ShardMapTracker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The producer's engine. All state below the "sender thread only" line belongs to one thread, which calls
 * {@link #runOnce}: take records in, aggregate per predicted shard, seal on size or deadline, build PutRecords
 * calls under the concurrency and per-shard limits, and handle results (retry exactly the failed records; records
 * that land elsewhere go to {@link Placement}). Other threads only enqueue: callers put records and flush markers in the
 * inbox, transport threads put results in the event queue. Unit tests call {@code runOnce} with a manual clock.
 */
public final class Engine {
    /** A flush or close request, travelling through the inbox in order with the records. */
    record Marker(CompletableFuture<Void> flushed, boolean close) {
    }

    private record InFlight(List<OutRecord> records, long startNanos, long startWallMillis) {
    }

    private final ProducerConfig config;
    private final KinesisTransport transport;
    private final Clock clock;
    private final ProducerStats stats;
    private final Runnable wakeup;
    private final long maxBufferedNanos;
    private final Listeners listener;

    /** Records and markers from callers. */
    private final Inbox inbox;
    /**
     * While shards are held back by their rate limits, build the next call only this much later. Tokens accumulate
     * meanwhile, so each call carries several Kinesis records: without it every wake-up made a call of one
     * aggregate, and a PutRecords call has a high fixed CPU cost in the SDK (milliseconds until its code is hot).
     */
    static final long RATE_LIMITED_POLL_NANOS = 100_000_000L;
    /** Results from SDK threads, run on the sender thread. */
    private final ConcurrentLinkedQueue<Runnable> events = new ConcurrentLinkedQueue<>();

    // ---- sender thread only ----
    private final Accumulator accumulator;
    private final ReadyQueue ready = new ReadyQueue();
    private final ShardRateLimiter limiter;
    private final Retrier retrier;
    private final Completions completions;
    private final FlushTracker flushes;
    private final ShardMapTracker shards;
    private final RecordSizeLimit sizeLimit;
    private final Placement placement;
    private final WrongShardHandler wrongShard;
    private final DistributionTracker distribution;
    private final Set<String> shardsInFlight = new HashSet<>();
    /** Kinesis records in calls not yet answered: an abort fails them at once (their late results are ignored). */
    private final Set<OutRecord> inFlightRecords = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final ReadyQueue.Gate gate;
    private int inFlight;
    /** Set by the gate when a shard ran out of rate-limit tokens while a call was being built. */
    private boolean rateLimited;
    /** No new call before this while shards are held back by their rate limits. */
    private long rateLimitedUntilNanos = Long.MIN_VALUE;
    private boolean closing;
    private boolean terminated;

    public Engine(ProducerConfig config, KinesisTransport transport, Clock clock, MemoryPool pool,
            ProducerStats stats, java.util.concurrent.Executor callbackExecutor,
            java.util.function.DoubleSupplier random, Runnable wakeup) {
        this(config, transport, clock, pool, stats, callbackExecutor, random, wakeup,
                io.github.kinesisproducer.ProducerListener.NONE);
    }

    public Engine(ProducerConfig config, KinesisTransport transport, Clock clock, MemoryPool pool,
            ProducerStats stats, java.util.concurrent.Executor callbackExecutor,
            java.util.function.DoubleSupplier random, Runnable wakeup, io.github.kinesisproducer.ProducerListener listener) {
        this.config = config;
        this.listener = new Listeners(listener);
        this.maxBufferedNanos = config.maxBufferedTime().toNanos();
        this.inbox = new Inbox(clock.nanoTime(), maxBufferedNanos, config.strictOrdering());
        this.transport = transport;
        this.clock = clock;
        this.stats = stats;
        this.wakeup = wakeup;
        this.completions = new Completions(pool, stats, callbackExecutor, this.listener);
        this.flushes = new FlushTracker(completions::flushDone);
        completions.setFlushTracker(flushes);
        this.sizeLimit = new RecordSizeLimit(config);
        this.accumulator = new Accumulator(config, sizeLimit, ready::add);
        this.limiter = new ShardRateLimiter(config.rateLimitPercent(), config.maxRecordSize());
        this.retrier = new Retrier(config, new RetryPolicy(config, random), limiter, stats, this.listener,
                completions, ready);
        this.shards = new ShardMapTracker(this::loadShards, map -> onNewShardMap(),
                error -> this.listener.shardMapLoadFailed(KinesisErrors.codeOf(error), KinesisErrors.unwrap(error)));
        this.placement = new Placement(config, accumulator, ready, retrier, completions, shards, limiter, stats,
                this.listener, sizeLimit, this::describeStream);
        this.wrongShard = placement.wrongShard();
        this.distribution = placement.distribution();
        this.gate = new ReadyQueue.Gate() {
            @Override
            public boolean blocked(String shardKey, OutRecord head, long nowNanos) {
                return placement.stale(shardKey)
                        || (config.strictOrdering() && shardsInFlight.contains(shardKey));
            }

            @Override
            public boolean tryAcquire(String shardKey, OutRecord record, long nowNanos) {
                boolean ok = limiter.tryAcquire(shardKey, record.size, nowNanos);
                rateLimited |= !ok;
                return ok;
            }

            @Override
            public int perShardLimit() {
                // Under strict ordering a partial failure must not let a later record of the shard overtake:
                // one Kinesis record per shard per request, one request per shard in flight.
                return config.strictOrdering() ? 1 : Integer.MAX_VALUE;
            }
        };
    }

    /** Caller threads: hand a record or marker to the engine (the caller decides whether to wake the sender). */
    void offer(Object recordOrMarker) {
        inbox.offer(recordOrMarker);
    }

    /** Records and markers offered and not yet taken in. */
    long inboxCount() {
        return inbox.count();
    }

    /** Records sent now wait at least until then for the first shard map ({@code Long.MIN_VALUE}: they do not). */
    long inboxHeldUntilNanos() {
        return inbox.heldUntilNanos();
    }

    /** The limit on one record's size, which the stream's own may replace once read (callers check at send). */
    RecordSizeLimit recordSizeLimit() {
        return sizeLimit;
    }

    /** Non-null once a strict-ordering producer found its stream placing records itself: refuse new records. */
    io.github.kinesisproducer.IncompatibleStreamException refusal() {
        return placement.refusal();
    }

    /** True if records, markers or results wait to be processed. */
    boolean hasPendingInput() {
        return !inbox.isEmpty() || !events.isEmpty();
    }

    /**
     * One pass of the engine.
     *
     * @return when the next pass is due (nanos on the engine's clock), or {@code Long.MAX_VALUE} to wait for input
     */
    public long runOnce(long nowNanos) {
        Runnable event;
        while ((event = events.poll()) != null) {
            event.run();
        }
        shards.poll(nowNanos);
        distribution.poll(nowNanos);
        boolean settled = placement.settled();
        if (settled) {
            inbox.shardMapSettled();
        }
        if (inbox.mayDrain(settled, nowNanos)) {
            drainInbox(nowNanos);
        }
        retrier.releaseDue(nowNanos);
        accumulator.sealDue(shards.current(), nowNanos);
        boolean urgent = closing || flushes.flushPending();
        if (urgent) {
            accumulator.sealAll(shards.current());
        }
        placement.failUnsentIfRefused();
        ready.expireHeads(nowNanos, retrier::expire);
        boolean blockedByLimits = sendReady(nowNanos, urgent);
        wrongShard.expire(nowNanos);
        completions.dispatch();
        if (closing && isIdle()) {
            terminated = true;
            return Long.MAX_VALUE;
        }
        return nextWake(nowNanos, urgent, blockedByLimits);
    }

    /** True once a close finished draining (or was aborted) and the sender loop may end. */
    public boolean terminated() {
        return terminated;
    }

    /** Fails every record still held, with the given reason (deadline-bounded close, or an engine crash). */
    public void abortAll(RuntimeException reason) {
        Object o;
        while ((o = inbox.poll()) != null) {
            inbox.taken(1);
            if (o instanceof PendingRecord r) {
                completions.accepted(r);
                completions.fail(r, reason);
            } else if (o instanceof Marker m && m.flushed() != null) {
                flushes.flush(m.flushed());
            }
        }
        accumulator.sealAll(shards.current());
        ready.drainAll(r -> completions.fail(r, x -> reason));
        retrier.abort(reason);
        wrongShard.abort(reason);
        // In-flight records: fail now; their late results find them done and are ignored (the sender has stopped,
        // so no result is counted any more: the calls are over as far as the metrics go).
        inFlightRecords.forEach(r -> completions.fail(r, x -> reason));
        inFlightRecords.clear();
        inFlight = 0;
        stats.inFlightRequests = 0;
        completions.dispatch();
        terminated = true;
    }

    private void drainInbox(long nowNanos) {
        int n = 0;
        Object o;
        ShardMap map = shards.current();
        while ((o = inbox.poll()) != null) {
            n++;
            if (o instanceof PendingRecord r) {
                completions.accepted(r);
                accumulator.add(r, map, nowNanos);
            } else {
                Marker m = (Marker) o;
                if (m.flushed() != null) {
                    accumulator.sealAll(map);
                    flushes.flush(m.flushed());
                }
                if (m.close()) {
                    closing = true;
                }
            }
        }
        inbox.taken(n);
    }

    /** Sends what is due; returns true if records wait only because of rate limits. */
    private boolean sendReady(long nowNanos, boolean urgent) {
        if (nowNanos < rateLimitedUntilNanos) {
            return true; // let tokens accumulate: fewer, fuller calls (a flush does not change the rate limits)
        }
        while (inFlight < config.maxConcurrency() && !ready.isEmpty()) {
            boolean due = urgent || ready.count() >= config.maxRecordsPerRequest()
                    || ready.bytes() >= config.maxRequestBytes() || ready.oldestSendByNanos() <= nowNanos;
            if (!due) {
                return false;
            }
            rateLimited = false;
            List<OutRecord> batch = ready.takeRequest(config.maxRecordsPerRequest(), config.maxRequestBytes(), gate,
                    nowNanos);
            if (rateLimited) {
                rateLimitedUntilNanos = nowNanos + RATE_LIMITED_POLL_NANOS;
            }
            if (batch.isEmpty()) {
                return true;
            }
            send(batch, nowNanos);
            if (rateLimited) {
                return true;
            }
        }
        return false;
    }

    private void send(List<OutRecord> batch, long nowNanos) {
        List<PutRecordsRequest.Entry> entries = new ArrayList<>(batch.size());
        for (OutRecord r : batch) {
            entries.add(new PutRecordsRequest.Entry(placement.partitionKeyToSend(r), r.explicitHashKey, r.data));
            inFlightRecords.add(r);
            if (config.strictOrdering()) {
                shardsInFlight.add(r.shardKey());
            }
        }
        PutRecordsRequest request = PutRecordsRequest.of(config.streamName(), entries);
        InFlight call = new InFlight(batch, nowNanos, clock.wallMillis());
        inFlight++;
        stats.inFlightRequests = inFlight;
        // The callback only queues the result for the sender thread; nothing waits on the future it returns.
        CompletableFuture<?> unused = transport.putRecords(request).whenComplete((response, error) -> {
            events.add(() -> onResult(call, response, error));
            wakeup.run();
        });
    }

    private void onResult(InFlight call, PutRecordsResponse response, Throwable error) {
        long now = clock.nanoTime();
        inFlight--;
        stats.inFlightRequests = inFlight;
        stats.putRecordsCalls.increment();
        Duration took = Duration.ofNanos(now - call.startNanos);
        stats.latencyMillisTotal.add(took.toMillis());
        Instant start = Instant.ofEpochMilli(call.startWallMillis);
        for (OutRecord r : call.records) {
            inFlightRecords.remove(r);
            if (config.strictOrdering()) {
                shardsInFlight.remove(r.shardKey());
            }
        }
        if (error == null && response.records().size() != call.records.size()) {
            error = new IllegalStateException("PutRecords returned " + response.records().size() + " results for "
                    + call.records.size() + " records");
        }
        reportCall(call, response, error, took);
        if (error != null) {
            String code = KinesisErrors.codeOf(error);
            String message = KinesisErrors.messageOf(error);
            KinesisErrors.Decision d = placement.keysRequired(call.records, code, message, now)
                    ? KinesisErrors.Decision.RETRY : KinesisErrors.classify(error);
            boolean maybeStored = KinesisErrors.maybeStored(error, transport.marksSentRequests());
            for (OutRecord r : call.records) {
                if (allDone(r)) {
                    continue;
                }
                r.attempts.add(new Attempt(start, took, code, message, maybeStored));
                if (maybeStored) {
                    stats.unknownOutcomes.increment();
                    listener.outcomeUnknown(code, r.records.length);
                }
                retrier.onFailure(r, d, code, message, KinesisErrors.unwrap(error), now);
            }
            return;
        }
        List<PutRecordsResponse.Result> results = response.records();
        for (int i = 0; i < results.size(); i++) {
            OutRecord r = call.records.get(i);
            if (allDone(r)) {
                continue;
            }
            PutRecordsResponse.Result e = results.get(i);
            if (e.errorCode() == null) {
                r.attempts.add(new Attempt(start, took, null, null));
                placement.onStored(r, e.shardId(), e.sequenceNumber(), now);
            } else {
                r.attempts.add(new Attempt(start, took, e.errorCode(), e.errorMessage()));
                KinesisErrors.Decision d = placement.keysRequired(List.of(r), e.errorCode(), e.errorMessage(), now)
                        ? KinesisErrors.Decision.RETRY : KinesisErrors.classifyCode(e.errorCode());
                retrier.onFailure(r, d, e.errorCode(), e.errorMessage(), null, now);
            }
        }
    }

    private void reportCall(InFlight call, PutRecordsResponse response, Throwable error, Duration took) {
        int users = 0;
        long bytes = 0;
        for (OutRecord r : call.records) {
            users += r.records.length;
            bytes += r.data.length;
        }
        int failed = error != null ? call.records.size()
                : response.failedRecordCount();
        listener.putRecordsCompleted(call.records.size(), failed, users, bytes, took,
                error == null ? null : KinesisErrors.codeOf(error));
    }

    private static boolean allDone(OutRecord r) {
        for (PendingRecord p : r.records) {
            if (!p.done) {
                return false;
            }
        }
        return true;
    }

    private void loadShards() {
        CompletableFuture<List<ListedShard>> listed;
        try {
            listed = transport.listShards(config.streamName());
        } catch (RuntimeException e) { // a transport that throws instead of failing the future: retried all the same
            listed = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<?> unused = listed.whenComplete((list, error) -> {
            events.add(() -> shards.onResult(list, error, clock.nanoTime()));
            wakeup.run();
        });
    }

    private void onNewShardMap() {
        placement.onNewShardMap(clock.nanoTime());
    }

    private void describeStream() {
        CompletableFuture<StreamSummary> described;
        try {
            described = transport.describeStreamSummary(config.streamName());
        } catch (RuntimeException e) { // as for ListShards
            described = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<?> unused = described.whenComplete((summary, error) -> {
            events.add(() -> distribution.onResult(summary, error, clock.nanoTime()));
            wakeup.run();
        });
    }

    private boolean isIdle() {
        return inbox.isEmpty() && accumulator.bufferedRecords() == 0 && ready.isEmpty() && retrier.isEmpty()
                && inFlight == 0 && wrongShard.isEmpty() && completions.outstanding() == 0;
    }

    private long nextWake(long now, boolean urgent, boolean blockedByLimits) {
        long next = Math.min(accumulator.nextDeadlineNanos(), shards.nextWakeNanos());
        next = Math.min(next, retrier.nextWakeNanos());
        if (!ready.isEmpty()) {
            next = Math.min(next, ready.nextHeadEventNanos(now));
            if (inFlight < config.maxConcurrency()) {
                // waiting for a fuller request, or for rate-limit tokens (checked every 10 ms)
                long retry = blockedByLimits ? Math.max(rateLimitedUntilNanos, now + 1_000_000L)
                        : urgent ? now + 10_000_000L : ready.oldestSendByNanos();
                next = Math.min(next, retry);
            }
        }
        next = Math.min(next, wrongShard.nextWakeNanos());
        next = Math.min(next, distribution.nextWakeNanos());
        return Math.min(next, inbox.heldWakeNanos(placement.settled(), now));
    }

}
