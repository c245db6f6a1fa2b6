package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.internal.shards.HashKey;
import io.github.kinesisproducer.internal.shards.ShardInfo;
import io.github.kinesisproducer.internal.shards.ShardMap;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes user records to the reducer of their group and hands sealed Kinesis records to a sink. Groups are
 * predicted shards when a shard map is known (so only records bound for the same shard share a Kinesis record),
 * else partition keys. On a stream that places records itself (AUTO) there is nothing to predict: KPL aggregation
 * stops (each user record is its own Kinesis record) and delimited records share one group. Sender thread only.
 */
final class Accumulator {
    private static final Logger LOG = LoggerFactory.getLogger(Accumulator.class);

    private final Aggregation mode;
    private final String stream;
    private final ProducerConfig config;
    private final RecordSizeLimit sizeLimit;
    private final long maxBufferedNanos;
    private final byte[] delimiter;
    private final Consumer<OutRecord> sink;
    private final Map<Object, Reducer> open = new HashMap<>();
    /** Open reducers in the order they were opened, which is also seal-deadline order (deadline = open + constant). */
    private final ArrayDeque<Opened> deadlines = new ArrayDeque<>();
    private int bufferedRecords;
    /** The stream places records itself (AUTO). */
    private boolean servicePlaced;
    /**
     * The stream is known to place records by key (read, configured, or seen). KPL aggregation waits for it: on a
     * stream that places records itself an aggregate lands anywhere, and the KCL drops it where it does not cover all
     * its records; until then records go plain, and where they land tells the strategy if it cannot be read.
     */
    private boolean keyPlacementKnown;
    private boolean warnedExplicitHashKey;

    private record Opened(Object group, Reducer reducer, long openedAtNanos) {
    }

    /** Group key for records sent without a key in delimited mode. */
    private static final Object UNKEYED = new Object();
    /** Group keys of delimited records on a stream that places records itself. */
    private static final Object SERVICE_PLACED_KEYED = new Object();
    private static final Object SERVICE_PLACED_UNKEYED = new Object();

    Accumulator(ProducerConfig config, String stream, RecordSizeLimit sizeLimit, Consumer<OutRecord> sink) {
        this.stream = stream;
        this.mode = config.aggregation();
        this.config = config;
        this.sizeLimit = sizeLimit;
        this.maxBufferedNanos = config.maxBufferedTime().toNanos();
        this.delimiter = config.recordDelimiter();
        this.sink = sink;
    }

    /**
     * Whether the stream places records itself. Records already open keep their groups: the caller takes them back
     * ({@link #takeAllRecords}) and adds them again when it switches.
     */
    void servicePlaced(boolean on) {
        servicePlaced = on;
    }

    /** Whether the stream is known to place records by key (read or configured). */
    void keyPlacementKnown(boolean known) {
        keyPlacementKnown = known;
    }

    /** Takes one user record in; may seal Kinesis records into the sink. */
    void add(PendingRecord r, ShardMap map, long nowNanos) {
        if (servicePlaced && mode != Aggregation.DELIMITED) {
            addAlone(r);
            return;
        }
        if (mode == Aggregation.NONE) {
            String key = r.partitionKey != null ? r.partitionKey : RandomKeys.next();
            int keyBytes = r.partitionKey != null ? r.keyBytes : RandomKeys.utf8Length(key);
            HashKey hash = r.hashKey != null ? r.hashKey : HashKey.ofPartitionKey(key);
            sink.accept(new OutRecord(key, keyBytes, r.explicitHashKey, r.data, new PendingRecord[] {r}, false,
                    map.shardFor(hash), r.arrivalNanos + maxBufferedNanos));
            return;
        }
        ShardInfo shard = r.hashKey == null || servicePlaced ? null : map.shardFor(r.hashKey);
        if (mode == Aggregation.KPL && !keyPlacementKnown) {
            // Placement not known yet: plain records, which the KCL reads wherever they land, and whose landing
            // shows whether the stream places by key.
            sink.accept(new OutRecord(r.partitionKey, r.keyBytes, r.explicitHashKey, r.data, new PendingRecord[] {r},
                    false, shard, r.arrivalNanos + maxBufferedNanos));
            return;
        }
        Object group = servicePlaced ? (r.keyless ? SERVICE_PLACED_UNKEYED : SERVICE_PLACED_KEYED)
                : r.partitionKey == null ? UNKEYED : shard != null ? shard.shardId() : groupOf(r);
        if (servicePlaced) {
            warnIfExplicitHashKey(r);
        }
        Reducer reducer = open.get(group);
        if (reducer == null) {
            reducer = newReducer(r, shard != null);
            open.put(group, reducer);
        }
        if (!reducer.isEmpty() && !reducer.tryAdd(r)) {
            emit(reducer, map); // full: seal it and start the next Kinesis record of this group with r
        }
        if (reducer.isEmpty()) {
            reducer.tryAdd(r);
            deadlines.addLast(new Opened(group, reducer, reducer.openedAtNanos()));
        }
        bufferedRecords++;
    }

    /**
     * One user record as its own Kinesis record for a stream that places records itself, whatever the aggregation:
     * without an explicit hash key, and without a partition key if it was sent without one.
     */
    void addAlone(PendingRecord r) {
        warnIfExplicitHashKey(r);
        String key = r.keyless ? null : r.partitionKey;
        // A keyless record still reserves a random key's bytes: it gets one if the stream places by key again.
        int keyBytes = r.keyless ? RandomKeys.MAX_LENGTH : r.keyBytes;
        sink.accept(OutRecord.servicePlaced(key, keyBytes, r.data, new PendingRecord[] {r},
                r.arrivalNanos + maxBufferedNanos));
    }

    private void warnIfExplicitHashKey(PendingRecord r) {
        if (r.explicitHashKey != null && !warnedExplicitHashKey) {
            warnedExplicitHashKey = true;
            LOG.warn("Stream '{}' places records itself (RecordDistributionStrategy AUTO): explicit hash keys are "
                    + "ignored there, so the producer no longer sends them (logged once)", stream);
        }
    }

    /** Seals every Kinesis record whose first user record has waited the max buffered time. */
    void sealDue(ShardMap map, long nowNanos) {
        while (!deadlines.isEmpty()) {
            Opened head = deadlines.peekFirst();
            if (head.reducer.isEmpty() || head.reducer.openedAtNanos() != head.openedAtNanos) {
                deadlines.pollFirst(); // sealed by size since; a newer entry tracks it
                continue;
            }
            if (head.openedAtNanos + maxBufferedNanos > nowNanos) {
                return;
            }
            deadlines.pollFirst();
            sealAndForget(head.group, head.reducer, map);
        }
    }

    /** Seals everything (flush, close, or a new shard map that changes the groups). */
    void sealAll(ShardMap map) {
        while (!deadlines.isEmpty()) {
            Opened head = deadlines.pollFirst();
            if (!head.reducer.isEmpty() && head.reducer.openedAtNanos() == head.openedAtNanos) {
                sealAndForget(head.group, head.reducer, map);
            }
        }
    }

    /**
     * Takes the unsealed records of shard groups matching the predicate (shards closed by a reshard) out, in
     * arrival order, so they can be routed again with a new map.
     */
    void takeRecordsOfShards(java.util.function.Predicate<String> which, java.util.List<PendingRecord> into) {
        takeRecords(group -> group instanceof String shardId && which.test(shardId), into);
    }

    /** Takes every unsealed record out (the stream's placement changed: they must be grouped anew). */
    void takeAllRecords(java.util.List<PendingRecord> into) {
        takeRecords(group -> true, into);
    }

    private void takeRecords(java.util.function.Predicate<Object> which, java.util.List<PendingRecord> into) {
        for (java.util.Iterator<Map.Entry<Object, Reducer>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Object, Reducer> e = it.next();
            if (which.test(e.getKey())) {
                Reducer r = e.getValue();
                bufferedRecords -= r.records.size();
                into.addAll(r.takeRecords());
                it.remove();
            }
        }
    }

    /** When the next Kinesis record must be sealed, or {@code Long.MAX_VALUE}. */
    long nextDeadlineNanos() {
        for (Opened o : deadlines) {
            if (!o.reducer.isEmpty() && o.reducer.openedAtNanos() == o.openedAtNanos) {
                return o.openedAtNanos + maxBufferedNanos;
            }
        }
        return Long.MAX_VALUE;
    }

    /** User records waiting in open (unsealed) Kinesis records. */
    int bufferedRecords() {
        return bufferedRecords;
    }

    private void emit(Reducer reducer, ShardMap map) {
        bufferedRecords -= reducer.records.size();
        sink.accept(reducer.seal(map));
    }

    /** Seals on a deadline; key groups are then dropped (they come and go), shard groups kept with their buffers. */
    private void sealAndForget(Object group, Reducer reducer, ShardMap map) {
        emit(reducer, map);
        if (group instanceof KeyGroup || open.size() > 4096) {
            open.remove(group);
        }
    }

    private static Object groupOf(PendingRecord r) {
        return r.explicitHashKey == null ? new KeyGroup(r.partitionKey, null) : new KeyGroup(r.partitionKey, r.explicitHashKey);
    }

    /** A group of records sharing one partition key (and explicit hash key), used while no shard map is known. */
    private record KeyGroup(String partitionKey, String explicitHashKey) {
    }

    private Reducer newReducer(PendingRecord first, boolean shardGroup) {
        int maxRecordSize = sizeLimit.bytes();
        if (mode == Aggregation.KPL) {
            int outerKeyBytes = shardGroup ? KplReducer.SHARD_OUTER_KEY.length() : first.keyBytes;
            return new KplReducer(shardGroup, outerKeyBytes, config.aggregationMaxSize(), maxRecordSize,
                    config.aggregationMaxCount(), maxBufferedNanos);
        }
        return new DelimitedReducer(delimiter, config.aggregationMaxSize(), maxRecordSize,
                servicePlaced ? first.keyless : first.partitionKey == null, servicePlaced, maxBufferedNanos);
    }
}
