package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.InvalidRecordException;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordDistribution;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every stream the producer has written to, by the name records give it ({@link StreamHandle}), and the rule that
 * shares the buffer between them: while one stream is used it may hold the whole buffer; from the second stream on,
 * each holds at most {@code stream_buffer_share} of it, so that a throttled stream blocks its own senders and leaves
 * the rest to the others. A stream already holding more when the second one appears keeps it, and gets more only
 * once it is below its share. Thread-safe: callers resolve streams, the sender looks them up.
 */
final class StreamDirectory {
    private final ProducerConfig config;
    private final ConcurrentHashMap<String, StreamHandle> handles = new ConcurrentHashMap<>();
    /** The stream of records that name none ({@code stream_name}), or null. */
    private final StreamHandle defaultStream;
    private volatile boolean several;

    StreamDirectory(ProducerConfig config) {
        this.config = config;
        this.defaultStream = config.streamName() == null ? null : handles.computeIfAbsent(config.streamName(),
                this::create);
    }

    /** The default stream's handle, or null if the producer has none. */
    StreamHandle defaultStream() {
        return defaultStream;
    }

    /**
     * The handle of the stream a record names (null: the default stream), created on first use.
     *
     * @throws InvalidRecordException naming {@code stream} if it is not a stream name or ARN, or if it is null and
     *                                the producer has no default stream
     */
    StreamHandle resolve(String stream) {
        if (stream == null) {
            if (defaultStream == null) {
                throw new InvalidRecordException(RecordValidator.NO_STREAM);
            }
            return defaultStream;
        }
        StreamHandle h = handles.get(stream);
        if (h != null) {
            return h;
        }
        RecordValidator.requireValidStream(stream);
        h = handles.computeIfAbsent(stream, this::create);
        if (handles.size() > 1) {
            share(); // every creator that sees a second stream: so no new handle escapes the caps
        }
        return h;
    }

    /** The handle of a stream written to before, or null. */
    StreamHandle get(String stream) {
        return handles.get(stream);
    }

    /** True once the producer has written to two or more streams: the buffer is shared out. */
    boolean several() {
        return several;
    }

    private StreamHandle create(String name) {
        boolean capped = several;
        return new StreamHandle(name, config, capped ? capBytes() : config.maxBufferedBytes(),
                capped ? capRecords() : config.maxBufferedRecords());
    }

    private synchronized void share() {
        several = true;
        for (StreamHandle h : handles.values()) {
            if (h.quota.maxBytes() != capBytes() || h.quota.maxRecords() != capRecords()) {
                h.quota.limits(capBytes(), capRecords());
            }
        }
    }

    private long capBytes() {
        return Math.max(1, config.maxBufferedBytes() * config.streamBufferShare() / 100);
    }

    private long capRecords() {
        return Math.max(1, (long) config.maxBufferedRecords() * config.streamBufferShare() / 100);
    }

    /**
     * The producer's totals: every stream's counters summed, the whole buffer, the calls in flight, and the record
     * distribution of the default stream (of the only stream, for a producer without one; DETECT with several).
     */
    ProducerMetrics totals(MemoryPool pool, int inFlight) {
        List<ProducerMetrics> all = new ArrayList<>(handles.size());
        for (StreamHandle h : handles.values()) {
            all.add(h.snapshot());
        }
        RecordDistribution distribution = defaultStream != null ? defaultStream.stats.recordDistribution
                : all.size() == 1 ? all.get(0).recordDistribution() : RecordDistribution.DETECT;
        return ProducerStats.sum(all, pool.usedRecords(), pool.usedBytes(), inFlight, distribution);
    }
}
