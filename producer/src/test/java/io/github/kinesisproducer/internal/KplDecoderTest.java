package io.github.kinesisproducer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.internal.KplDecoder.SubRecord;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KplDecoderTest {

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    /** Wraps hand-written protobuf bytes into an aggregate with a correct MD5. */
    private static byte[] wrap(int... protobuf) throws Exception {
        byte[] pb = bytes(protobuf);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(KplAggregate.MAGIC);
        out.write(pb);
        out.write(KplAggregateReference.md5(pb, 0, pb.length));
        return out.toByteArray();
    }

    @Test
    void decodesAggregatesFromKplAggregate() {
        KplAggregate a = new KplAggregate();
        a.add("pk1", null, bytes(1, 2, 3));
        a.add("pk2", "170141183460469231731687303715884105728", new byte[0]);
        a.add("pk1", "0", bytes(9));
        List<SubRecord> records = KplDecoder.decode(a.encode());
        assertThat(records).containsExactly(
                new SubRecord("pk1", null, bytes(1, 2, 3)),
                new SubRecord("pk2", "170141183460469231731687303715884105728", new byte[0]),
                new SubRecord("pk1", "0", bytes(9)));
        assertThat(records.get(1).hashKey()).isEqualTo(new HashKey(Long.MIN_VALUE, 0));
        assertThat(records.get(0).hashKey()).isEqualTo(HashKey.ofPartitionKey("pk1"));
    }

    @Test
    void singleRecordAggregate() {
        KplAggregate a = new KplAggregate();
        a.add("only", null, bytes(42));
        assertThat(KplDecoder.decode(a.encode())).containsExactly(new SubRecord("only", null, bytes(42)));
    }

    @Test
    void notAnAggregate() throws Exception {
        KplAggregate a = new KplAggregate();
        a.add("k", null, bytes(1, 2, 3));
        byte[] good = a.encode();

        assertThat(KplDecoder.decode(null)).isNull();
        assertThat(KplDecoder.decode(new byte[0])).isNull();
        assertThat(KplDecoder.decode("plain text record, long enough to pass".getBytes())).isNull();
        assertThat(KplDecoder.decode(Arrays.copyOf(KplAggregate.MAGIC, 4))).isNull();
        assertThat(KplDecoder.decode(Arrays.copyOf(good, 20))).as("magic + 16 bytes").isNull();
        assertThat(KplDecoder.decode(wrap())).as("empty protobuf: exactly 20 bytes").isNull();

        byte[] badMagic = good.clone();
        badMagic[0] = 0;
        assertThat(KplDecoder.decode(badMagic)).isNull();
        byte[] badMd5 = good.clone();
        badMd5[badMd5.length - 1] ^= 1;
        assertThat(KplDecoder.decode(badMd5)).isNull();
        byte[] badBody = good.clone();
        badBody[6] ^= 1; // body changed, MD5 not recomputed
        assertThat(KplDecoder.decode(badBody)).isNull();
        assertThat(KplDecoder.decode(Arrays.copyOf(good, good.length - 1))).as("truncated").isNull();
    }

    @Test
    void malformedProtobufWithValidMd5() throws Exception {
        assertThat(KplDecoder.decode(wrap(0x0A, 0x05, 'a'))).as("length past the end").isNull();
        assertThat(KplDecoder.decode(wrap(0x0A))).as("missing length").isNull();
        assertThat(KplDecoder.decode(wrap(0x80, 0x80))).as("truncated varint tag").isNull();
        assertThat(KplDecoder.decode(wrap(0x00, 0x00))).as("field number 0").isNull();
        assertThat(KplDecoder.decode(wrap(0x0A, 0x01, 'a', 0x1A, 0x02, 0x1A, 0x00))).as("missing pk index").isNull();
        assertThat(KplDecoder.decode(wrap(0x0A, 0x01, 'a', 0x1A, 0x02, 0x08, 0x00))).as("missing data").isNull();
        assertThat(KplDecoder.decode(wrap(0x0A, 0x01, 'a', 0x1A, 0x04, 0x08, 0x01, 0x1A, 0x00))).as("pk index 1 of 1").isNull();
        assertThat(KplDecoder.decode(wrap(0x0A, 0x01, 'a', 0x1A, 0x06, 0x08, 0x00, 0x10, 0x00, 0x1A, 0x00)))
                .as("ehk index with empty ehk table").isNull();
        assertThat(KplDecoder.decode(wrap(0x0A, 0x01, 'a', 0x1A, 0x0D, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF, 0x01, 0x1A, 0x00))).as("pk index 2^64-1").isNull();
        assertThat(KplDecoder.decode(wrap(0x0C))).as("end group without start").isNull();
        assertThat(KplDecoder.decode(wrap(0x0B, 0x0A, 0x00))).as("unterminated group").isNull();
        assertThat(KplDecoder.decode(wrap(0x0F))).as("wire type 7").isNull();
        assertThat(KplDecoder.decode(wrap(0x0A, 0x01, 'a', 0x1A, 0x08, 0x08, 0x00, 0x1A, 0x00, 0x0B, 0x08, 0x00, 0x14)))
                .as("group end with the wrong field number").isNull();
    }

    @Test
    void followsProtobufParsingRules() throws Exception {
        // Records before the tables, unknown fields of every wire type, tags (field 4) and a group:
        // all legal protobuf, all accepted by protobuf-java and so by the KCL.
        byte[] agg = wrap(
                0x1A, 0x0B, 0x08, 0x01, 0x22, 0x03, 0x0A, 0x01, 't', 0x1A, 0x02, 'h', 'i', // Record{pk=1, tags, data}
                0x48, 0x96, 0x01,                              // field 9 varint
                0x51, 1, 2, 3, 4, 5, 6, 7, 8,                  // field 10 fixed64
                0x5D, 1, 2, 3, 4,                              // field 11 fixed32
                0x63, 0x08, 0x01, 0x64,                        // field 12 group containing a varint
                0x0A, 0x01, 'a',
                0x0A, 0x01, 'b',
                0x1A, 0x07, 0x08, 0x00, 0x1A, 0x01, 1, 0x3A, 0x00, // Record{pk=0, data=01, unknown field 7}
                0x1A, 0x08, 0x08, 0x00, 0x1A, 0x01, 1, 0x1A, 0x01, 2); // data twice: last one wins
        assertThat(KplDecoder.decode(agg)).containsExactly(
                new SubRecord("b", null, bytes('h', 'i')),
                new SubRecord("a", null, bytes(1)),
                new SubRecord("a", null, bytes(2)));
        assertThat(KplAggregateReference.parse(Arrays.copyOfRange(agg, 4, agg.length - 16)).isInitialized()).isTrue();
    }

    @Test
    void validAggregateWithNoRecordsIsEmptyNotPlain() throws Exception {
        // One key and no records: not 20 bytes, so a valid (if useless) aggregate of zero user records.
        assertThat(KplDecoder.decode(wrap(0x0A, 0x01, 'a'))).isEmpty();
    }

    @Test
    void subRecordEqualityUsesDataContent() {
        assertThat(new SubRecord("a", null, bytes(1))).isEqualTo(new SubRecord("a", null, bytes(1)))
                .hasSameHashCodeAs(new SubRecord("a", null, bytes(1)))
                .isNotEqualTo(new SubRecord("a", "1", bytes(1)))
                .isNotEqualTo(new SubRecord("a", null, bytes(2)));
        assertThat(new SubRecord("a", null, bytes(1, 2)).toString()).contains("2 bytes");
    }
}
