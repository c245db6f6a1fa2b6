package io.github.kinesisproducer.internal.protocol.sdk;

import io.github.kinesisproducer.internal.protocol.KinesisTransport;
import io.github.kinesisproducer.internal.protocol.ListedShard;
import io.github.kinesisproducer.internal.protocol.PutRecordsRequest;
import io.github.kinesisproducer.internal.protocol.PutRecordsResponse;
import io.github.kinesisproducer.internal.protocol.ShardPages;
import io.github.kinesisproducer.internal.protocol.StreamIds;
import io.github.kinesisproducer.internal.protocol.StreamSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * {@link KinesisTransport} on an AWS SDK v2 async client the caller brought (non-blocking; no thread per request),
 * used as it is for everything (its proxy, interceptors, metrics and protocol settings), except that every call is
 * bounded by the producer's {@code request_timeout}, as the SDK's per-request {@code apiCallTimeout}: the whole call,
 * the client's own retries included, like one attempt of the producer's own client. The client's retry strategy
 * still runs inside that bound (turn it off, or attempts multiply with the producer's).
 * The only class that touches the SDK's Kinesis module, which is an optional dependency: it is loaded only when a
 * client is passed ({@code KinesisProducer.Builder.kinesisClient}). The caller owns the client: closing the producer
 * does not close it.
 */
public final class SdkTransport implements KinesisTransport {
    private final KinesisAsyncClient client;
    private final Duration requestTimeout;

    /** @param requestTimeout the producer's {@code request_timeout}, applied to every call */
    public SdkTransport(KinesisAsyncClient client, Duration requestTimeout) {
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    private void bounded(AwsRequestOverrideConfiguration.Builder o) {
        o.apiCallTimeout(requestTimeout);
    }

    @Override
    public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(request.records().size());
        for (PutRecordsRequest.Entry e : request.records()) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey(e.partitionKey())
                    .explicitHashKey(e.explicitHashKey()).data(SdkBytes.fromByteArrayUnsafe(e.data())).build());
        }
        try {
            return client.putRecords(r -> r.streamName(request.streamName()).streamARN(request.streamArn()).records(entries)
                    .overrideConfiguration(this::bounded)).thenApply(response -> {
                List<PutRecordsResponse.Result> results = new ArrayList<>(response.records().size());
                for (PutRecordsResultEntry r : response.records()) {
                    results.add(new PutRecordsResponse.Result(r.shardId(), r.sequenceNumber(), r.errorCode(),
                            r.errorMessage()));
                }
                return response.failedRecordCount() == null ? PutRecordsResponse.of(results)
                        : new PutRecordsResponse(results, response.failedRecordCount());
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // the SDK may throw synchronously (e.g. closed client)
        }
    }

    @Override
    public CompletableFuture<List<ListedShard>> listShards(String streamName) {
        boolean arn = StreamIds.isArn(streamName);
        return ShardPages.all(streamName, (stream, token) -> client.listShards(
                ListShardsRequest.builder().streamName(arn ? null : stream).streamARN(arn ? stream : null)
                        .nextToken(token).overrideConfiguration(this::bounded).build())
                .thenApply(r -> new ShardPages.Page(r.shards().stream().map(SdkTransport::shard).toList(),
                        r.nextToken())));
    }

    @Override
    public CompletableFuture<StreamSummary> describeStreamSummary(String streamName) {
        try {
            boolean arn = StreamIds.isArn(streamName);
            return client.describeStreamSummary(r -> r.streamName(arn ? null : streamName)
                    .streamARN(arn ? streamName : null).overrideConfiguration(this::bounded))
                    .thenApply(response -> summary(response.streamDescriptionSummary()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static ListedShard shard(Shard s) {
        return new ListedShard(s.shardId(), s.hashKeyRange().startingHashKey(), s.hashKeyRange().endingHashKey(),
                s.parentShardId(), s.adjacentParentShardId(),
                s.sequenceNumberRange() == null || s.sequenceNumberRange().endingSequenceNumber() == null);
    }

    private static StreamSummary summary(StreamDescriptionSummary s) {
        return new StreamSummary(s.streamName(), s.streamARN(), s.streamStatusAsString(),
                s.streamModeDetails() == null ? null : s.streamModeDetails().streamModeAsString(),
                s.openShardCount(), s.recordDistributionStrategyAsString(), s.maxRecordSizeInKiB());
    }

    /** The caller's client stays open: they built it, they close it. */
    @Override
    public void close() {
    }
}
