package io.github.kinesisproducer.bench.jmh;

import io.github.kinesisproducer.internal.shards.HashKey;
import io.github.kinesisproducer.internal.protocol.KinesisTransport;
import io.github.kinesisproducer.internal.shards.ShardInfo;
import io.github.kinesisproducer.internal.shards.ShardMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;

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
        List<PutRecordsResultEntry> results = new ArrayList<>(request.records().size());
        for (PutRecordsRequestEntry e : request.records()) {
            HashKey h = e.explicitHashKey() != null ? HashKey.parseDecimal(e.explicitHashKey())
                    : HashKey.ofPartitionKey(e.partitionKey());
            results.add(PutRecordsResultEntry.builder().shardId(map.shardFor(h).shardId())
                    .sequenceNumber(Long.toString(sequence.incrementAndGet())).build());
        }
        records.addAndGet(results.size());
        return CompletableFuture.completedFuture(
                PutRecordsResponse.builder().failedRecordCount(0).records(results).build());
    }

    @Override
    public CompletableFuture<List<Shard>> listShards(String streamName) {
        List<Shard> shards = new ArrayList<>();
        for (ShardInfo s : shardInfos) {
            shards.add(Shard.builder().shardId(s.shardId())
                    .hashKeyRange(HashKeyRange.builder().startingHashKey(s.startingHashKey().toDecimal())
                            .endingHashKey(s.endingHashKey().toDecimal()).build())
                    .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber("0").build()).build());
        }
        return CompletableFuture.completedFuture(shards);
    }

    @Override
    public void close() {
    }
}
