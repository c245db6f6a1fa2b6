package com.amazonaws.services.kinesis.producer;

import com.amazonaws.services.schemaregistry.common.Schema;
import com.google.common.util.concurrent.ListenableFuture;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The KPL 0.x producer interface, as {@code com.amazonaws:amazon-kinesis-producer:0.15.x} declares it, implemented by
 * {@link KinesisProducer} over kinesis-producer-kpl-compat (the KPL 1.x API on kinesis-producer). Behaviour: as
 * documented on {@code software.amazon.kinesis.producer.KinesisProducer}; differences in {@code docs/kpl-compat.md}.
 */
public interface IKinesisProducer {
    ListenableFuture<UserRecordResult> addUserRecord(String stream, String partitionKey, ByteBuffer data);

    ListenableFuture<UserRecordResult> addUserRecord(UserRecord userRecord);

    ListenableFuture<UserRecordResult> addUserRecord(String stream, String partitionKey, String explicitHashKey,
            ByteBuffer data);

    ListenableFuture<UserRecordResult> addUserRecord(String stream, String partitionKey, String explicitHashKey,
            ByteBuffer data, Schema schema);

    int getOutstandingRecordsCount();

    /**
     * Milliseconds since the oldest outstanding record was added; 0 when none.
     *
     * @throws UnsupportedOperationException in implementations that do not support it (this default)
     */
    default long getOldestRecordTimeInMillis() {
        throw new UnsupportedOperationException("This method is not supported in this IKinesisProducer type");
    }

    List<Metric> getMetrics(String metricName, int windowSeconds) throws InterruptedException, ExecutionException;

    List<Metric> getMetrics(String metricName) throws InterruptedException, ExecutionException;

    List<Metric> getMetrics() throws InterruptedException, ExecutionException;

    List<Metric> getMetrics(int windowSeconds) throws InterruptedException, ExecutionException;

    void destroy();

    void flush(String stream);

    void flush();

    void flushSync();
}
