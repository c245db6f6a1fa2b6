package io.github.kinesisproducer;

import java.time.Duration;
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
 * <p>Every method behaves as documented on {@link KinesisProducer}. What is only on the class: {@code config()} (how
 * that producer was built: a mock, or a producer that writes to several streams, has no single answer) and
 * {@code join()} (the seed's alias of {@code close()}).
 *
 * <p>Implemented by this library; methods may be added in later versions (a record value with a target stream, and
 * {@code sendTo(stream, ...)} methods, for a producer that writes to several streams). Implement it yourself only in
 * test doubles you are ready to update.
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
     * Sends a record placed by the MD5 of its partition key. Blocks only while the buffer is full, up to
     * {@code max_block}. The future completes with the shard and sequence number, or fails with
     * {@link RecordFailedException} carrying every attempt.
     *
     * @throws InvalidRecordException for a bad key or data, or an oversized record (nothing was buffered)
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
     * partition key: {@link #send(byte[])}).
     *
     * @throws InvalidRecordException if the record is too large or its data contains the delimiter
     * @throws BufferFullException if the buffer stayed full for {@code max_block}
     * @throws ProducerClosedException after {@link #close()}
     */
    CompletableFuture<RecordResult> send(KinesisRecord record);

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
