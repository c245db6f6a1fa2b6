package io.github.kinesisproducer.internal.protocol;

import io.github.kinesisproducer.internal.http.RequestSentException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's only way to talk to Kinesis: the producer's own client ({@link KinesisHttp}), an SDK client the user
 * passed ({@code SdkTransport}), or a fake in tests. The types are the producer's own, so the engine needs no SDK
 * service module. Paging (ListShards) and protocol details stay behind this interface.
 */
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

    /** Every shard of the stream (open and closed), all pages ({@link ShardPages} reads them). */
    CompletableFuture<List<ListedShard>> listShards(String streamName);

    /**
     * The stream's summary ({@code DescribeStreamSummary}): the producer reads its {@code RecordDistributionStrategy}
     * and {@code MaxRecordSizeInKiB}. A transport that cannot make the call keeps this default, and the producer then
     * tells the strategy from where records land.
     */
    default CompletableFuture<StreamSummary> describeStreamSummary(String streamName) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                getClass().getSimpleName() + " does not implement DescribeStreamSummary"));
    }

    @Override
    void close();
}
