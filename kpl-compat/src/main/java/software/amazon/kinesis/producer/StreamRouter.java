package software.amazon.kinesis.producer;

import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Where every record of a KPL {@link KinesisProducer} reaches kinesis-producer: one core producer per KPL producer,
 * and {@link #send} the one method that routes a record to it by stream.
 *
 * <p>Until kinesis-producer writes to many streams from one producer (issue #28), a core producer serves one stream:
 * the one named by the first record, for which it is built then; a record for any other stream fails (error code
 * {@code StreamNotServed}, naming both streams). When #28 lands, the core producer is built at once without a
 * stream, {@link #send} passes the stream with the record ({@code sendTo(stream, ...)} /
 * {@code KinesisRecord.withStream(stream)}), {@link #flush} calls {@code flush(stream)}, and nothing else changes.
 */
final class StreamRouter {
    private final Function<String, Producer> factory;
    private volatile Producer producer;
    private volatile String stream;
    private boolean closed;

    /** @param factory builds the core producer for a stream (throws IllegalArgumentException for a bad name) */
    StreamRouter(Function<String, Producer> factory) {
        this.factory = factory;
    }

    /** Sends one record to {@code stream}; a null partition key: keyless (a random key, or none on AUTO streams). */
    CompletableFuture<RecordResult> send(String stream, String partitionKey, String explicitHashKey, byte[] data) {
        Producer p = producerFor(stream);
        if (p == null) {
            return CompletableFuture.failedFuture(new RecordFailedException("stream '" + stream + "' is not served "
                    + "by this KinesisProducer: it sends to stream '" + this.stream + "', the stream of its first "
                    + "record. Writing to several streams from one producer comes with many-streams support "
                    + "(kinesis-producer issue #28); until then use one KinesisProducer per stream",
                    "StreamNotServed", List.of(), false, null));
        }
        if (partitionKey == null) {
            KinesisRecord r = KinesisRecord.of(data);
            return p.send(explicitHashKey == null ? r : r.withExplicitHashKey(explicitHashKey));
        }
        return explicitHashKey == null ? p.send(partitionKey, data) : p.send(partitionKey, explicitHashKey, data);
    }

    /** Sends what is buffered for {@code stream} (null: every stream) without waiting. */
    void flush(String stream) {
        Producer p = producer;
        if (p != null && (stream == null || stream.equals(this.stream))) {
            // As the KPL's flush: starts sending and returns (flushSync waits on the outstanding records instead).
            CompletableFuture<Void> unused = p.flush();
        }
    }

    /** The stream served so far; null before the first record. */
    String stream() {
        return stream;
    }

    /** The core producer's metrics; null before the first record. */
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

    private Producer producerFor(String name) {
        Producer p = producer;
        if (p != null) {
            return name.equals(stream) ? p : null;
        }
        synchronized (this) {
            if (closed) {
                throw new DaemonException("this KinesisProducer was destroyed and can no longer accept records");
            }
            if (producer == null) {
                Producer built = factory.apply(name);
                stream = name; // before producer: the fast path reads producer, then stream
                producer = built;
            }
            return name.equals(stream) ? producer : null;
        }
    }
}
