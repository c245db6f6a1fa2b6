package software.amazon.kinesis.producer;

import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordResult;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where every record of a KPL {@link KinesisProducer} reaches kinesis-producer: one core producer per KPL producer,
 * built without a stream on the first record, for every stream (as one KPL daemon serves any number of streams: one
 * memory budget, one sender thread, one connection pool). {@link #send} names each record's stream
 * ({@link KinesisRecord#withStream}); {@link #flush} flushes one stream or all.
 */
final class StreamRouter {
    private final Supplier<Producer> factory;
    private final Set<String> streams = ConcurrentHashMap.newKeySet();
    private volatile Producer producer;
    private boolean closed;

    /** @param factory builds the core producer, without a default stream (throws IllegalArgumentException if wrong) */
    StreamRouter(Supplier<Producer> factory) {
        this.factory = factory;
    }

    /** Sends one record to {@code stream}; a null partition key: keyless (a random key, or none on AUTO streams). */
    CompletableFuture<RecordResult> send(String stream, String partitionKey, String explicitHashKey, byte[] data) {
        Producer p = producer();
        KinesisRecord r = partitionKey == null ? KinesisRecord.of(data) : KinesisRecord.of(partitionKey, data);
        CompletableFuture<RecordResult> sent = p.send(r.withExplicitHashKey(explicitHashKey).withStream(stream));
        streams.add(stream); // after the send: a record the core refused names no stream for the metrics
        return sent;
    }

    /** Sends what is buffered for {@code stream} (null: every stream) without waiting. */
    void flush(String stream) {
        Producer p = producer;
        if (p != null) {
            // As the KPL's flush: starts sending and returns (flushSync waits on the outstanding records instead).
            CompletableFuture<Void> unused = stream == null ? p.flush() : p.flush(stream);
        }
    }

    /**
     * The one stream written to so far, for the metrics' {@code StreamName} dimension; null before the first record
     * and once records went to two or more streams (the metrics are then the producer's totals only).
     */
    String stream() {
        if (streams.size() != 1) {
            return null;
        }
        for (String s : streams) {
            return s;
        }
        return null; // emptied meanwhile: never, streams only grow
    }

    /** The core producer's metrics, summed over every stream; null before the first record. */
    ProducerMetrics metrics() {
        Producer p = producer;
        return p == null ? null : p.metrics();
    }

    /** Closes the core producer: records not done within {@code timeout} fail. No producer is built afterwards. */
    void close(Duration timeout) {
        Producer p;
        synchronized (this) {
            closed = true;
            p = producer;
        }
        if (p != null) {
            p.close(timeout);
        }
    }

    private Producer producer() {
        Producer p = producer;
        if (p != null) {
            return p;
        }
        synchronized (this) {
            if (closed) {
                throw new DaemonException("this KinesisProducer was destroyed and can no longer accept records");
            }
            if (producer == null) {
                producer = factory.get();
            }
            return producer;
        }
    }
}
