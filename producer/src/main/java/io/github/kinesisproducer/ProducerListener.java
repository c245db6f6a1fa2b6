package io.github.kinesisproducer;

import java.time.Duration;

/**
 * Hooks for metrics and tracing. Methods run on the producer's sender thread: keep them fast and non-blocking.
 * An exception thrown here is logged and otherwise ignored. Every method has a no-op default.
 *
 * <p>Every event comes in two forms: with the stream it concerns first (a name or an ARN, as records named it; the
 * default stream by its {@code stream_name}), and without it, as before a producer could write to several streams.
 * The producer calls the form with the stream; its default calls the form without. So override either: the form
 * with the stream to tell streams apart, the form without for a single-stream producer (or for totals).
 */
public interface ProducerListener {
    /** A listener that does nothing. */
    ProducerListener NONE = new ProducerListener() {
    };

    /**
     * A PutRecords call finished.
     *
     * @param kinesisRecords Kinesis records in the call
     * @param kinesisRecordsFailed of those, how many Kinesis did not store (all of them if {@code requestError} is set)
     * @param userRecords user records carried by the call
     * @param bytes data bytes in the call
     * @param latency from sending the call to its result
     * @param requestError the error code if the whole call failed, else null
     */
    default void putRecordsCompleted(int kinesisRecords, int kinesisRecordsFailed, int userRecords, long bytes,
            Duration latency, String requestError) {
    }

    /** {@link #putRecordsCompleted(int, int, int, long, Duration, String)} of a call to {@code stream}. */
    default void putRecordsCompleted(String stream, int kinesisRecords, int kinesisRecordsFailed, int userRecords,
            long bytes, Duration latency, String requestError) {
        putRecordsCompleted(kinesisRecords, kinesisRecordsFailed, userRecords, bytes, latency, requestError);
    }

    /** A Kinesis record is scheduled for another attempt after this error. */
    default void retryScheduled(String errorCode, int userRecords) {
    }

    /** {@link #retryScheduled(String, int)} for a record of {@code stream}. */
    default void retryScheduled(String stream, String errorCode, int userRecords) {
        retryScheduled(errorCode, userRecords);
    }

    /**
     * A PutRecords attempt's outcome is unknown: the request went out whole and got no usable answer (a timeout, a
     * lost connection, an unreadable response, an HTTP 5xx), so Kinesis may have stored its records; retrying them
     * may store them twice. Called once per Kinesis record of the call.
     *
     * @param errorCode what ended the attempt, e.g. {@code ApiCallAttemptTimeoutException}
     * @param userRecords user records the Kinesis record carries
     */
    default void outcomeUnknown(String errorCode, int userRecords) {
    }

    /** {@link #outcomeUnknown(String, int)} for a record of {@code stream}. */
    default void outcomeUnknown(String stream, String errorCode, int userRecords) {
        outcomeUnknown(errorCode, userRecords);
    }

    /** Kinesis throttled a record or call for this shard (empty string: shard unknown). */
    default void throttled(String shardId) {
    }

    /** {@link #throttled(String)} on a shard of {@code stream}. */
    default void throttled(String stream, String shardId) {
        throttled(shardId);
    }

    /** User records failed for good with this error code ({@code Expired} for time-to-live). */
    default void userRecordsFailed(String errorCode, int count) {
    }

    /** {@link #userRecordsFailed(String, int)} for records of {@code stream}. */
    default void userRecordsFailed(String stream, String errorCode, int count) {
        userRecordsFailed(errorCode, count);
    }

    /** A new shard map was loaded. */
    default void shardMapLoaded(int openShards) {
    }

    /**
     * {@link #shardMapLoaded(int)} for {@code stream}. The first event of a stream the producer starts writing to is
     * this one or {@link #shardMapLoadFailed(String, String, Throwable)}.
     */
    default void shardMapLoaded(String stream, int openShards) {
        shardMapLoaded(openShards);
    }

    /**
     * Loading the shard map failed (the producer retries with backoff; meanwhile only records with the same partition
     * key share an aggregate). A {@code ResourceNotFoundException} here means the stream does not exist.
     *
     * @param errorCode the error code, e.g. {@code ResourceNotFoundException}
     * @param error the exception (an AWS SDK exception type)
     */
    default void shardMapLoadFailed(String errorCode, Throwable error) {
    }

    /**
     * {@link #shardMapLoadFailed(String, Throwable)} for {@code stream}: with {@code ResourceNotFoundException}, that
     * stream does not exist (records sent to it fail; the other streams are not affected).
     */
    default void shardMapLoadFailed(String stream, String errorCode, Throwable error) {
        shardMapLoadFailed(errorCode, error);
    }

    /**
     * The producer learnt how the stream places records, or that this changed, and adapted: on {@link
     * RecordDistribution#AUTO} it stops KPL aggregation, sends records without a key as keyless, ignores explicit hash
     * keys and rate-limits the stream as a whole (a strict-ordering producer refuses further records instead); back on
     * {@link RecordDistribution#USER_PARTITION_KEY} aggregation and per-shard limits resume with the next shard map.
     * Also called once when the strategy is first read, whatever it is.
     *
     * @param strategy {@code AUTO} or {@code USER_PARTITION_KEY}
     * @param source how the producer knows: {@code DescribeStreamSummary}, {@code placement} (where records landed:
     *     on shards that do not cover their keys, which proves AUTO at once; or, while the strategy cannot be read,
     *     consistently on their keys' shards), {@code keyless-refused} (Kinesis refused records sent without a key:
     *     the stream places by key again; they are retried with one), or {@code record_distribution} (the setting)
     * @param detail what the producer does now and what it costs, as logged
     */
    default void recordDistributionDetected(RecordDistribution strategy, String source, String detail) {
    }

    /** {@link #recordDistributionDetected(RecordDistribution, String, String)} for {@code stream}. */
    default void recordDistributionDetected(String stream, RecordDistribution strategy, String source,
            String detail) {
        recordDistributionDetected(strategy, source, detail);
    }
}
