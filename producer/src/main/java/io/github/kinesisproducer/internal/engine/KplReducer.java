package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.internal.aggregation.KplAggregate;
import io.github.kinesisproducer.internal.shards.ShardInfo;
import io.github.kinesisproducer.internal.shards.ShardMap;
/**
 * KPL-format aggregation for one group. A group is either one predicted shard (outer key {@code "a"} plus the
 * first record's hash key as explicit hash key, as the KPL does, so Kinesis routes the aggregate to that shard)
 * or, while no shard map is known, one partition key (outer key = that key and its explicit hash key, so the
 * KCL's range check can never drop the aggregate). A one-record aggregate goes out raw, as the KPL does.
 */
final class KplReducer extends Reducer {
    static final String SHARD_OUTER_KEY = "a";

    private final KplAggregate aggregate = new KplAggregate();
    private final boolean shardGroup;
    private final int maxSize;
    private final int maxCount;

    /**
     * @param shardGroup true if records share a predicted shard (various keys), false if they share one partition key
     * @param outerKeyBytes UTF-8 length of the aggregate's own partition key, which counts toward the record size limit
     */
    KplReducer(boolean shardGroup, int outerKeyBytes, int aggregationMaxSize, int maxRecordSize, int maxCount,
            long maxBufferedNanos) {
        super(maxBufferedNanos);
        this.shardGroup = shardGroup;
        this.maxSize = Math.min(aggregationMaxSize, maxRecordSize - outerKeyBytes);
        this.maxCount = maxCount;
    }

    @Override
    protected boolean fits(PendingRecord r) {
        return records.size() < maxCount
                && aggregate.sizeIfAdded(r.partitionKey, r.keyUtf8, r.explicitHashKey, r.data.length) <= maxSize;
    }

    @Override
    protected void append(PendingRecord r) {
        aggregate.add(r.partitionKey, r.keyUtf8, r.explicitHashKey, r.data);
    }

    @Override
    protected OutRecord build(ShardMap map, PendingRecord[] carried, long sendBy) {
        PendingRecord first = carried[0];
        ShardInfo shard = map.shardFor(first.hashKey);
        if (carried.length == 1) {
            return new OutRecord(first.partitionKey, first.keyBytes, first.explicitHashKey, first.data, carried, false,
                    shard, sendBy);
        }
        if (shardGroup) {
            return new OutRecord(SHARD_OUTER_KEY, SHARD_OUTER_KEY.length(), first.hashKey.toDecimal(),
                    aggregate.encode(), carried, true, shard, sendBy);
        }
        return new OutRecord(first.partitionKey, first.keyBytes, first.explicitHashKey, aggregate.encode(), carried,
                true, shard, sendBy);
    }

    @Override
    protected void reset() {
        aggregate.reset();
    }
}
