package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.internal.shards.HashKey;
import io.github.kinesisproducer.internal.shards.ShardMap;
import java.util.Arrays;

/**
 * The seed's aggregation: each user record followed by the delimiter, concatenated. The Kinesis record takes the
 * first record's partition key (records of one group share a shard or a key, so routing is unchanged), or a
 * random key for records sent without one, as the seed does.
 */
final class DelimitedReducer extends Reducer {
    private final byte[] delimiter;
    private final int softLimit;
    private final int maxRecordSize;
    private final boolean unkeyed;
    private final boolean servicePlaced;
    private byte[] buffer = new byte[256];
    private int length;
    private int outerKeyBytes;

    /**
     * @param unkeyed its records were sent without a key: the Kinesis record gets a random one, or none if
     *     {@code servicePlaced}
     * @param servicePlaced the stream places records itself: no explicit hash key, no shard prediction
     */
    DelimitedReducer(byte[] delimiter, int bufferSizeLimit, int maxRecordSize, boolean unkeyed, boolean servicePlaced,
            long maxBufferedNanos) {
        super(maxBufferedNanos);
        this.servicePlaced = servicePlaced;
        this.delimiter = delimiter;
        this.softLimit = bufferSizeLimit;
        this.maxRecordSize = maxRecordSize;
        this.unkeyed = unkeyed;
    }

    /** Size this record adds to a delimited Kinesis record. */
    static int framedSize(PendingRecord r, byte[] delimiter) {
        return r.data.length + delimiter.length;
    }

    @Override
    protected boolean fits(PendingRecord r) {
        int next = length + r.data.length + delimiter.length;
        return next <= softLimit && next + outerKeyBytes <= maxRecordSize;
    }

    @Override
    protected void append(PendingRecord r) {
        if (records.isEmpty()) {
            outerKeyBytes = unkeyed ? RandomKeys.MAX_LENGTH : r.keyBytes;
        }
        int need = length + r.data.length + delimiter.length;
        if (need > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(need, Math.min(buffer.length * 2, maxRecordSize)));
        }
        System.arraycopy(r.data, 0, buffer, length, r.data.length);
        length += r.data.length;
        System.arraycopy(delimiter, 0, buffer, length, delimiter.length);
        length += delimiter.length;
    }

    @Override
    protected OutRecord build(ShardMap map, PendingRecord[] carried, long sendBy) {
        byte[] data = Arrays.copyOf(buffer, length);
        PendingRecord first = carried[0];
        if (servicePlaced) {
            return OutRecord.servicePlaced(unkeyed ? null : first.partitionKey,
                    unkeyed ? RandomKeys.MAX_LENGTH : first.keyBytes, data, carried, sendBy);
        }
        if (unkeyed) {
            String key = RandomKeys.next();
            return new OutRecord(key, RandomKeys.utf8Length(key), null, data, carried, false,
                    map.shardFor(HashKey.ofPartitionKey(key)), sendBy);
        }
        return new OutRecord(first.partitionKey, first.keyBytes, first.explicitHashKey, data, carried, false,
                map.shardFor(first.hashKey), sendBy);
    }

    @Override
    protected void reset() {
        length = 0;
        if (buffer.length > 64 * 1024) {
            buffer = new byte[256]; // don't pin a large buffer per idle group
        }
    }
}
