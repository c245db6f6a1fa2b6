package io.github.kinesisproducer.flink.internal;

import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.RecordResult;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The one place where a record meets the producer, with the stream it is for. Today a producer writes to one stream,
 * so a record for any other stream is refused here with an error saying so; when the core library's producer serves
 * several streams (issue #28: {@code KinesisRecord.withStream}, {@code sendTo}), only this class changes.
 */
public final class StreamRouter {
    private final Producer producer;
    private final String ownStream;

    /**
     * @param producer the subtask's producer
     * @param ownStream the stream it was built for (records with no stream of their own go there)
     */
    public StreamRouter(Producer producer, String ownStream) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.ownStream = Objects.requireNonNull(ownStream, "ownStream");
    }

    /**
     * Hands one record to the producer.
     *
     * @param stream the target stream; null for the sink's own
     * @param partitionKey null for a random key
     * @param explicitHashKey null to place the record by its key's MD5
     * @param block true: wait for buffer space up to {@code max_block}; false: {@code BufferFullException} at once
     * @throws UnroutableRecordException for a stream other than the producer's own
     */
    public CompletableFuture<RecordResult> send(String stream, String partitionKey, String explicitHashKey,
            byte[] data, boolean block) {
        if (stream != null && !stream.equals(ownStream)) {
            throw new UnroutableRecordException("the stream selector chose stream '" + stream + "', but this sink "
                    + "writes to '" + ownStream + "' only: per-record routing to other streams arrives with the "
                    + "producer's many-streams support. Until then, return '" + ownStream + "' (or null), or use one "
                    + "KinesisProducerSink per stream (e.g. split the DataStream with a side output)");
        }
        if (partitionKey == null) {
            KinesisRecord keyless = KinesisRecord.of(data);
            return block ? producer.send(keyless) : producer.trySend(keyless);
        }
        return block ? producer.send(partitionKey, explicitHashKey, data)
                : producer.trySend(partitionKey, explicitHashKey, data);
    }

    /** The stream records go to when they name none. */
    public String ownStream() {
        return ownStream;
    }
}
