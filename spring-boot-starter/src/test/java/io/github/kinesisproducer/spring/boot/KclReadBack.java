package io.github.kinesisproducer.spring.boot;

import io.github.kinesisproducer.emulator.StoredRecord;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Reads a stream back as a KCL application does: each shard's records through the KCL's own deaggregator
 * ({@code AggregatorUtil}), given the shard's hash-key range as the KCL gives it (so an aggregate stored on a shard
 * that does not cover its records would be dropped here too).
 */
final class KclReadBack {
    /** One user record as the KCL returns it. */
    record Read(String shardId, String partitionKey, String data) {
    }

    private KclReadBack() {
    }

    static List<Read> read(StreamAdmin admin, String stream) {
        Map<String, List<KinesisClientRecord>> byShard = new TreeMap<>();
        for (StoredRecord r : admin.readAll(stream)) {
            byShard.computeIfAbsent(r.shardId(), k -> new ArrayList<>()).add(KinesisClientRecord.builder()
                    .partitionKey(r.partitionKey()).data(ByteBuffer.wrap(r.data()))
                    .sequenceNumber(r.sequenceNumber()).approximateArrivalTimestamp(Instant.EPOCH).build());
        }
        List<Read> out = new ArrayList<>();
        for (Shard shard : admin.listShards(stream)) {
            BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
            BigInteger end = new BigInteger(shard.hashKeyRange().endingHashKey());
            List<KinesisClientRecord> stored = byShard.getOrDefault(shard.shardId(), List.of());
            for (KinesisClientRecord r : new AggregatorUtil().deaggregate(stored, start, end)) {
                out.add(new Read(shard.shardId(), r.partitionKey(),
                        StandardCharsets.UTF_8.decode(r.data().duplicate()).toString()));
            }
        }
        return out;
    }
}
