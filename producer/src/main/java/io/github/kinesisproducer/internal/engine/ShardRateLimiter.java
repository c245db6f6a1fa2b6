package io.github.kinesisproducer.internal.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-shard token buckets for Kinesis's write limits (1,000 records/s and 1 MiB/s per shard, times a
 * percentage), plus a reaction to throttling: a throttled shard's rate is halved (down to 10 %) and climbs back
 * by 10 % of its limit per second without throttling, so one hot shard slows down alone and storms settle.
 * Records the stream places itself (AUTO) share one bucket sized for all its open shards, since any of them may get
 * any record. Records with no predicted shard are not limited. Sender thread only.
 */
final class ShardRateLimiter {
    static final double SHARD_RECORDS_PER_SECOND = 1000;
    static final double SHARD_BYTES_PER_SECOND = 1024 * 1024;
    private static final double MIN_FACTOR = 0.1;
    private static final double RECOVERY_PER_SECOND = 0.1;
    private static final double NANOS_PER_SECOND = 1e9;

    private final double recordsPerSecond;
    private final double bytesPerSecond;
    private int maxRecordSize;
    private final boolean enabled;
    private final Map<String, Bucket> buckets = new HashMap<>();
    /** Open shards of the stream, for the stream-wide bucket; 0 when not known (then not limited). */
    private int streamShards;

    /**
     * @param percent 0 turns limiting off
     * @param maxRecordSize the byte bucket holds at least one max-size record, so large records are never stuck
     */
    ShardRateLimiter(int percent, int maxRecordSize) {
        this.enabled = percent > 0;
        this.recordsPerSecond = SHARD_RECORDS_PER_SECOND * percent / 100.0;
        this.bytesPerSecond = SHARD_BYTES_PER_SECOND * percent / 100.0;
        this.maxRecordSize = maxRecordSize;
    }

    /** The largest record changed (the stream's own limit was read): every bucket must hold one. */
    void maxRecordSize(int bytes) {
        maxRecordSize = bytes;
    }

    /** The stream has this many open shards: the stream-wide bucket allows that many shards' worth. */
    void streamShards(int openShards) {
        streamShards = openShards;
        Bucket b = buckets.get(OutRecord.STREAM_WIDE);
        if (b != null) {
            b.scale = Math.max(1, openShards);
        }
    }

    private final class Bucket {
        /** Shards' worth of capacity: 1 per shard, all open shards for the stream-wide bucket. */
        int scale;
        double records;
        double bytes;
        double factor = 1.0;
        long lastNanos;

        Bucket(long nowNanos, int scale) {
            this.lastNanos = nowNanos;
            this.scale = scale;
            this.records = recordsPerSecond * scale;
            this.bytes = bytesPerSecond * scale;
        }

        void refill(long nowNanos) {
            double seconds = Math.max(0, nowNanos - lastNanos) / NANOS_PER_SECOND;
            lastNanos = nowNanos;
            factor = Math.min(1.0, factor + seconds * RECOVERY_PER_SECOND);
            double recordRate = recordsPerSecond * scale * factor;
            records = Math.min(recordRate, records + seconds * recordRate);
            bytes = Math.min(Math.max(bytesPerSecond * scale, maxRecordSize),
                    bytes + seconds * bytesPerSecond * scale * factor);
        }
    }

    private boolean unlimited(String shardKey) {
        return !enabled || shardKey.isEmpty() || (shardKey.equals(OutRecord.STREAM_WIDE) && streamShards == 0);
    }

    /** Takes tokens for one Kinesis record if the shard has them. */
    boolean tryAcquire(String shardKey, int size, long nowNanos) {
        if (unlimited(shardKey)) {
            return true;
        }
        Bucket b = bucket(shardKey, nowNanos);
        b.refill(nowNanos);
        if (b.records < 1 || b.bytes < size) {
            return false;
        }
        b.records -= 1;
        b.bytes -= size;
        return true;
    }

    /** When a record of this size could next pass, for the sender's wake-up; {@code nowNanos} if it can now. */
    long nextAvailableNanos(String shardKey, int size, long nowNanos) {
        if (unlimited(shardKey)) {
            return nowNanos;
        }
        Bucket b = bucket(shardKey, nowNanos);
        b.refill(nowNanos);
        double recordWait = b.records >= 1 ? 0 : (1 - b.records) / (recordsPerSecond * b.scale * b.factor);
        double byteWait = b.bytes >= size ? 0 : (size - b.bytes) / (bytesPerSecond * b.scale * b.factor);
        return nowNanos + (long) Math.ceil(Math.max(recordWait, byteWait) * NANOS_PER_SECOND);
    }

    /** Kinesis throttled a record of this shard: slow the shard down and empty its buckets. */
    void onThrottled(String shardKey, long nowNanos) {
        if (unlimited(shardKey)) {
            return;
        }
        Bucket b = bucket(shardKey, nowNanos);
        b.refill(nowNanos);
        b.factor = Math.max(MIN_FACTOR, b.factor / 2);
        b.records = Math.min(b.records, 0);
        b.bytes = Math.min(b.bytes, 0);
    }

    /** The shard's current fraction of its configured rate (1.0 = unthrottled). For metrics and tests. */
    double factor(String shardKey) {
        Bucket b = buckets.get(shardKey);
        return b == null ? 1.0 : b.factor;
    }

    private Bucket bucket(String shardKey, long nowNanos) {
        Bucket b = buckets.get(shardKey);
        if (b == null) {
            b = new Bucket(nowNanos, shardKey.equals(OutRecord.STREAM_WIDE) ? Math.max(1, streamShards) : 1);
            buckets.put(shardKey, b);
        }
        return b;
    }
}
