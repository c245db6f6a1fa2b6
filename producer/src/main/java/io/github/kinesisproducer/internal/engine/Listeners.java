package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.RecordDistribution;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the user's listener for one stream, with the stream named in every event, so that a listener that throws
 * never disturbs the engine. One per stream, sharing the "warned once" flag of the producer.
 */
final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private final ProducerListener delegate;
    private final String stream;
    private final AtomicBoolean warned;

    /** The producer's listener, not yet bound to a stream: {@link #forStream} gives the ones the engine calls. */
    Listeners(ProducerListener delegate) {
        this(delegate == null ? ProducerListener.NONE : delegate, null, new AtomicBoolean());
    }

    private Listeners(ProducerListener delegate, String stream, AtomicBoolean warned) {
        this.delegate = delegate;
        this.stream = stream;
        this.warned = warned;
    }

    Listeners forStream(String streamName) {
        return new Listeners(delegate, streamName, warned);
    }

    void putRecordsCompleted(int kinesisRecords, int kinesisRecordsFailed, int userRecords, long bytes,
            Duration latency, String requestError) {
        try {
            delegate.putRecordsCompleted(stream, kinesisRecords, kinesisRecordsFailed, userRecords, bytes, latency,
                    requestError);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    void retryScheduled(String errorCode, int userRecords) {
        try {
            delegate.retryScheduled(stream, errorCode, userRecords);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    void outcomeUnknown(String errorCode, int userRecords) {
        try {
            delegate.outcomeUnknown(stream, errorCode, userRecords);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    void throttled(String shardId) {
        try {
            delegate.throttled(stream, shardId);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    void userRecordsFailed(String errorCode, int count) {
        try {
            delegate.userRecordsFailed(stream, errorCode, count);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    void shardMapLoaded(int openShards) {
        try {
            delegate.shardMapLoaded(stream, openShards);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    void shardMapLoadFailed(String errorCode, Throwable error) {
        try {
            delegate.shardMapLoadFailed(stream, errorCode, error);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    void recordDistributionDetected(RecordDistribution strategy, String source, String detail) {
        try {
            delegate.recordDistributionDetected(stream, strategy, source, detail);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    private void warn(RuntimeException e) {
        if (warned.compareAndSet(false, true)) { // once: a broken listener would otherwise flood the log
            LOG.warn("A ProducerListener threw; ignoring (logged once)", e);
        }
    }
}
