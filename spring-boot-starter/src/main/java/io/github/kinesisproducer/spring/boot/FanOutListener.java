package io.github.kinesisproducer.spring.boot;

import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.RecordDistribution;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each producer event to several listeners (the builder takes one). One that throws is logged and does not keep
 * the event from the others.
 */
final class FanOutListener implements ProducerListener {
    private static final Logger LOG = LoggerFactory.getLogger(FanOutListener.class);

    private final List<ProducerListener> listeners;

    FanOutListener(List<ProducerListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private void each(Consumer<ProducerListener> event) {
        for (ProducerListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("ProducerListener {} failed; the other listeners still get the event", l, e);
            }
        }
    }

    @Override
    public void putRecordsCompleted(int kinesisRecords, int kinesisRecordsFailed, int userRecords, long bytes,
            Duration latency, String requestError) {
        each(l -> l.putRecordsCompleted(kinesisRecords, kinesisRecordsFailed, userRecords, bytes, latency,
                requestError));
    }

    @Override
    public void retryScheduled(String errorCode, int userRecords) {
        each(l -> l.retryScheduled(errorCode, userRecords));
    }

    @Override
    public void outcomeUnknown(String errorCode, int userRecords) {
        each(l -> l.outcomeUnknown(errorCode, userRecords));
    }

    @Override
    public void throttled(String shardId) {
        each(l -> l.throttled(shardId));
    }

    @Override
    public void userRecordsFailed(String errorCode, int count) {
        each(l -> l.userRecordsFailed(errorCode, count));
    }

    @Override
    public void shardMapLoaded(int openShards) {
        each(l -> l.shardMapLoaded(openShards));
    }

    @Override
    public void shardMapLoadFailed(String errorCode, Throwable error) {
        each(l -> l.shardMapLoadFailed(errorCode, error));
    }

    @Override
    public void recordDistributionDetected(RecordDistribution strategy, String source, String detail) {
        each(l -> l.recordDistributionDetected(strategy, source, detail));
    }
}
