package io.github.kinesisproducer;

import io.github.kinesisproducer.internal.engine.RecordValidator;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What code that sends records needs of a producer: depend on this, and pass a {@link KinesisProducer} in production
 * and the test kit's {@code MockKinesisProducer} (artifact {@code io.github.kinesisproducer:kinesis-producer-test})
 * in unit tests.
 *
 * <pre>{@code
 * class OrderEvents {
 *     private final Producer producer;
 *     OrderEvents(Producer producer) { this.producer = producer; }
 *     CompletableFuture<RecordResult> placed(Order o) { return producer.send(KinesisRecord.of(o.id(), o.toJson())); }
 * }
 * }</pre>
 *
 * <p>One producer writes to any number of streams: the {@code send} methods go to its default stream
 * ({@code stream_name}), {@code sendTo} and {@link KinesisRecord#withStream} name another one (by name or ARN).
 *
 * <p>Every method behaves as documented on {@link KinesisProducer}. What is only on the class: {@code config()} (how
 * that producer was built: a mock has no single answer), {@code metrics(stream)} and {@code join()} (the seed's alias
 * of {@code close()}).
 *
 * <p>Implemented by this library; methods may be added in later versions. Implement it yourself only in test doubles
 * you are ready to update.
 */
public interface Producer extends AutoCloseable {

    /**
     * Sends a record with a random partition key (per Kinesis record in delimited mode).
     *
     * @throws InvalidRecordException if the data cannot be sent as given (nothing was buffered)
     * @throws BufferFullException if the buffer stayed full for {@code max_block}
     * @throws ProducerClosedException after {@link #close()}
     */
    CompletableFuture<RecordResult> send(byte[] data);

    /**
     * Sends a record to the default stream ({@code stream_name}), placed by the MD5 of its partition key. Blocks only while the buffer is full, up to
     * {@code max_block}. The future completes with the shard and sequence number, or fails with
     * {@link RecordFailedException} carrying every attempt.
     *
     * @throws InvalidRecordException for a bad key or data, or an oversized record (nothing was buffered); on a
     *                                producer built without a stream name, naming {@code stream}
     * @throws BufferFullException if the buffer stayed full for {@code max_block}
     * @throws ProducerClosedException after {@link #close()}
     */
    CompletableFuture<RecordResult> send(String partitionKey, byte[] data);

    /**
     * Sends a record placed by an explicit hash key (decimal, 0 to 2^128-1) instead of the key's MD5. Two adjacent
     * strings are easy to swap: {@link #send(KinesisRecord)} names them.
     *
     * @throws InvalidRecordException as {@link #send(String, byte[])}, or for a malformed explicit hash key
     */
    CompletableFuture<RecordResult> send(String partitionKey, String explicitHashKey, byte[] data);

    /**
     * Sends a record built with {@link KinesisRecord}: the same as the {@code send} overload for its parts (a null
     * partition key: {@link #send(byte[])}), to its stream ({@link KinesisRecord#withStream}) or the default one.
     *
     * @throws InvalidRecordException if the record is too large or its data contains the delimiter
     * @throws BufferFullException if the buffer stayed full for {@code max_block}
     * @throws ProducerClosedException after {@link #close()}
     */
    CompletableFuture<RecordResult> send(KinesisRecord record);

    /**
     * Sends a record to {@code stream} (a stream name, or a stream ARN for another account's stream) instead of the
     * default stream, placed by the MD5 of its partition key. As {@link #send(String, byte[])} otherwise: each stream
     * has its own shard map, rate limits and order, and every stream shares the one buffer (a stream holds at most
     * {@code stream_buffer_share} of it once two or more are used).
     *
     * <p>The default method sends {@code KinesisRecord.of(partitionKey, data).withStream(stream)} through
     * {@link #send(KinesisRecord)}.
     *
     * @throws InvalidRecordException naming {@code stream} if it is neither a stream name nor an ARN, or as
     *                                {@link #send(String, byte[])}
     * @throws BufferFullException if the buffer, or the stream's share of it, stayed full for {@code max_block}
     * @throws ProducerClosedException after {@link #close()}
     */
    default CompletableFuture<RecordResult> sendTo(String stream, String partitionKey, byte[] data) {
        Objects.requireNonNull(stream, "stream");
        RecordValidator.requireValidKey(partitionKey); // a null key is an error here too, not a random key
        return send(KinesisRecord.of(partitionKey, data).withStream(stream));
    }

    /**
     * {@link #sendTo(String, String, byte[])} placed by an explicit hash key. Three adjacent strings are easy to swap:
     * {@code send(KinesisRecord.of(key, data).withExplicitHashKey(h).withStream(stream))} names them.
     */
    default CompletableFuture<RecordResult> sendTo(String stream, String partitionKey, String explicitHashKey,
            byte[] data) {
        Objects.requireNonNull(stream, "stream");
        RecordValidator.requireValidKey(partitionKey);
        return send(KinesisRecord.of(partitionKey, data).withExplicitHashKey(explicitHashKey).withStream(stream));
    }

    /** Like {@link #send(String, byte[])} but never blocks: throws {@link BufferFullException} at once when full. */
    CompletableFuture<RecordResult> trySend(String partitionKey, byte[] data);

    /** Like {@link #send(String, String, byte[])} but never blocks. */
    CompletableFuture<RecordResult> trySend(String partitionKey, String explicitHashKey, byte[] data);

    /** Like {@link #send(KinesisRecord)} but never blocks. */
    CompletableFuture<RecordResult> trySend(KinesisRecord record);

    /**
     * Sends everything buffered now, without waiting for the buffer time. The future completes when every record
     * sent before this call is acknowledged or has failed (it does not fail itself: the records' futures say how
     * each ended).
     */
    CompletableFuture<Void> flush();

    /**
     * Like {@link #flush()} for one stream: sends what is buffered for {@code stream} now and completes when every
     * record sent to it before this call is acknowledged or has failed (at once for a stream nothing was sent to).
     * Other streams keep their buffer time. The default method flushes everything, which covers the stream too.
     *
     * @param stream as given to {@code sendTo} or {@link KinesisRecord#withStream} (a name and an ARN of one stream
     *               are two streams here); the default stream by its {@code stream_name}
     */
    default CompletableFuture<Void> flush(String stream) {
        Objects.requireNonNull(stream, "stream");
        return flush();
    }

    /**
     * Stops accepting records, sends what is buffered and waits until every record is acknowledged or failed
     * (bounded by {@code record_ttl}). Idempotent.
     */
    @Override
    void close();

    /**
     * Like {@link #close()}, but gives up after {@code timeout}: records not done by then fail with
     * {@link ProducerClosedException}.
     *
     * @return true if everything finished within the timeout
     */
    boolean close(Duration timeout);

    /** A snapshot of the counters and gauges. */
    ProducerMetrics metrics();
}
