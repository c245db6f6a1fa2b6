package io.github.kinesisproducer.flink.internal;

import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A producer that forwards every call, for test doubles that change one behaviour. */
class ForwardingProducer implements Producer {
    private final Producer delegate;

    ForwardingProducer(Producer delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<RecordResult> send(byte[] data) {
        return delegate.send(data);
    }

    @Override
    public CompletableFuture<RecordResult> send(String partitionKey, byte[] data) {
        return delegate.send(partitionKey, data);
    }

    @Override
    public CompletableFuture<RecordResult> send(String partitionKey, String explicitHashKey, byte[] data) {
        return delegate.send(partitionKey, explicitHashKey, data);
    }

    @Override
    public CompletableFuture<RecordResult> send(KinesisRecord record) {
        return delegate.send(record);
    }

    @Override
    public CompletableFuture<RecordResult> trySend(String partitionKey, byte[] data) {
        return delegate.trySend(partitionKey, data);
    }

    @Override
    public CompletableFuture<RecordResult> trySend(String partitionKey, String explicitHashKey, byte[] data) {
        return delegate.trySend(partitionKey, explicitHashKey, data);
    }

    @Override
    public CompletableFuture<RecordResult> trySend(KinesisRecord record) {
        return delegate.trySend(record);
    }

    @Override
    public CompletableFuture<Void> flush() {
        return delegate.flush();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public boolean close(Duration timeout) {
        return delegate.close(timeout);
    }

    @Override
    public ProducerMetrics metrics() {
        return delegate.metrics();
    }
}
