package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.IncompatibleStreamException;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.RecordDistribution;
import io.github.kinesisproducer.internal.shards.DistributionNotices;
import io.github.kinesisproducer.internal.shards.DistributionTracker;
import io.github.kinesisproducer.internal.shards.ShardInfo;
import io.github.kinesisproducer.internal.shards.ShardMap;
import io.github.kinesisproducer.internal.shards.ShardMapTracker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where records go, and what to do when Kinesis puts them elsewhere. On a stream that places records by key the
 * producer predicts each record's shard, groups and rate-limits per shard, and handles records that land elsewhere
 * (a reshard: the map is refreshed and records of closed shards re-routed; aggregates that landed outside their
 * records' ranges go to the {@link WrongShardHandler}). On a stream that places records itself (AUTO, learnt from the
 * {@link DistributionTracker}) nothing is predicted: records go one per Kinesis record (or delimited) under one
 * stream-wide limit. This class switches between the two while records are in every stage. Sender thread only.
 */
final class Placement {
    private final ProducerConfig config;
    private final String stream;
    private final Accumulator accumulator;
    private final ReadyQueue ready;
    private final Retrier retrier;
    private final Completions completions;
    private final ShardMapTracker shards;
    private final ShardRateLimiter limiter;
    private final ProducerStats stats;
    private final Listeners listener;
    private final DistributionTracker distribution;
    private final WrongShardHandler wrongShard;
    /** Shards a result showed to be stale (resharded): held back until a fresh map re-routes their records. */
    private final Set<String> staleShards = new HashSet<>();
    /**
     * The stream places records itself (AUTO): no KPL aggregation, no shard prediction, keyless records without a key,
     * one stream-wide rate limit.
     */
    private boolean servicePlaced;
    /** The stream places records by key again: switch back once the next shard map is loaded. */
    private boolean keyPlacementAfterNextMap;
    /** Set once a strict-ordering producer finds this stream placing records itself: nothing more is sent to it. */
    private volatile IncompatibleStreamException refusal;

    Placement(ProducerConfig config, String stream, Accumulator accumulator, ReadyQueue ready, Retrier retrier,
            Completions completions, ShardMapTracker shards, ShardRateLimiter limiter, ProducerStats stats,
            Listeners listener, RecordSizeLimit sizeLimit, DistributionTracker.Loader describe) {
        this.config = config;
        this.stream = stream;
        this.accumulator = accumulator;
        this.ready = ready;
        this.retrier = retrier;
        this.completions = completions;
        this.shards = shards;
        this.limiter = limiter;
        this.stats = stats;
        this.listener = listener;
        this.distribution = new DistributionTracker(config, stream, describe, new DistributionTracker.Changes() {
            @Override
            public void strategy(RecordDistribution strategy, String source, long nowNanos) {
                onStrategy(strategy, source, nowNanos);
            }

            @Override
            public void maxRecordSizeKiB(int kib) {
                sizeLimit.streamReported(kib);
                limiter.maxRecordSize(sizeLimit.bytes());
            }
        });
        this.wrongShard = new WrongShardHandler(completions, new WrongShardHandler.Resender() {
            @Override
            public void resend(PendingRecord r, long nowNanos) {
                stats.resentAfterMisplacement.increment();
                accumulator.add(r, shards.current(), nowNanos);
            }

            @Override
            public void resendAlone(PendingRecord r, long nowNanos) {
                stats.resentAfterMisplacement.increment();
                accumulator.addAlone(r);
            }

            @Override
            public void keyIgnored(long nowNanos) {
                distribution.keyIgnored(nowNanos);
            }
        });
    }

    DistributionTracker distribution() {
        return distribution;
    }

    WrongShardHandler wrongShard() {
        return wrongShard;
    }

    /** True once the first shard map and the stream's strategy were loaded or failed to load: records may go. */
    boolean settled() {
        return shards.settled() && distribution.settled();
    }

    /** True while records of this queue must wait for a fresh shard map. */
    boolean stale(String shardKey) {
        return staleShards.contains(shardKey);
    }

    /** The partition key to send: keyless records built for an AUTO stream need one if the stream places by key again. */
    String partitionKeyToSend(OutRecord r) {
        return r.partitionKey == null && (!servicePlaced || keyPlacementAfterNextMap) ? RandomKeys.next()
                : r.partitionKey;
    }

    /**
     * True if Kinesis refused records sent without a partition key because it wants one: the stream places records
     * by key again (switched back from AUTO, and not read yet). They are retried with a key, not failed.
     */
    boolean keysRequired(List<OutRecord> records, String code, String message, long nowNanos) {
        if (!("ValidationException".equals(code) || "InvalidArgumentException".equals(code)) || message == null
                || !message.toLowerCase(java.util.Locale.ROOT).contains("partitionkey")) {
            return false;
        }
        for (OutRecord r : records) {
            if (r.partitionKey == null) {
                distribution.keysRequired(nowNanos);
                return true;
            }
        }
        return false;
    }

    /** Non-null once a strict-ordering producer found its stream placing records itself. */
    IncompatibleStreamException refusal() {
        return refusal;
    }

    /** Kinesis stored {@code r} on {@code shardId}: succeed, or handle a record that landed elsewhere. */
    void onStored(OutRecord r, String shardId, String sequenceNumber, long nowNanos) {
        if (r.predictedShard == null || r.predictedShard.shardId().equals(shardId)) {
            if (r.predictedShard != null && !r.aggregated) {
                distribution.keyHonored(shardId, shards.current().openShardCount(), nowNanos);
            }
            completions.succeed(r, shardId, sequenceNumber);
            return;
        }
        distribution.landedElsewhere(nowNanos);
        ShardInfo landed = shards.current().byId(shardId);
        if (landed != null && !landed.contains(r.placementKey())) {
            // A shard's range never changes: the stream ignored the key and placed the record itself (AUTO).
            distribution.keyIgnored(nowNanos);
            if (r.aggregated) {
                wrongShard.landedOffKey(r, landed, sequenceNumber, nowNanos);
            } else {
                completions.succeed(r, shardId, sequenceNumber);
            }
            return;
        }
        shards.invalidate(nowNanos); // resharding: our map is stale
        staleShards.add(r.predictedShard.shardId());
        if (r.aggregated) {
            wrongShard.landedElsewhere(r, shardId, sequenceNumber, shards.current(), shards.version(), nowNanos);
            return;
        }
        completions.succeed(r, shardId, sequenceNumber);
    }

    /**
     * A fresh map: first re-send aggregates that landed outside their sub-records' ranges (they are older), then
     * take back every record still waiting for a shard that is no longer open and route it with the new map, so
     * records after a reshard go where Kinesis will put them, in their original order. A stream that places records
     * by key again gets its records grouped per shard from here on.
     */
    void onNewShardMap(long nowNanos) {
        ShardMap map = shards.current();
        staleShards.clear();
        limiter.streamShards(map.openShardCount());
        List<PendingRecord> reroute = new ArrayList<>();
        if (keyPlacementAfterNextMap) {
            keyPlacementAfterNextMap = false;
            usePlacement(false);
            accumulator.takeAllRecords(reroute); // grouped for the whole stream so far: group them per shard now
        }
        Predicate<String> closed = id -> !id.isEmpty() && !id.equals(OutRecord.STREAM_WIDE) && !isOpen(map, id);
        accumulator.takeRecordsOfShards(closed, reroute);
        takeBack(closed, reroute);
        listener.shardMapLoaded(map.openShardCount());
        wrongShard.onNewMap(map, shards.version(), nowNanos);
        addAgain(reroute, nowNanos);
    }

    /**
     * A strict-ordering producer on a stream that places records itself: every record not sent yet fails with the
     * refusal (records in flight complete with their real outcome, then nothing more goes out). Called every pass.
     */
    void failUnsentIfRefused() {
        if (refusal == null) {
            return;
        }
        accumulator.sealAll(shards.current());
        Consumer<OutRecord> fail = r -> completions.fail(r, p -> Failures.failed(refusal.getMessage(),
                IncompatibleStreamException.ERROR_CODE, r, p, false, refusal));
        ready.drainAll(fail);
        retrier.drainAll(fail);
        // Aggregates waiting for a map to tell whether they landed right were sent: they end with their real outcome
        // (a re-send of theirs fails here on a later pass).
    }

    /**
     * The stream's record placement is (now) known. To AUTO at once: what was grouped or sealed for predicted shards
     * and is not sent yet is taken apart and sent one record per Kinesis record (aggregates would land anywhere, and
     * the KCL drops those that land off their records' shards); a strict-ordering producer refuses to go on. Back to
     * USER_PARTITION_KEY with the next shard map, so that records are grouped per shard of a fresh map.
     */
    private void onStrategy(RecordDistribution strategy, String source, long nowNanos) {
        boolean auto = strategy == RecordDistribution.AUTO;
        accumulator.keyPlacementKnown(!auto);
        boolean wasServicePlaced = servicePlaced;
        boolean refused = false;
        String detail = DistributionNotices.adapted(config, stream, auto, source, wasServicePlaced);
        if (auto && !servicePlaced) {
            keyPlacementAfterNextMap = false;
            usePlacement(true);
            if (config.strictOrdering()) {
                refused = true;
                refusal = new IncompatibleStreamException(DistributionNotices.strictOrderingRefused(config, stream,
                        source));
                detail = refusal.getMessage();
            } else {
                List<PendingRecord> reroute = new ArrayList<>();
                accumulator.takeAllRecords(reroute);
                takeBack(key -> !key.equals(OutRecord.STREAM_WIDE), reroute);
                addAgain(reroute, nowNanos);
            }
        } else if (auto) {
            keyPlacementAfterNextMap = false; // AUTO again before the map that would have switched back
        } else if (servicePlaced) {
            keyPlacementAfterNextMap = true;
            shards.invalidate(nowNanos);
        } else {
            stats.recordDistribution = strategy;
        }
        DistributionNotices.log(auto, source, wasServicePlaced, refused, detail);
        listener.recordDistributionDetected(strategy, source, detail);
    }

    private void usePlacement(boolean byService) {
        servicePlaced = byService;
        accumulator.servicePlaced(byService);
        stats.recordDistribution = byService ? RecordDistribution.AUTO : RecordDistribution.USER_PARTITION_KEY;
    }

    /** Takes the sealed, unsent records of the queues matching the predicate apart, keeping their attempts. */
    private void takeBack(Predicate<String> queues, List<PendingRecord> into) {
        List<OutRecord> waiting = ready.removeShards(queues);
        retrier.removeShards(queues, waiting);
        for (OutRecord r : waiting) {
            for (PendingRecord p : r.records) {
                if (!p.done) {
                    p.priorAttempts = WrongShardHandler.concat(p.priorAttempts, r.attempts);
                    into.add(p);
                }
            }
        }
    }

    /** Routes taken-back records again, in their original order. */
    private void addAgain(List<PendingRecord> records, long nowNanos) {
        records.sort((a, b) -> Long.compare(a.arrivalNanos, b.arrivalNanos));
        ShardMap map = shards.current();
        for (PendingRecord p : records) {
            accumulator.add(p, map, nowNanos);
        }
    }

    private static boolean isOpen(ShardMap map, String shardId) {
        ShardInfo s = map.byId(shardId);
        return s != null && s.open();
    }
}
