package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.Attempt;
import io.github.kinesisproducer.internal.shards.HashKey;
import io.github.kinesisproducer.internal.shards.ShardInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * One Kinesis record on its way out: its key, its bytes, and the user records it carries.
 * Sender thread only.
 */
final class OutRecord {
    /** Ready-queue key for records whose shard is not known yet. */
    static final String UNKNOWN_SHARD = "";
    /** Ready-queue and rate-limiter key of records the stream places itself (AUTO): one queue, one stream-wide limit. */
    static final String STREAM_WIDE = "(stream)";

    final String partitionKey;
    final String explicitHashKey;
    final byte[] data;
    final PendingRecord[] records;
    /** True for a KPL aggregate (sub-sequence numbers count from 0 inside it). */
    final boolean aggregated;
    /** Predicted shard, or null when no shard map is known or the stream places records itself. */
    final ShardInfo predictedShard;
    /**
     * Built for a stream that places records itself (AUTO): one user record (or a delimited batch), no explicit hash
     * key, no partition key if sent without one (a random one is given at send if the stream places by key again).
     */
    final boolean servicePlaced;
    /** Bytes Kinesis counts against its limits: data plus partition key. */
    final int size;
    /** Latest time to send it, from the first user record's arrival plus the max buffered time. */
    final long sendByNanos;
    /** Earliest time-to-live deadline among its user records. */
    final long deadlineNanos;

    final List<Attempt> attempts = new ArrayList<>(1);
    /** Not to be sent before this (retry backoff). */
    long notBeforeNanos;

    /** @param keyBytes UTF-8 length of the partition key */
    OutRecord(String partitionKey, int keyBytes, String explicitHashKey, byte[] data, PendingRecord[] records,
            boolean aggregated, ShardInfo predictedShard, long sendByNanos) {
        this(partitionKey, keyBytes, explicitHashKey, data, records, aggregated, predictedShard, sendByNanos, false);
    }

    /** A record for a stream that places records itself: no explicit hash key, no predicted shard. */
    static OutRecord servicePlaced(String partitionKey, int keyBytes, byte[] data, PendingRecord[] records,
            long sendByNanos) {
        return new OutRecord(partitionKey, keyBytes, null, data, records, false, null, sendByNanos, true);
    }

    private OutRecord(String partitionKey, int keyBytes, String explicitHashKey, byte[] data, PendingRecord[] records,
            boolean aggregated, ShardInfo predictedShard, long sendByNanos, boolean servicePlaced) {
        this.servicePlaced = servicePlaced;
        this.partitionKey = partitionKey;
        this.explicitHashKey = explicitHashKey;
        this.data = data;
        this.records = records;
        this.aggregated = aggregated;
        this.predictedShard = predictedShard;
        this.size = data.length + keyBytes;
        this.sendByNanos = sendByNanos;
        long deadline = Long.MAX_VALUE;
        for (PendingRecord r : records) {
            deadline = Math.min(deadline, r.deadlineNanos);
        }
        this.deadlineNanos = deadline;
    }

    /** The ready-queue and rate-limiter key: the predicted shard id, {@link #STREAM_WIDE} or {@link #UNKNOWN_SHARD}. */
    String shardKey() {
        return servicePlaced ? STREAM_WIDE : predictedShard == null ? UNKNOWN_SHARD : predictedShard.shardId();
    }

    /** The hash key a stream that places by key puts this record by: the explicit hash key, else the key's MD5. */
    HashKey placementKey() {
        return explicitHashKey != null ? HashKey.parseDecimal(explicitHashKey) : HashKey.ofPartitionKey(partitionKey);
    }

    int attemptCount() {
        return attempts.size();
    }
}
