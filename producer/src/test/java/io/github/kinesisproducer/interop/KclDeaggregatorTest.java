package io.github.kinesisproducer.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.kinesisproducer.internal.aggregation.KplAggregate;
import io.github.kinesisproducer.internal.shards.HashKey;
import io.github.kinesisproducer.internal.shards.ShardInfo;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.Record;

/** Feeds our aggregates to the real KCL AggregatorUtil, with shard hash ranges as the KCL passes them. */
class KclDeaggregatorTest {

    private static final HashKey HALF = new HashKey(Long.MIN_VALUE, 0); // 2^127
    private static final ShardInfo LOWER = ShardInfo.open("shardId-000000000001", HashKey.MIN,
            HashKey.of(HALF.toBigInteger().subtract(BigInteger.ONE)));
    private static final ShardInfo UPPER = ShardInfo.open("shardId-000000000002", HALF, HashKey.MAX);
    private static final ShardInfo ALL = ShardInfo.open("shardId-000000000000", HashKey.MIN, HashKey.MAX);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** First partition keys "prefix-N" whose MD5 falls in the shard. */
    private static List<String> keysIn(ShardInfo shard, String prefix, int n) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < n; i++) {
            if (shard.contains(HashKey.ofPartitionKey(prefix + i))) {
                keys.add(prefix + i);
            }
        }
        return keys;
    }

    private static UserRecord user(String pk, String ehk, byte[] data, String seq, long sub) {
        return new UserRecord(pk, ehk, data, seq, sub);
    }

    @Test
    void deaggregatesOurAggregateInOrder() {
        List<String> keys = keysIn(LOWER, "k", 3);
        KplAggregate a = new KplAggregate();
        a.add(keys.get(0), null, utf8("one"));
        a.add(keys.get(1), "5", utf8("two"));    // EHK 5 is in the lower half
        a.add(keys.get(0), null, new byte[0]);   // empty data, shared key
        a.add(keys.get(2), "5", utf8("four"));
        List<UserRecord> out = KclDeaggregator.deaggregate(LOWER,
                List.of(new InteropRecord("a", a.encode(), "100")));
        assertThat(out).containsExactly(
                user(keys.get(0), null, utf8("one"), "100", 0),
                user(keys.get(1), "5", utf8("two"), "100", 1),
                user(keys.get(0), null, new byte[0], "100", 2),
                user(keys.get(2), "5", utf8("four"), "100", 3));
        assertThat(out).allMatch(UserRecord::aggregated);
    }

    @Test
    void oneRecordAggregateIsStillDeaggregated() {
        KplAggregate a = new KplAggregate();
        a.add("solo", null, utf8("x"));
        assertThat(KclDeaggregator.deaggregate(ALL, List.of(new InteropRecord("a", a.encode(), "7"))))
                .containsExactly(user("solo", null, utf8("x"), "7", 0));
    }

    @Test
    void dropsTheWholeAggregateIfOneSubRecordIsOutsideTheShard() {
        List<String> lower = keysIn(LOWER, "low", 2);
        String upper = keysIn(UPPER, "up", 1).get(0);
        KplAggregate bad = new KplAggregate();
        bad.add(lower.get(0), null, utf8("kept?"));
        bad.add(upper, null, utf8("outside"));
        bad.add(lower.get(1), null, utf8("after"));
        KplAggregate good = new KplAggregate();
        good.add(lower.get(1), null, utf8("fine"));
        List<InteropRecord> shardRecords = List.of(
                new InteropRecord("a", utf8("plain before"), "1"),
                new InteropRecord("a", bad.encode(), "2"),
                new InteropRecord("a", good.encode(), "3"));

        // Read as the lower shard: the bad aggregate vanishes silently, records before it in it too.
        assertThat(KclDeaggregator.deaggregate(LOWER, shardRecords)).containsExactly(
                new UserRecord("a", null, utf8("plain before"), "1", null),
                user(lower.get(1), null, utf8("fine"), "3", 0));
        // The same bytes over the full range are fine: the drop is purely the range check.
        assertThat(KclDeaggregator.deaggregate(ALL, shardRecords)).hasSize(5);
        // An explicit hash key overrides the MD5 for the range check.
        KplAggregate ehk = new KplAggregate();
        ehk.add(upper, "0", utf8("routed low"));
        assertThat(KclDeaggregator.deaggregate(LOWER, List.of(new InteropRecord("a", ehk.encode(), "4"))))
                .containsExactly(user(upper, "0", utf8("routed low"), "4", 0));
        // Boundary keys as EHKs: both ends of the range are inside.
        KplAggregate ends = new KplAggregate();
        ends.add("x", LOWER.startingHashKey().toDecimal(), utf8("start"));
        ends.add("y", LOWER.endingHashKey().toDecimal(), utf8("end"));
        assertThat(KclDeaggregator.deaggregate(LOWER, List.of(new InteropRecord("a", ends.encode(), "5")))).hasSize(2);
        assertThat(KclDeaggregator.deaggregate(UPPER, List.of(new InteropRecord("a", ends.encode(), "5")))).isEmpty();
    }

    @Test
    void badMd5OrEmptyAggregateBecomesOnePlainRecord() {
        KplAggregate a = new KplAggregate();
        a.add("k", null, utf8("data"));
        byte[] corrupt = a.encode();
        corrupt[corrupt.length - 1] ^= 1;
        byte[] empty = new KplAggregate().encode(); // magic + MD5 only, 20 bytes
        assertThat(KclDeaggregator.deaggregate(ALL, List.of(
                new InteropRecord("a", corrupt, "1"), new InteropRecord("a", empty, "2"))))
                .containsExactly(new UserRecord("a", null, corrupt, "1", null), new UserRecord("a", null, empty, "2", null));
    }

    @Test
    void malformedProtobufWithValidMd5BecomesAPlainRecord() throws Exception {
        byte[] pb = {0x0A, 0x05, 'a'}; // length past the end
        byte[] agg = new byte[4 + pb.length + 16];
        System.arraycopy(KplAggregate.magic(), 0, agg, 0, 4);
        System.arraycopy(pb, 0, agg, 4, pb.length);
        System.arraycopy(MessageDigest.getInstance("MD5").digest(pb), 0, agg, 4 + pb.length, 16);
        assertThat(KclDeaggregator.deaggregate(ALL, List.of(new InteropRecord("a", agg, "1"))))
                .containsExactly(new UserRecord("a", null, agg, "1", null));
    }

    @Test
    void tableIndexOutOfRangeIsLoggedAndTheRestOfTheAggregateSkipped() throws Exception {
        // Valid protobuf and MD5, but the second record's partition_key_index 1 has no table entry. The KCL
        // neither throws nor falls back to a plain record: it logs an ERROR (its dump of the record needs
        // javax.xml.bind.DatatypeConverter, hence jaxb-api in test scope) and keeps only the sub-records
        // emitted before the bad one.
        byte[] pb = {0x0A, 0x01, 'a',
            0x1A, 0x05, 0x08, 0x00, 0x1A, 0x01, 'x',   // Record{pk=0, data="x"}
            0x1A, 0x04, 0x08, 0x01, 0x1A, 0x00};       // Record{pk=1 (missing), data=""}
        byte[] agg = new byte[4 + pb.length + 16];
        System.arraycopy(KplAggregate.magic(), 0, agg, 0, 4);
        System.arraycopy(pb, 0, agg, 4, pb.length);
        System.arraycopy(MessageDigest.getInstance("MD5").digest(pb), 0, agg, 4 + pb.length, 16);
        // Our decoder rejects the whole thing instead (so the CLI shows it as one plain record).
        assertThat(io.github.kinesisproducer.internal.aggregation.KplDecoder.decode(agg)).isNull();
        assumeTrue(KclDeaggregator.errorPathAvailable(),
                "javax.xml.bind:jaxb-api:2.3.1 (test scope) is needed to run the KCL's error path");
        assertThat(KclDeaggregator.deaggregate(ALL, List.of(new InteropRecord("a", agg, "1"),
                new InteropRecord("b", utf8("next"), "2")))).containsExactly(
                user("a", null, utf8("x"), "1", 0), new UserRecord("b", null, utf8("next"), "2", null));
    }

    @Test
    void sdkRecordsAreConvertedAsTheKclDoes() {
        KplAggregate a = new KplAggregate();
        a.add("p", null, utf8("v"));
        Record r = Record.builder().partitionKey("a").sequenceNumber("42")
                .data(SdkBytes.fromByteArray(a.encode())).approximateArrivalTimestamp(java.time.Instant.EPOCH).build();
        assertThat(KclDeaggregator.deaggregateSdkRecords(ALL, List.of(r)))
                .containsExactly(user("p", null, utf8("v"), "42", 0));
    }
}
