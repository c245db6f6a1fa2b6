package io.github.kinesisproducer.kafka.it;

import io.github.kinesisproducer.emulator.StoredRecord;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Reads a stream back as a KCL application sees it: every shard from its oldest record, taken apart by the KCL's own
 * {@code AggregatorUtil} with the shard's hash range (so an aggregate the KCL would drop is missing here too).
 */
final class KclReadBack {

    /** One user record as the KCL hands it over. */
    record Read(String shardId, String partitionKey, String data, boolean aggregated, String sequenceNumber) {
    }

    private KclReadBack() {
    }

    /** Every user record of the stream, shard by shard, in sequence order within a shard. */
    static List<Read> readAll(StreamAdmin admin, String stream) {
        Map<String, List<StoredRecord>> byShard = new LinkedHashMap<>();
        for (StoredRecord r : admin.readAll(stream)) {
            byShard.computeIfAbsent(r.shardId(), s -> new ArrayList<>()).add(r);
        }
        List<Read> out = new ArrayList<>();
        for (Shard shard : admin.listShards(stream)) {
            List<StoredRecord> stored = byShard.getOrDefault(shard.shardId(), List.of());
            List<KinesisClientRecord> in = new ArrayList<>(stored.size());
            for (StoredRecord r : stored) {
                in.add(KinesisClientRecord.builder().partitionKey(r.partitionKey())
                        .data(ByteBuffer.wrap(r.data())).sequenceNumber(r.sequenceNumber())
                        .approximateArrivalTimestamp(r.approximateArrivalTimestamp()).build());
            }
            List<KinesisClientRecord> users = new AggregatorUtil().deaggregate(in,
                    new BigInteger(shard.hashKeyRange().startingHashKey()),
                    new BigInteger(shard.hashKeyRange().endingHashKey()));
            for (KinesisClientRecord u : users) {
                ByteBuffer d = u.data().duplicate();
                byte[] b = new byte[d.remaining()];
                d.get(b);
                out.add(new Read(shard.shardId(), u.partitionKey(), new String(b, StandardCharsets.UTF_8),
                        u.aggregated(), u.sequenceNumber()));
            }
        }
        return out;
    }
}
