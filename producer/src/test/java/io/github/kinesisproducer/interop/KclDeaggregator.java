package io.github.kinesisproducer.interop;

import io.github.kinesisproducer.internal.shards.HashKey;
import io.github.kinesisproducer.internal.shards.ShardInfo;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Deaggregates the records of ONE shard with the real KCL ({@code AggregatorUtil}), passing the shard's hash
 * range as the KCL's {@code ProcessTask} does. So it shows what a KCL application would see, including the
 * KCL's silent drop of a whole aggregate when any sub-record's hash key lies outside the shard's range, and
 * its fallback to "plain record" for data without the magic or with a bad MD5.
 */
public final class KclDeaggregator {

    private KclDeaggregator() {
    }

    public static List<UserRecord> deaggregate(ShardInfo shard, List<InteropRecord> records) {
        return deaggregate(shard.startingHashKey(), shard.endingHashKey(), records);
    }

    public static List<UserRecord> deaggregate(HashKey startingHashKey, HashKey endingHashKey,
                                               List<InteropRecord> records) {
        return deaggregate(startingHashKey.toBigInteger(), endingHashKey.toBigInteger(), records);
    }

    public static List<UserRecord> deaggregate(BigInteger startingHashKey, BigInteger endingHashKey,
                                               List<InteropRecord> records) {
        List<KinesisClientRecord> in = new ArrayList<>(records.size());
        for (InteropRecord r : records) {
            in.add(KinesisClientRecord.builder()
                    .partitionKey(r.partitionKey())
                    // AggregatorUtil consumes the buffer, so give it its own copy.
                    .data(ByteBuffer.wrap(r.data().clone()))
                    .sequenceNumber(r.sequenceNumber())
                    .approximateArrivalTimestamp(Instant.EPOCH)
                    .build());
        }
        return convert(kclDeaggregate(in, startingHashKey, endingHashKey));
    }

    /** True iff the KCL's error path can run: it dumps a bad aggregate with javax.xml.bind.DatatypeConverter. */
    public static boolean errorPathAvailable() {
        try {
            Class.forName("javax.xml.bind.DatatypeConverter", false, KclDeaggregator.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static List<KinesisClientRecord> kclDeaggregate(List<KinesisClientRecord> in, BigInteger start,
                                                            BigInteger end) {
        try {
            return new AggregatorUtil().deaggregate(in, start, end);
        } catch (NoClassDefFoundError e) {
            // Only reachable on an aggregate the KCL fails to unpack (e.g. a table index out of range).
            throw new IllegalStateException("The KCL hit its error path, which needs javax.xml.bind:jaxb-api "
                    + "(test scope) on the classpath", e);
        }
    }

    /**
     * For records read with the AWS SDK (GetRecords), converted exactly as the KCL converts them.
     */
    public static List<UserRecord> deaggregateSdkRecords(
            ShardInfo shard, List<software.amazon.awssdk.services.kinesis.model.Record> records) {
        List<KinesisClientRecord> in = new ArrayList<>(records.size());
        for (software.amazon.awssdk.services.kinesis.model.Record r : records) {
            in.add(KinesisClientRecord.fromRecord(r));
        }
        return convert(kclDeaggregate(in, shard.startingHashKey().toBigInteger(),
                shard.endingHashKey().toBigInteger()));
    }

    private static List<UserRecord> convert(List<KinesisClientRecord> out) {
        List<UserRecord> result = new ArrayList<>(out.size());
        for (KinesisClientRecord r : out) {
            ByteBuffer d = r.data().duplicate();
            byte[] data = new byte[d.remaining()];
            d.get(data);
            result.add(new UserRecord(r.partitionKey(), r.explicitHashKey(), data, r.sequenceNumber(),
                    r.aggregated() ? r.subSequenceNumber() : null));
        }
        return result;
    }
}
