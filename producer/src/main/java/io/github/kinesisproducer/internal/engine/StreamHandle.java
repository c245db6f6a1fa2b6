package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.IncompatibleStreamException;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.ProducerMetrics;

/**
 * What callers and the sender share about one stream, kept for the producer's life once the stream was written to
 * (a few hundred bytes): its name as records give it, the record size limit {@code send} checks against, its share
 * of the buffer, its counters, and whether it refuses records. The sender's working state for the stream (shard
 * map, queues, limits) is a {@link StreamLane}, dropped when the stream is idle. Thread-safe.
 */
final class StreamHandle {
    /** The stream as records name it: a name or an ARN. */
    final String name;
    final RecordSizeLimit sizeLimit;
    /** This stream's part of the buffer: every record reserves here, then in the producer's pool. */
    final MemoryPool quota;
    final ProducerStats stats = new ProducerStats();
    /** Set once a strict-ordering producer finds this stream placing records itself: new records are refused. */
    volatile IncompatibleStreamException refusal;
    /**
     * Records sent now wait at least until then for the stream's first shard map ({@code Long.MIN_VALUE}: they do
     * not). Set by the sender; callers read it so as not to wake the sender for records it would only hold.
     */
    volatile long heldUntilNanos = Long.MIN_VALUE;

    StreamHandle(String name, ProducerConfig config, long quotaBytes, long quotaRecords) {
        this.name = name;
        this.sizeLimit = new RecordSizeLimit(config, name);
        this.quota = new MemoryPool(quotaBytes, quotaRecords);
    }

    ProducerMetrics snapshot() {
        return stats.snapshot(quota.usedRecords(), quota.usedBytes());
    }

    @Override
    public String toString() {
        return name;
    }
}
