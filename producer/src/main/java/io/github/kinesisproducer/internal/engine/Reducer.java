package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.internal.shards.ShardMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs the user records of one group (a predicted shard, or one partition key) into one Kinesis record at a
 * time. Subclasses say whether a record fits and how the bytes are built. Sender thread only.
 */
abstract class Reducer {
    protected final List<PendingRecord> records = new ArrayList<>();
    private final long maxBufferedNanos;
    private long openedAtNanos;

    Reducer(long maxBufferedNanos) {
        this.maxBufferedNanos = maxBufferedNanos;
    }

    /** Adds the record if it fits; false if the current Kinesis record must be sealed first. An empty reducer always accepts. */
    final boolean tryAdd(PendingRecord record) {
        if (records.isEmpty()) {
            openedAtNanos = record.arrivalNanos;
        } else if (!fits(record)) {
            return false;
        }
        append(record);
        records.add(record);
        return true;
    }

    /** Turns what was added into one Kinesis record and empties the reducer. Must not be empty. */
    final OutRecord seal(ShardMap map) {
        OutRecord out = build(map, records.toArray(new PendingRecord[0]), openedAtNanos + maxBufferedNanos);
        records.clear();
        reset();
        return out;
    }

    /** Empties the reducer without sealing, handing its records back. */
    final List<PendingRecord> takeRecords() {
        List<PendingRecord> out = new ArrayList<>(records);
        records.clear();
        reset();
        return out;
    }

    final boolean isEmpty() {
        return records.isEmpty();
    }

    /** Arrival time (at {@code send}) of the first record added since the last seal. */
    final long openedAtNanos() {
        return openedAtNanos;
    }

    /** Whether one more record fits, given at least one is already in. */
    protected abstract boolean fits(PendingRecord record);

    protected abstract void append(PendingRecord record);

    protected abstract OutRecord build(ShardMap map, PendingRecord[] carried, long sendByNanos);

    protected abstract void reset();
}
