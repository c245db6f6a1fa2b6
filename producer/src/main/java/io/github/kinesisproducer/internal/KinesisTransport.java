package io.github.kinesisproducer.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/** The engine's only way to talk to Kinesis: the seam where unit tests plug in a fake. */
public interface KinesisTransport extends AutoCloseable {
    CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request);

    /**
     * True if a failed {@code putRecords} has a {@link RequestSentException} in its cause chain whenever the request
     * had gone out whole, so that a failure without one stored nothing. Otherwise (an SDK client) the producer
     * guesses conservatively from the error.
     */
    default boolean marksSentRequests() {
        return false;
    }

    /** Every shard of the stream (open and closed), all pages. */
    CompletableFuture<List<Shard>> listShards(String streamName);

    /**
     * The stream's summary ({@code DescribeStreamSummary}): the producer reads its {@code RecordDistributionStrategy}
     * and {@code MaxRecordSizeInKiB}. A transport that cannot make the call keeps this default, and the producer then
     * tells the strategy from where records land.
     */
    default CompletableFuture<StreamDescriptionSummary> describeStreamSummary(String streamName) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                getClass().getSimpleName() + " does not implement DescribeStreamSummary"));
    }

    @Override
    void close();
}
