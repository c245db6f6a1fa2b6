package software.amazon.kinesis.producer;

import com.amazonaws.services.schemaregistry.common.Schema;
import com.google.common.util.concurrent.ListenableFuture;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The KPL 1.x producer interface, as {@code software.amazon.kinesis:amazon-kinesis-producer:1.1.x} declares it,
 * implemented by this module's {@link KinesisProducer} (backed by kinesis-producer, no native daemon). Each method
 * behaves as documented on {@link KinesisProducer}; the mapping to kinesis-producer and every difference are in
 * {@code docs/kpl-compat.md}.
 */
public interface IKinesisProducer {
    /** Puts a record; see {@link KinesisProducer#addUserRecord(String, String, ByteBuffer)}. */
    ListenableFuture<UserRecordResult> addUserRecord(String stream, String partitionKey, ByteBuffer data);

    /**
     * Puts a record without a partition key (KPL 1.1: for streams that place records themselves).
     *
     * @throws UnsupportedOperationException in implementations that do not support it (this default)
     */
    default ListenableFuture<UserRecordResult> addUserRecord(String stream, ByteBuffer data) {
        throw new UnsupportedOperationException("This method is not supported in this IKinesisProducer type");
    }

    /** Puts a record described by a {@link UserRecord}. */
    ListenableFuture<UserRecordResult> addUserRecord(UserRecord userRecord);

    /** Puts a record placed by an explicit hash key. */
    ListenableFuture<UserRecordResult> addUserRecord(String stream, String partitionKey, String explicitHashKey,
            ByteBuffer data);

    /** Puts a record serialized with the Glue Schema Registry. */
    ListenableFuture<UserRecordResult> addUserRecord(String stream, String partitionKey, String explicitHashKey,
            ByteBuffer data, Schema schema);

    /** Records added whose futures have not completed. */
    int getOutstandingRecordsCount();

    /**
     * Milliseconds since the oldest record still outstanding was added; 0 when none.
     *
     * @throws UnsupportedOperationException in implementations that do not support it (this default)
     */
    default long getOldestRecordTimeInMillis() {
        throw new UnsupportedOperationException("This method is not supported in this IKinesisProducer type");
    }

    /**
     * Registers a stream ID for a stream name.
     *
     * @throws UnsupportedOperationException in implementations that do not support it (this default)
     */
    default void setStreamId(String streamName, String streamId) {
        throw new UnsupportedOperationException("This method is not supported in this IKinesisProducer type");
    }

    /** Metrics named {@code metricName} over the last {@code windowSeconds} seconds. */
    List<Metric> getMetrics(String metricName, int windowSeconds) throws InterruptedException, ExecutionException;

    /** Metrics named {@code metricName} since start. */
    List<Metric> getMetrics(String metricName) throws InterruptedException, ExecutionException;

    /** Every metric since start. */
    List<Metric> getMetrics() throws InterruptedException, ExecutionException;

    /** Every metric over the last {@code windowSeconds} seconds. */
    List<Metric> getMetrics(int windowSeconds) throws InterruptedException, ExecutionException;

    /** Stops at once: records not yet completed fail. Call {@link #flushSync()} first for a graceful stop. */
    void destroy();

    /** Sends what is buffered for {@code stream} now, without waiting. */
    void flush(String stream);

    /** Sends what is buffered now, without waiting. */
    void flush();

    /** Sends what is buffered and waits until every outstanding record has completed. */
    void flushSync();
}
