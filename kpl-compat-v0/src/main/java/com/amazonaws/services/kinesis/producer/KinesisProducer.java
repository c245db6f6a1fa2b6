package com.amazonaws.services.kinesis.producer;

import com.amazonaws.services.schemaregistry.common.Schema;
import com.google.common.util.concurrent.ListenableFuture;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The KPL 0.x {@code KinesisProducer} over the 1.x module's ({@code software.amazon.kinesis.producer.KinesisProducer},
 * backed by kinesis-producer, no native daemon): every call goes to it, results and failures come back as the 0.x
 * types. Behaviour and differences from the KPL: as documented there and in {@code docs/kpl-compat.md}.
 */
public class KinesisProducer implements IKinesisProducer {
    private final software.amazon.kinesis.producer.KinesisProducer delegate;

    /** A producer with the KPL's default configuration. */
    public KinesisProducer() {
        this(new KinesisProducerConfiguration());
    }

    /** @throws IllegalArgumentException if the configuration cannot be applied (the message says which setting) */
    public KinesisProducer(KinesisProducerConfiguration config) {
        this.delegate = new software.amazon.kinesis.producer.KinesisProducer(config.toV1x());
    }

    @Override
    public ListenableFuture<UserRecordResult> addUserRecord(String stream, String partitionKey, ByteBuffer data) {
        return V0Bridge.future(call(() -> delegate.addUserRecord(stream, partitionKey, data)));
    }

    @Override
    public ListenableFuture<UserRecordResult> addUserRecord(UserRecord userRecord) {
        return V0Bridge.future(call(() -> delegate.addUserRecord(V0Bridge.record(userRecord))));
    }

    @Override
    public ListenableFuture<UserRecordResult> addUserRecord(String stream, String partitionKey, String explicitHashKey,
            ByteBuffer data) {
        return V0Bridge.future(call(() -> delegate.addUserRecord(stream, partitionKey, explicitHashKey, data)));
    }

    @Override
    public ListenableFuture<UserRecordResult> addUserRecord(String stream, String partitionKey, String explicitHashKey,
            ByteBuffer data, Schema schema) {
        return V0Bridge.future(call(() -> delegate.addUserRecord(stream, partitionKey, explicitHashKey, data, schema)));
    }

    /** Runs a call on the 1.x producer; its DaemonException (a destroyed producer) becomes the 0.x one. */
    private static <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (software.amazon.kinesis.producer.DaemonException e) {
            DaemonException v0 = new DaemonException(e.getMessage());
            v0.initCause(e);
            throw v0;
        }
    }

    @Override
    public int getOutstandingRecordsCount() {
        return delegate.getOutstandingRecordsCount();
    }

    @Override
    public long getOldestRecordTimeInMillis() {
        return delegate.getOldestRecordTimeInMillis();
    }

    @Override
    public List<Metric> getMetrics(String metricName, int windowSeconds) {
        return V0Bridge.metrics(call(() -> delegate.getMetrics(metricName, windowSeconds)));
    }

    @Override
    public List<Metric> getMetrics(String metricName) {
        return V0Bridge.metrics(call(() -> delegate.getMetrics(metricName)));
    }

    @Override
    public List<Metric> getMetrics() {
        return V0Bridge.metrics(call(() -> delegate.getMetrics()));
    }

    @Override
    public List<Metric> getMetrics(int windowSeconds) {
        return V0Bridge.metrics(call(() -> delegate.getMetrics(windowSeconds)));
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }

    @Override
    public void flush(String stream) {
        call(() -> {
            delegate.flush(stream);
            return null;
        });
    }

    @Override
    public void flush() {
        call(() -> {
            delegate.flush();
            return null;
        });
    }

    @Override
    public void flushSync() {
        delegate.flushSync();
    }
}
