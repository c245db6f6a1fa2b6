package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.ProducerListener;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the user's listener, so that a listener that throws never disturbs the engine. */
final class Listeners implements ProducerListener {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private final ProducerListener delegate;
    private boolean warned;

    Listeners(ProducerListener delegate) {
        this.delegate = delegate == null ? ProducerListener.NONE : delegate;
    }

    @Override
    public void putRecordsCompleted(int kinesisRecords, int kinesisRecordsFailed, int userRecords, long bytes,
            Duration latency, String requestError) {
        try {
            delegate.putRecordsCompleted(kinesisRecords, kinesisRecordsFailed, userRecords, bytes, latency, requestError);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    @Override
    public void retryScheduled(String errorCode, int userRecords) {
        try {
            delegate.retryScheduled(errorCode, userRecords);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    @Override
    public void outcomeUnknown(String errorCode, int userRecords) {
        try {
            delegate.outcomeUnknown(errorCode, userRecords);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    @Override
    public void throttled(String shardId) {
        try {
            delegate.throttled(shardId);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    @Override
    public void userRecordsFailed(String errorCode, int count) {
        try {
            delegate.userRecordsFailed(errorCode, count);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    @Override
    public void shardMapLoaded(int openShards) {
        try {
            delegate.shardMapLoaded(openShards);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    @Override
    public void shardMapLoadFailed(String errorCode, Throwable error) {
        try {
            delegate.shardMapLoadFailed(errorCode, error);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    @Override
    public void recordDistributionDetected(io.github.kinesisproducer.RecordDistribution strategy, String source,
            String detail) {
        try {
            delegate.recordDistributionDetected(strategy, source, detail);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    private void warn(RuntimeException e) {
        if (!warned) {
            warned = true; // once: a broken listener would otherwise flood the log
            LOG.warn("A ProducerListener threw; ignoring (logged once)", e);
        }
    }
}
