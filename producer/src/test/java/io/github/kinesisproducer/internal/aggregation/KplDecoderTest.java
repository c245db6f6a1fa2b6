package io.github.kinesisproducer.internal.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.internal.aggregation.KplDecoder.SubRecord;
import io.github.kinesisproducer.internal.shards.HashKey;
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
        out.write(KplAggregate.magic());
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
        assertThat(KplDecoder.decode(Arrays.copyOf(KplAggregate.magic(), 4))).isNull();
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

    /** Asserts that the KCL's own protobuf-java parse of the aggregate agrees with ours, and returns our result. */
    private static List<SubRecord> decodeAsTheKclDoes(byte[] aggregate) throws Exception {
        List<SubRecord> ours = KplDecoder.decode(aggregate);
        assertThat(ours).as("KplDecoder vs the KCL's Messages")
                .isEqualTo(KplAggregateReference.decodeWithKclMessages(aggregate));
        return ours;
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A length-delimited field: one-byte tag, varint length, body. */
    private static byte[] field(int tag, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        for (int n = body.length; ; n >>>= 7) {
            if (n < 0x80) {
                out.write(n);
                break;
            }
            out.write(n & 0x7F | 0x80);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] wrapBytes(byte[] pb) throws Exception {
        return cat(KplAggregate.magic(), pb, KplAggregateReference.md5(pb, 0, pb.length));
    }

    /** n unknown groups (field 9) nested in one another. */
    private static byte[] nestedGroups(int n) {
        byte[] g = new byte[2 * n];
        Arrays.fill(g, 0, n, (byte) 0x4B);
        Arrays.fill(g, n, 2 * n, (byte) 0x4C);
        return g;
    }

    private static final byte[] PK_TABLE_A = bytes(0x0A, 0x01, 'a');
    private static final byte[] PK0_NO_DATA = bytes(0x08, 0x00, 0x1A, 0x00); // Record fields: pk index 0, data ""

    @Test
    void aTagWithoutItsRequiredKeyMakesTheWholeAggregateInvalid() throws Exception {
        // Found by KplDecoderPropertiesTest with seed -2622281677921113563: one byte of a producer's aggregate
        // overwritten, turning "explicit_hash_key_index = 0" (10 00) into an empty Tag (22 00) in the fifth Record.
        // protobuf-java rejects it (records[4].tags[0].key missing), so the KCL passes the data on as one raw record.
        byte[] found = java.util.HexFormat.of().parseHex("0a03e0a0800a01200a0b20202020202020c280c2800a2c2020202020"
                + "2020202020202020202020202020c280c280c280c280e0a080e0a080e0a080f0908080f09080800a04f09080800a0121"
                + "1201301227313030303030303030303030303030303030303137373539333434353232333038383738333335121831"
                + "303030313832343633363736353331383838363139353212273334303238323336363932303933383436333434343932"
                + "373836333335383035383635393834301a07080010001a01001a06080110011a001a1c080210021a1600000000000000"
                + "0000000000000000000000000000001a0908031a0500000000001a06080422001a001a06080510031a00");
        assertThat(decodeAsTheKclDoes(wrapBytes(found))).isNull();

        assertThat(decodeAsTheKclDoes(wrapBytes(cat(PK_TABLE_A, field(0x1A, cat(PK0_NO_DATA, field(0x22, bytes())))))))
                .as("empty Tag").isNull();
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(PK_TABLE_A,
                field(0x1A, cat(PK0_NO_DATA, field(0x22, field(0x12, bytes('v')))))))))
                .as("Tag with a value and no key").isNull();
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(PK_TABLE_A,
                field(0x1A, cat(PK0_NO_DATA, field(0x22, bytes(0x08, 0x01))))))))
                .as("Tag whose key has the varint wire type: an unknown field, so no key").isNull();
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(PK_TABLE_A,
                field(0x1A, cat(PK0_NO_DATA, field(0x22, bytes(0x0A, 0x00, 0x0C))))))))
                .as("Tag with a stray end-group").isNull();
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(PK_TABLE_A,
                field(0x1A, cat(PK0_NO_DATA, field(0x22, bytes(0x0A, 0x00, 0x10, 0x80))))))))
                .as("Tag ending in the middle of a varint").isNull();
    }

    @Test
    void wellFormedTagsAreAcceptedAndIgnored() throws Exception {
        byte[] tags = cat(field(0x22, field(0x0A, bytes('k'))),
                field(0x22, cat(field(0x12, bytes('v')), field(0x0A, bytes()), bytes(0x18, 0x05, 0x23, 0x24))),
                field(0x22, cat(field(0x0A, bytes(0xFF)), field(0x0A, bytes('k'))))); // invalid UTF-8, twice
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(PK_TABLE_A, field(0x1A, cat(PK0_NO_DATA, tags))))))
                .containsExactly(new SubRecord("a", null, new byte[0]));
    }

    @Test
    void tagsAndLengthsCountTheLow32BitsOfTheirVarint() throws Exception {
        // protobuf-java reads both with readRawVarint32: up to 10 bytes, the bits above the 32nd dropped.
        byte[] record = field(0x1A, PK0_NO_DATA);
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(bytes(0x8A, 0x80, 0x80, 0x80, 0x10, 0x01, 'a'), record))))
                .as("tag 0x0A with bit 32 set").containsExactly(new SubRecord("a", null, new byte[0]));
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(bytes(0x8A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00,
                0x01, 'a'), record)))).as("tag 0x0A in 10 bytes").containsExactly(new SubRecord("a", null, new byte[0]));
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(bytes(0x0A, 0x81, 0x80, 0x80, 0x80, 0x70, 'a'), record))))
                .as("length 1 with bits 32-34 set").containsExactly(new SubRecord("a", null, new byte[0]));
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(bytes(0x0A, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                0x00, 'a'), record)))).as("length 1 in 10 bytes").containsExactly(new SubRecord("a", null, new byte[0]));
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(bytes(0x0A, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                0x80, 0x00, 'a'), record)))).as("length in 11 bytes").isNull();
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(bytes(0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 'a'), record))))
                .as("length -1 as an int").isNull();
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(PK_TABLE_A, bytes(0x80, 0x80, 0x80, 0x80, 0x10, 0x00)))))
                .as("a tag whose low 32 bits are 0: field number 0").isNull();
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(PK_TABLE_A, bytes(0x1A, 0x84, 0x80, 0x80, 0x80, 0x10),
                PK0_NO_DATA)))).as("record length 4 with bit 32 set").containsExactly(new SubRecord("a", null, new byte[0]));
    }

    @Test
    void a64BitVarintMayEndWithATenthByteThatHasItsLowestBitAndItsContinuationBitSet() throws Exception {
        // Found by KplDecoderPropertiesTest with 200,000 tries (seed 6853648744839966213), shrunk: bytes inserted
        // into a producer's aggregate left an unknown varint field (field 270) after the partition key, whose value
        // c2 80 e0 a0 80 c2 80 f0 90 87 has a continuation bit on its 10th byte. protobuf-java's readRawVarint64
        // accepts it (its fast path tests only the lowest bit of a 10th byte), so the KCL decodes the record.
        byte[] found = java.util.HexFormat.of().parseHex("0a4f20202020202020c280f0908080f0908080f0908080f0908080f09080"
                + "80f0908080e0a080c280f090808020c28020e0a080f0908080c28016fe601b45d40404036f028316fe601b45d40404036f"
                + "0283f090808020c280e0a080c280f09087802020f0908080202012273334303238323336363932303834313738333032"
                + "363231393838333437303330343331323936371a25080010001a1f0c893df2fefe20f41e7006fd041b477f63df267fdc0b"
                + "3cf5c6b534df4547ea");
        assertThat(decodeAsTheKclDoes(wrapBytes(found))).hasSize(1)
                .allSatisfy(r -> assertThat(r.explicitHashKey()).isEqualTo("340282366920841783026219883470304312967"));

        byte[] nineBytes = bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
        byte[] record = field(0x1A, PK0_NO_DATA);
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(PK_TABLE_A, bytes(0x48), nineBytes, bytes(0x81), record))))
                .as("unknown varint field, 10th byte 0x81").hasSize(1);
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(PK_TABLE_A, bytes(0x48), nineBytes, bytes(0xFF), record))))
                .as("unknown varint field, 10th byte 0xFF").hasSize(1);
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(PK_TABLE_A, bytes(0x48), nineBytes, bytes(0x80, 0x00), record))))
                .as("unknown varint field, 10th byte 0x80: 11 bytes").isNull();
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(PK_TABLE_A, bytes(0x48), nineBytes, bytes(0x01), record))))
                .as("unknown varint field, 10th byte 0x01").hasSize(1);
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(PK_TABLE_A,
                field(0x1A, cat(bytes(0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x81), bytes(0x08, 0x00),
                        bytes(0x1A, 0x00)))))))
                .as("a partition key index read that way, then overwritten").hasSize(1);
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(bytes(0x8A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x81),
                bytes(0x01, 'a'), record)))).as("tags are read as 32-bit varints: no such leniency").isNull();
        assertThat(decodeAsTheKclDoes(wrapBytes(cat(bytes(0x0A, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                0x81), bytes('a'), record)))).as("nor are lengths").isNull();
    }

    @Test
    void nestingIsLimitedTo100LevelsCountingRecordAndTagMessages() throws Exception {
        // Groups in unknown fields at the top level, inside a Record (one level down), inside a Tag (two down).
        for (int n = 97; n <= 101; n++) {
            byte[] top = wrapBytes(cat(PK_TABLE_A, nestedGroups(n), field(0x1A, PK0_NO_DATA)));
            assertThat(decodeAsTheKclDoes(top) != null).as("%d groups at the top", n).isEqualTo(n <= 100);
            byte[] inRecord = wrapBytes(cat(PK_TABLE_A, field(0x1A, cat(PK0_NO_DATA, nestedGroups(n)))));
            assertThat(decodeAsTheKclDoes(inRecord) != null).as("%d groups in a Record", n).isEqualTo(n <= 99);
            byte[] inTag = wrapBytes(cat(PK_TABLE_A,
                    field(0x1A, cat(PK0_NO_DATA, field(0x22, cat(field(0x0A, bytes()), nestedGroups(n)))))));
            assertThat(decodeAsTheKclDoes(inTag) != null).as("%d groups in a Tag", n).isEqualTo(n <= 98);
        }
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
