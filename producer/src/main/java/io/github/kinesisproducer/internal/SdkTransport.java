package io.github.kinesisproducer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * {@link KinesisTransport} on an AWS SDK v2 async client the caller brought (non-blocking; no thread per request),
 * used as it is for everything: its proxy, interceptors, metrics and protocol settings included. Without one the
 * producer uses its own client, {@link KinesisHttp}.
 */
public final class SdkTransport implements KinesisTransport {
    private final KinesisAsyncClient client;
    private final boolean ownsClient;

    /** @param ownsClient true if {@link #close()} should close the client */
    public SdkTransport(KinesisAsyncClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
    }

    @Override
    public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
        try {
            return client.putRecords(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // the SDK may throw synchronously (e.g. closed client)
        }
    }

    @Override
    public CompletableFuture<List<Shard>> listShards(String streamName) {
        List<Shard> all = new ArrayList<>();
        return page(ListShardsRequest.builder().streamName(streamName).build(), all).thenApply(v -> all);
    }

    @Override
    public CompletableFuture<StreamDescriptionSummary> describeStreamSummary(String streamName) {
        try {
            return client.describeStreamSummary(r -> r.streamName(streamName))
                    .thenApply(response -> response.streamDescriptionSummary());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> page(ListShardsRequest request, List<Shard> all) {
        CompletableFuture<ListShardsResponse> f;
        try {
            f = client.listShards(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return f.thenCompose(resp -> {
            all.addAll(resp.shards());
            if (resp.nextToken() == null || resp.nextToken().isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            // With a NextToken the stream name must not be repeated (kinesis-facts §3.4, KPL #481).
            return page(ListShardsRequest.builder().nextToken(resp.nextToken()).build(), all);
        });
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
