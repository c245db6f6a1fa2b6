package io.github.kinesisproducer.internal.shards;
import io.github.kinesisproducer.internal.protocol.KinesisErrors;
import io.github.kinesisproducer.internal.protocol.ListedShard;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the current {@link ShardMap} of the stream: loads it with ListShards at start, refreshes it when a
 * PutRecords result shows a record landed on an unexpected shard (at most once per second), and retries failed
 * loads with backoff (1 s × 1.5 up to 30 s, as the KPL). Sender thread only; results arrive as engine events.
 */
public final class ShardMapTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ShardMapTracker.class);

    /** Starts a ListShards call; the tracker's {@link #onResult} must be called with its outcome. */
    public interface Loader {
        void load();
    }

    private final Loader loader;
    private final Consumer<ShardMap> onNewMap;
    private final Consumer<Throwable> onFailure;
    private final LoadSchedule schedule = new LoadSchedule(Long.MAX_VALUE);
    private ShardMap map = ShardMap.empty();
    private boolean settled;
    private long version;

    public ShardMapTracker(Loader loader, Consumer<ShardMap> onNewMap) {
        this(loader, onNewMap, error -> { });
    }

    /** @param onFailure told of every failed load (after it is logged and the retry scheduled) */
    public ShardMapTracker(Loader loader, Consumer<ShardMap> onNewMap, Consumer<Throwable> onFailure) {
        this.loader = loader;
        this.onNewMap = onNewMap;
        this.onFailure = onFailure;
    }

    public ShardMap current() {
        return map;
    }

    /** True once the first load has finished, successfully or not. */
    public boolean settled() {
        return settled;
    }

    /** Bumped on every successful load. */
    public long version() {
        return version;
    }

    boolean loading() {
        return schedule.loading();
    }

    /** The map looks stale: refresh it soon (rate-limited). */
    public void invalidate(long nowNanos) {
        schedule.request(nowNanos);
    }

    /** Starts a load if one is wanted and due. */
    public void poll(long nowNanos) {
        if (schedule.startIfDue(nowNanos)) {
            loader.load();
        }
    }

    /** When {@link #poll} next has work, or {@code Long.MAX_VALUE}. */
    public long nextWakeNanos() {
        return schedule.nextWakeNanos();
    }

    public void onResult(List<ListedShard> shards, Throwable error, long nowNanos) {
        settled = true;
        if (error != null) {
            long retry = schedule.failed(nowNanos);
            LOG.warn("Could not load the shard map ({}: {}); retrying in {} ms. Until then records are aggregated "
                    + "only with records of the same partition key.", KinesisErrors.codeOf(error),
                    KinesisErrors.messageOf(error), retry / 1_000_000);
            onFailure.accept(error);
            return;
        }
        schedule.succeeded(nowNanos);
        List<ShardInfo> infos = new ArrayList<>(shards.size());
        for (ListedShard s : shards) {
            infos.add(new ShardInfo(s.shardId(), HashKey.of(new BigInteger(s.startingHashKey())),
                    HashKey.of(new BigInteger(s.endingHashKey())), s.parentShardId(), s.adjacentParentShardId(),
                    s.open()));
        }
        map = ShardMap.of(infos);
        version++;
        LOG.debug("Shard map loaded: {} open shards", map.openShardCount());
        onNewMap.accept(map);
    }
}
