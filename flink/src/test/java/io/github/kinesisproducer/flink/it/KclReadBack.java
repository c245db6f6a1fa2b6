package io.github.kinesisproducer.flink.it;

import io.github.kinesisproducer.emulator.StoredRecord;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Reads a stream back as a KCL application sees it: every shard from its oldest record, each shard's records
 * deaggregated by the KCL's own {@code AggregatorUtil} with that shard's hash-key range (so an aggregate stored on a
 * shard that does not cover all its records would be dropped, as the KCL drops it).
 */
final class KclReadBack {
    /** One user record as the KCL hands it to a record processor. */
    record Read(String shardId, String partitionKey, String explicitHashKey, boolean aggregated, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** What a read found: the user records, and how many Kinesis records carried them. */
    record Result(List<Read> records, int kinesisRecords) {
        /** User records per Kinesis record. */
        double aggregationRatio() {
            return kinesisRecords == 0 ? 0 : (double) records.size() / kinesisRecords;
        }
    }

    private KclReadBack() {
    }

    static Result read(StreamAdmin admin, String stream) {
        Map<String, Shard> shards = new LinkedHashMap<>();
        for (Shard s : admin.listShards(stream)) {
            shards.put(s.shardId(), s);
        }
        Map<String, List<KinesisClientRecord>> byShard = new LinkedHashMap<>();
        List<StoredRecord> stored = admin.readAll(stream);
        for (StoredRecord r : stored) {
            byShard.computeIfAbsent(r.shardId(), id -> new ArrayList<>()).add(KinesisClientRecord.builder()
                    .partitionKey(r.partitionKey()).data(ByteBuffer.wrap(r.data())).sequenceNumber(r.sequenceNumber())
                    .approximateArrivalTimestamp(Instant.EPOCH).build());
        }
        List<Read> out = new ArrayList<>();
        AggregatorUtil kcl = new AggregatorUtil();
        for (Map.Entry<String, List<KinesisClientRecord>> e : byShard.entrySet()) {
            Shard shard = shards.get(e.getKey());
            BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
            BigInteger end = new BigInteger(shard.hashKeyRange().endingHashKey());
            for (KinesisClientRecord r : kcl.deaggregate(e.getValue(), start, end)) {
                ByteBuffer d = r.data().duplicate();
                byte[] data = new byte[d.remaining()];
                d.get(data);
                out.add(new Read(e.getKey(), r.partitionKey(), r.explicitHashKey(), r.aggregated(), data));
            }
        }
        return new Result(out, stored.size());
    }
}
