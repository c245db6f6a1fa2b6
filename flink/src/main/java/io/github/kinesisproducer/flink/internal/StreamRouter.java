package io.github.kinesisproducer.flink.internal;

import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.RecordResult;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The one place where a record meets the producer, with the stream it is for. One producer per subtask serves every
 * stream the selector chooses ({@link KinesisRecord#withStream}): one memory budget, one sender thread and one
 * connection pool for all of them.
 */
public final class StreamRouter {
    private final Producer producer;
    private final String defaultStream;

    /**
     * @param producer the subtask's producer
     * @param defaultStream the stream records with no stream of their own go to (the producer's default); null when
     *     the sink has none and every record must name one
     */
    public StreamRouter(Producer producer, String defaultStream) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.defaultStream = defaultStream;
    }

    /**
     * Hands one record to the producer.
     *
     * @param stream the target stream (name or ARN); null for the default one
     * @param partitionKey null for a random key
     * @param explicitHashKey null to place the record by its key's MD5
     * @param block true: wait for buffer space up to {@code max_block}; false: {@code BufferFullException} at once
     * @throws io.github.kinesisproducer.InvalidRecordException for a bad record, or for a null stream when the
     *     producer has no default one; nothing was sent
     */
    public CompletableFuture<RecordResult> send(String stream, String partitionKey, String explicitHashKey,
            byte[] data, boolean block) {
        KinesisRecord record = partitionKey == null ? KinesisRecord.of(data)
                : KinesisRecord.of(partitionKey, data).withExplicitHashKey(explicitHashKey);
        if (stream != null) {
            record = record.withStream(stream);
        }
        return block ? producer.send(record) : producer.trySend(record);
    }

    /** The stream records go to when they name none; null if the sink has no default stream. */
    public String defaultStream() {
        return defaultStream;
    }
}
