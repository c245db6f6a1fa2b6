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

/**
 * {@link KinesisTransport} on the AWS SDK v2 async client (non-blocking; no thread per request). When the producer
 * built the client itself, PutRecords goes through {@link HttpPutRecords} instead of the client's generic pipeline;
 * a client the caller brings is used as it is for everything (its proxy, interceptors and metrics included).
 */
public final class SdkTransport implements KinesisTransport {
    private final KinesisAsyncClient client;
    private final boolean ownsClient;
    private final Runnable afterClose;
    /** Null: PutRecords through the SDK client. */
    private final HttpPutRecords directPut;

    /** @param ownsClient true if {@link #close()} should close the client (we built it) */
    public SdkTransport(KinesisAsyncClient client, boolean ownsClient) {
        this(client, ownsClient, null, () -> { });
    }

    /** @param afterClose runs after the client is closed (releases what was built with it) */
    SdkTransport(KinesisAsyncClient client, boolean ownsClient, HttpPutRecords directPut, Runnable afterClose) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.directPut = directPut;
        this.afterClose = afterClose;
    }

    /** True when PutRecords bypasses the SDK client's request pipeline. */
    boolean directPutRecords() {
        return directPut != null;
    }

    @Override
    public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
        if (directPut != null) {
            return directPut.putRecords(request);
        }
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
        if (directPut != null) {
            directPut.close();
        }
        if (ownsClient) {
            try {
                client.close();
            } finally {
                afterClose.run();
            }
        }
    }
}
