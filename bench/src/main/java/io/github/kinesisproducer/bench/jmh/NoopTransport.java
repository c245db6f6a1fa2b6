package io.github.kinesisproducer.bench.jmh;

import io.github.kinesisproducer.internal.protocol.KinesisTransport;
import io.github.kinesisproducer.internal.protocol.ListedShard;
import io.github.kinesisproducer.internal.protocol.PutRecordsRequest;
import io.github.kinesisproducer.internal.protocol.PutRecordsResponse;
import io.github.kinesisproducer.internal.shards.HashKey;
import io.github.kinesisproducer.internal.shards.ShardInfo;
import io.github.kinesisproducer.internal.shards.ShardMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** A transport that answers at once: every record succeeds on the shard its hash key falls in. No I/O. */
final class NoopTransport implements KinesisTransport {
    private final List<ShardInfo> shardInfos;
    private final ShardMap map;
    private final AtomicLong sequence = new AtomicLong();
    final AtomicLong records = new AtomicLong();

    NoopTransport(int shards) {
        shardInfos = ShardLookupBench.evenSplit(shards);
        map = ShardMap.of(shardInfos);
    }

    @Override
    public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
        List<PutRecordsResponse.Result> results = new ArrayList<>(request.records().size());
        for (PutRecordsRequest.Entry e : request.records()) {
            HashKey h = e.explicitHashKey() != null ? HashKey.parseDecimal(e.explicitHashKey())
                    : HashKey.ofPartitionKey(e.partitionKey());
            results.add(PutRecordsResponse.Result.stored(map.shardFor(h).shardId(),
                    Long.toString(sequence.incrementAndGet())));
        }
        records.addAndGet(results.size());
        return CompletableFuture.completedFuture(new PutRecordsResponse(results, 0));
    }

    @Override
    public CompletableFuture<List<ListedShard>> listShards(String streamName) {
        List<ListedShard> shards = new ArrayList<>();
        for (ShardInfo s : shardInfos) {
            shards.add(ListedShard.open(s.shardId(), s.startingHashKey().toDecimal(), s.endingHashKey().toDecimal()));
        }
        return CompletableFuture.completedFuture(shards);
    }

    @Override
    public void close() {
    }
}
