package io.github.kinesisproducer.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Owns the current {@link ShardMap} of the stream: loads it with ListShards at start, refreshes it when a
 * PutRecords result shows a record landed on an unexpected shard (at most once per second), and retries failed
 * loads with backoff (1 s × 1.5 up to 30 s, as the KPL). Sender thread only; results arrive as engine events.
 */
final class ShardMapTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ShardMapTracker.class);
    static final long MIN_REFRESH_INTERVAL_NANOS = 1_000_000_000L;
    private static final long MAX_RETRY_NANOS = 30_000_000_000L;

    /** Starts a ListShards call; the tracker's {@link #onResult} must be called with its outcome. */
    interface Loader {
        void load();
    }

    private final Loader loader;
    private final Consumer<ShardMap> onNewMap;
    private final Consumer<Throwable> onFailure;
    private ShardMap map = ShardMap.empty();
    private boolean loading;
    private boolean settled;
    private boolean refreshWanted = true;
    private long notBeforeNanos = Long.MIN_VALUE;
    private long lastStartNanos = Long.MIN_VALUE / 2;
    private long retryNanos = MIN_REFRESH_INTERVAL_NANOS;
    private long version;

    ShardMapTracker(Loader loader, Consumer<ShardMap> onNewMap) {
        this(loader, onNewMap, error -> { });
    }

    /** @param onFailure told of every failed load (after it is logged and the retry scheduled) */
    ShardMapTracker(Loader loader, Consumer<ShardMap> onNewMap, Consumer<Throwable> onFailure) {
        this.loader = loader;
        this.onNewMap = onNewMap;
        this.onFailure = onFailure;
    }

    ShardMap current() {
        return map;
    }

    /** True once the first load has finished, successfully or not. */
    boolean settled() {
        return settled;
    }

    /** Bumped on every successful load. */
    long version() {
        return version;
    }

    boolean loading() {
        return loading;
    }

    /** The map looks stale: refresh it soon (rate-limited). */
    void invalidate(long nowNanos) {
        if (!refreshWanted) {
            refreshWanted = true;
            notBeforeNanos = Math.max(nowNanos, lastStartNanos + MIN_REFRESH_INTERVAL_NANOS);
        }
    }

    /** Starts a load if one is wanted and due. */
    void poll(long nowNanos) {
        if (refreshWanted && !loading && nowNanos >= notBeforeNanos) {
            loading = true;
            refreshWanted = false;
            lastStartNanos = nowNanos;
            loader.load();
        }
    }

    /** When {@link #poll} next has work, or {@code Long.MAX_VALUE}. */
    long nextWakeNanos() {
        return refreshWanted && !loading ? notBeforeNanos : Long.MAX_VALUE;
    }

    void onResult(List<Shard> shards, Throwable error, long nowNanos) {
        loading = false;
        settled = true;
        if (error != null) {
            refreshWanted = true;
            notBeforeNanos = nowNanos + retryNanos;
            LOG.warn("Could not load the shard map ({}: {}); retrying in {} ms. Until then records are aggregated "
                    + "only with records of the same partition key.", RetryPolicy.codeOf(error),
                    RetryPolicy.messageOf(error), retryNanos / 1_000_000);
            retryNanos = Math.min(MAX_RETRY_NANOS, retryNanos * 3 / 2);
            onFailure.accept(error);
            return;
        }
        retryNanos = MIN_REFRESH_INTERVAL_NANOS;
        List<ShardInfo> infos = new ArrayList<>(shards.size());
        for (Shard s : shards) {
            infos.add(new ShardInfo(s.shardId(),
                    HashKey.of(new BigInteger(s.hashKeyRange().startingHashKey())),
                    HashKey.of(new BigInteger(s.hashKeyRange().endingHashKey())),
                    s.parentShardId(), s.adjacentParentShardId(),
                    s.sequenceNumberRange() == null || s.sequenceNumberRange().endingSequenceNumber() == null));
        }
        map = ShardMap.of(infos);
        version++;
        LOG.debug("Shard map loaded: {} open shards", map.openShardCount());
        onNewMap.accept(map);
    }
}
