package io.github.kinesisproducer.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * ListShards paging, the one place it is done for every transport: the first call names the stream, each later one
 * passes only the previous page's {@code NextToken} (Kinesis rejects both together: kinesis-facts §3.4, KPL #481),
 * until a page comes without a token.
 */
public final class ShardPages {
    /** One page and the token for the next (null or empty on the last). */
    public record Page(List<ListedShard> shards, String nextToken) {
    }

    private ShardPages() {
    }

    /**
     * Every shard, all pages.
     *
     * @param call makes one ListShards call with a stream name or (non-null) a next token, the other being null
     */
    public static CompletableFuture<List<ListedShard>> all(String streamName,
            BiFunction<String, String, CompletableFuture<Page>> call) {
        List<ListedShard> all = new ArrayList<>();
        return page(streamName, null, call, all).thenApply(v -> all);
    }

    private static CompletableFuture<Void> page(String streamName, String token,
            BiFunction<String, String, CompletableFuture<Page>> call, List<ListedShard> all) {
        CompletableFuture<Page> f;
        try {
            f = call.apply(token == null ? streamName : null, token);
        } catch (RuntimeException e) { // a client may throw rather than fail the future (e.g. closed)
            return CompletableFuture.failedFuture(e);
        }
        return f.thenCompose(p -> {
            all.addAll(p.shards());
            if (p.nextToken() == null || p.nextToken().isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            return page(streamName, p.nextToken(), call, all);
        });
    }
}
