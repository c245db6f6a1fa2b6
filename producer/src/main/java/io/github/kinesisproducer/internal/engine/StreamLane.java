package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.Attempt;
import io.github.kinesisproducer.IncompatibleStreamException;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.RecordDistribution;
import io.github.kinesisproducer.internal.protocol.KinesisErrors;
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
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Everything the sender keeps for one stream while it is in use: its records on their way (held for the first shard
 * map, aggregated per predicted shard, sealed, queued per shard, in flight, in backoff), its shard map, its per-shard
 * rate limits, how it places records (AUTO or by key), and its flushes. The {@link Engine} gives each stream's lane
 * turns at the shared concurrency; a lane's PutRecords calls carry its records only. Made on a stream's first record
 * and dropped once it has been idle for {@code stream_idle_timeout} (never for the default stream). Sender thread
 * only; transport results come back as events.
 */
final class StreamLane {
    private final EngineContext ctx;
    private final ProducerConfig config;
    final StreamHandle handle;
    private final String stream;
    private final ProducerStats stats;
    private final Listeners listener;
    private final Completions completions;
    private final FlushTracker flushes;
    private final FirstMapHold hold;
    private final Accumulator accumulator;
    private final ReadyQueue ready = new ReadyQueue();
    private final ShardRateLimiter limiter;
    private final Retrier retrier;
    private final ShardMapTracker shards;
    private final Placement placement;
    private final WrongShardHandler wrongShard;
    private final DistributionTracker distribution;
    private final ReadyQueue.Gate gate;
    private final Set<String> shardsInFlight = new HashSet<>();
    /** Kinesis records in calls not yet answered: an abort fails them at once (their late results are ignored). */
    private final Set<OutRecord> inFlightRecords = Collections.newSetFromMap(new IdentityHashMap<>());
    private int inFlight;
    /** ListShards and DescribeStreamSummary calls not answered yet: the lane is not dropped while one is out. */
    private int loading;
    /** Set by the gate when a shard ran out of rate-limit tokens while a call was being built. */
    private boolean rateLimited;
    /** No new call before this while shards are held back by their rate limits. */
    private long rateLimitedUntilNanos = Long.MIN_VALUE;
    /** Records wait only because of limits (rate, strict ordering, stale shards): look again soon, not at once. */
    private boolean blockedByLimits;
    private long lastRecordNanos;
    /**
     * The engine's bookkeeping of this lane's passes: something came for it (a record, a flush, a result) since its last
     * part of a pass; it took part in this pass; when it needs its next one. A pass runs only the lanes that need it,
     * so that many quiet streams cost nothing between their own events.
     */
    boolean dirty = true;
    boolean touched;
    long wakeAtNanos = Long.MIN_VALUE;

    StreamLane(EngineContext ctx, StreamHandle handle, long nowNanos) {
        this.ctx = ctx;
        this.config = ctx.config();
        this.handle = handle;
        this.stream = handle.name;
        this.stats = handle.stats;
        this.listener = ctx.listeners().forStream(stream);
        this.completions = new Completions(ctx.outcomes(), handle, listener);
        this.flushes = new FlushTracker(completions::flushDone);
        completions.setFlushTracker(flushes);
        this.hold = new FirstMapHold(nowNanos, config.maxBufferedTime().toNanos(), config.strictOrdering());
        handle.heldUntilNanos = hold.heldUntilNanos();
        this.lastRecordNanos = nowNanos;
        this.accumulator = new Accumulator(config, stream, handle.sizeLimit, ready::add);
        this.limiter = new ShardRateLimiter(config.rateLimitPercent(), config.maxRecordSize());
        this.retrier = new Retrier(config, stream, ctx.retryPolicy(), limiter, stats, listener, completions, ready);
        this.shards = new ShardMapTracker(this::loadShards, map -> onNewShardMap(),
                error -> listener.shardMapLoadFailed(KinesisErrors.codeOf(error), KinesisErrors.unwrap(error)));
        this.placement = new Placement(config, stream, accumulator, ready, retrier, completions, shards, limiter,
                stats, listener, handle.sizeLimit, this::describeStream);
        this.wrongShard = placement.wrongShard();
        this.distribution = placement.distribution();
        this.gate = new ReadyQueue.Gate() {
            @Override
            public boolean blocked(String shardKey, OutRecord head, long nowNanos) {
                return placement.stale(shardKey) || (config.strictOrdering() && shardsInFlight.contains(shardKey));
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

    String stream() {
        return stream;
    }

    /** A record for this stream, taken from the inbox: held for the first shard map, or aggregated at once. */
    void accept(PendingRecord r, long nowNanos) {
        dirty = true;
        completions.accepted(r);
        lastRecordNanos = nowNanos;
        if (!hold.hold(r)) {
            accumulator.add(r, shards.current(), nowNanos);
        }
    }

    /** A flush of this stream (or of all): completes once every record accepted before is done. */
    void flush(CompletableFuture<Void> flushed) {
        dirty = true;
        accumulator.sealAll(shards.current());
        flushes.flush(flushed);
    }

    /** The first part of a pass: loads, records the first map released, retries due, aggregates due. */
    void poll(long nowNanos, boolean closing) {
        shards.poll(nowNanos);
        distribution.poll(nowNanos);
        if (!hold.settled() && placement.settled()) {
            hold.settle();
            handle.heldUntilNanos = Long.MIN_VALUE;
        }
        boolean urgent = closing || flushes.flushPending();
        if (hold.mayRelease(urgent, nowNanos)) {
            ShardMap map = shards.current();
            for (PendingRecord p = hold.poll(); p != null; p = hold.poll()) {
                accumulator.add(p, map, nowNanos);
            }
        }
        retrier.releaseDue(nowNanos);
        accumulator.sealDue(shards.current(), nowNanos);
        if (urgent) {
            accumulator.sealAll(shards.current());
        }
        placement.failUnsentIfRefused();
        IncompatibleStreamException refused = placement.refusal();
        if (refused != null && handle.refusal == null) {
            handle.refusal = refused;
        }
        ready.expireHeads(nowNanos, retrier::expire);
    }

    boolean hasReady() {
        return !ready.isEmpty();
    }

    /** This stream's PutRecords calls in flight. */
    int inFlight() {
        return inFlight;
    }

    /**
     * The Kinesis records of this stream's next PutRecords call, if one is due (full, a record's buffer time is
     * over, or a flush or close waits) and the limits let records through; else an empty list.
     */
    List<OutRecord> takeRequest(long nowNanos, boolean closing) {
        blockedByLimits = false;
        if (ready.isEmpty()) {
            return List.of();
        }
        if (nowNanos < rateLimitedUntilNanos) {
            blockedByLimits = true; // let tokens accumulate: fewer, fuller calls (a flush does not change the limits)
            return List.of();
        }
        boolean due = closing || flushes.flushPending() || ready.count() >= config.maxRecordsPerRequest()
                || ready.bytes() >= config.maxRequestBytes() || ready.oldestSendByNanos() <= nowNanos;
        if (!due) {
            return List.of();
        }
        rateLimited = false;
        List<OutRecord> batch = ready.takeRequest(config.maxRecordsPerRequest(), config.maxRequestBytes(), gate,
                nowNanos);
        if (rateLimited) {
            rateLimitedUntilNanos = nowNanos + Engine.RATE_LIMITED_POLL_NANOS;
        }
        blockedByLimits = rateLimited || batch.isEmpty();
        return batch;
    }

    /** The call for {@code batch}, which now counts as in flight. */
    PutRecordsRequest request(List<OutRecord> batch) {
        List<PutRecordsRequest.Entry> entries = new ArrayList<>(batch.size());
        for (OutRecord r : batch) {
            entries.add(new PutRecordsRequest.Entry(placement.partitionKeyToSend(r), r.explicitHashKey, r.data));
            inFlightRecords.add(r);
            if (config.strictOrdering()) {
                shardsInFlight.add(r.shardKey());
            }
        }
        inFlight++;
        stats.inFlightRequests = inFlight;
        return PutRecordsRequest.to(stream, entries);
    }

    /** The end of a pass: aggregates that waited past their TTL for a fresh shard map. */
    void afterSend(long nowNanos) {
        wrongShard.expire(nowNanos);
    }

    /** A call of this stream ended: succeed, retry or fail each of its Kinesis records. */
    void onResult(List<OutRecord> records, long startNanos, long startWallMillis, PutRecordsResponse response,
            Throwable error) {
        dirty = true;
        long now = ctx.clock().nanoTime();
        inFlight--;
        stats.inFlightRequests = inFlight;
        stats.putRecordsCalls.increment();
        Duration took = Duration.ofNanos(now - startNanos);
        stats.latencyMillisTotal.add(took.toMillis());
        Instant start = Instant.ofEpochMilli(startWallMillis);
        for (OutRecord r : records) {
            inFlightRecords.remove(r);
            if (config.strictOrdering()) {
                shardsInFlight.remove(r.shardKey());
            }
        }
        if (error == null && response.records().size() != records.size()) {
            error = new IllegalStateException("PutRecords returned " + response.records().size() + " results for "
                    + records.size() + " records");
        }
        reportCall(records, response, error, took);
        if (error != null) {
            failed(records, error, start, took, now);
            return;
        }
        List<PutRecordsResponse.Result> results = response.records();
        for (int i = 0; i < results.size(); i++) {
            OutRecord r = records.get(i);
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

    /** The whole call failed: every record of it gets the attempt and is retried or failed. */
    private void failed(List<OutRecord> records, Throwable error, Instant start, Duration took, long now) {
        String code = KinesisErrors.codeOf(error);
        String message = KinesisErrors.messageOf(error);
        KinesisErrors.Decision d = placement.keysRequired(records, code, message, now)
                ? KinesisErrors.Decision.RETRY : KinesisErrors.classify(error);
        boolean maybeStored = KinesisErrors.maybeStored(error, ctx.transport().marksSentRequests());
        for (OutRecord r : records) {
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
    }

    private void reportCall(List<OutRecord> records, PutRecordsResponse response, Throwable error, Duration took) {
        int users = 0;
        long bytes = 0;
        for (OutRecord r : records) {
            users += r.records.length;
            bytes += r.data.length;
        }
        int failed = error != null ? records.size() : response.failedRecordCount();
        listener.putRecordsCompleted(records.size(), failed, users, bytes, took,
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
        loading++;
        CompletableFuture<List<ListedShard>> listed;
        try {
            listed = ctx.transport().listShards(stream);
        } catch (RuntimeException e) { // a transport that throws instead of failing the future: retried all the same
            listed = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<?> unused = listed.whenComplete((list, error) -> ctx.post(() -> {
            loading--;
            dirty = true;
            shards.onResult(list, error, ctx.clock().nanoTime());
        }));
    }

    private void onNewShardMap() {
        placement.onNewShardMap(ctx.clock().nanoTime());
    }

    private void describeStream() {
        loading++;
        CompletableFuture<StreamSummary> described;
        try {
            described = ctx.transport().describeStreamSummary(stream);
        } catch (RuntimeException e) { // as for ListShards
            described = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<?> unused = described.whenComplete((summary, error) -> ctx.post(() -> {
            loading--;
            dirty = true;
            distribution.onResult(summary, error, ctx.clock().nanoTime());
        }));
    }

    /** Nothing of this stream is held, queued, in flight or undecided. */
    boolean isIdle() {
        return hold.isEmpty() && accumulator.bufferedRecords() == 0 && ready.isEmpty() && retrier.isEmpty()
                && inFlight == 0 && wrongShard.isEmpty() && completions.outstanding() == 0;
    }

    /** True once idle for {@code idleNanos} since its last record, with no call of its own out. */
    boolean idleFor(long idleNanos, long nowNanos) {
        return loading == 0 && nowNanos - lastRecordNanos >= idleNanos && isIdle();
    }

    /** When this idle lane may be dropped if nothing comes; {@code Long.MAX_VALUE} while it is busy. */
    long dropAtNanos(long idleNanos) {
        return loading == 0 && isIdle() ? lastRecordNanos + idleNanos : Long.MAX_VALUE;
    }

    /** The lane is dropped: what callers read of it goes back to "not known". */
    void dropped() {
        handle.sizeLimit.reset();
        handle.heldUntilNanos = Long.MIN_VALUE;
        stats.recordDistribution = RecordDistribution.DETECT;
    }

    /** Fails every record of this stream still held, with the given reason. */
    void abort(RuntimeException reason) {
        for (PendingRecord p = hold.poll(); p != null; p = hold.poll()) {
            completions.fail(p, reason);
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
    }

    /** When this lane needs the sender next, or {@code Long.MAX_VALUE}. */
    long nextWake(long now, boolean closing, boolean slotFree) {
        boolean urgent = closing || flushes.flushPending();
        long next = Math.min(accumulator.nextDeadlineNanos(), shards.nextWakeNanos());
        next = Math.min(next, retrier.nextWakeNanos());
        if (!ready.isEmpty()) {
            next = Math.min(next, ready.nextHeadEventNanos(now));
            if (slotFree) {
                // waiting for a fuller request, or for rate-limit tokens (checked every 10 ms)
                long retry = blockedByLimits ? Math.max(rateLimitedUntilNanos, now + 1_000_000L)
                        : urgent ? now + 10_000_000L : ready.oldestSendByNanos();
                next = Math.min(next, retry);
            }
        }
        next = Math.min(next, wrongShard.nextWakeNanos());
        next = Math.min(next, distribution.nextWakeNanos());
        return Math.min(next, hold.wakeNanos(urgent, now));
    }

    /** Non-null once a strict-ordering producer found this stream placing records itself. */
    IncompatibleStreamException refusal() {
        return placement.refusal();
    }
}
