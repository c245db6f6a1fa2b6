package io.github.kinesisproducer.internal.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.internal.aggregation.KplDecoder.SubRecord;
import io.github.kinesisproducer.internal.shards.HashKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KplAggregateTest {

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    /** Builds the expected aggregate by hand: magic, protobuf, MD5 (MessageDigest) of the protobuf. */
    private static byte[] aggregateOf(byte[] protobuf) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes(0xF3, 0x89, 0x9A, 0xC2));
        out.write(protobuf);
        out.write(KplAggregateReference.md5(protobuf, 0, protobuf.length));
        return out.toByteArray();
    }

    @Test
    void tinyAggregateByteForByte() throws Exception {
        KplAggregate a = new KplAggregate();
        a.add("a", null, bytes(1, 2));
        a.add("b", "123", new byte[0]);
        a.add("a", null, bytes(3));
        byte[] protobuf = bytes(
                0x0A, 0x01, 'a',                        // partition_key_table[0] = "a"
                0x0A, 0x01, 'b',                        // partition_key_table[1] = "b"
                0x12, 0x03, '1', '2', '3',              // explicit_hash_key_table[0] = "123"
                0x1A, 0x06, 0x08, 0x00, 0x1A, 0x02, 1, 2,      // Record{pk=0, data=01 02}
                0x1A, 0x06, 0x08, 0x01, 0x10, 0x00, 0x1A, 0x00, // Record{pk=1, ehk=0, data=""}
                0x1A, 0x05, 0x08, 0x00, 0x1A, 0x01, 3);        // Record{pk=0, data=03}
        byte[] expected = aggregateOf(protobuf);
        assertThat(a.encode()).isEqualTo(expected);
        assertThat(a.size()).isEqualTo(expected.length).isEqualTo(20 + protobuf.length);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.partitionKeyCount()).isEqualTo(2);
        assertThat(a.explicitHashKeyCount()).isEqualTo(1);
        assertThat(KplAggregateReference.serializeWithProtobufJava(List.of(
                new SubRecord("a", null, bytes(1, 2)), new SubRecord("b", "123", new byte[0]),
                new SubRecord("a", null, bytes(3))))).isEqualTo(protobuf);
    }

    @Test
    void multiByteUtf8KeyIsWrittenAsUtf8() throws Exception {
        KplAggregate a = new KplAggregate();
        a.add("\u00e9\ud83d\ude00", null, bytes(7));
        byte[] protobuf = bytes(0x0A, 0x06, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80,
                0x1A, 0x05, 0x08, 0x00, 0x1A, 0x01, 7);
        assertThat(a.encode()).isEqualTo(aggregateOf(protobuf));
    }

    @Test
    void keyBytesGiveTheSameAggregateAsTheString() throws Exception {
        // The producer passes the UTF-8 bytes it hashed; they must yield exactly what encoding the String yields.
        String key = "\u00e9\ud83d\ude00";
        byte[] keyUtf8 = key.getBytes(StandardCharsets.UTF_8);
        byte[] data = bytes(7);
        KplAggregate viaBytes = new KplAggregate();
        int predicted = viaBytes.sizeIfAdded(key, keyUtf8, null, data.length);
        viaBytes.add(key, keyUtf8, null, data);
        viaBytes.add("k2", "k2".getBytes(StandardCharsets.UTF_8), "5", bytes(1));
        KplAggregate viaString = new KplAggregate();
        viaString.add(key, null, data);
        viaString.add("k2", "5", bytes(1));
        assertThat(predicted).isEqualTo(aggregateOf(bytes(0x0A, 0x06, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80,
                0x1A, 0x05, 0x08, 0x00, 0x1A, 0x01, 7)).length);
        assertThat(viaBytes.encode()).isEqualTo(viaString.encode());
    }

    @Test
    void loneSurrogateIsWrittenAsQuestionMarkLikeGetBytes() {
        KplAggregate a = new KplAggregate();
        String key = "x\ud800";
        assertThat(a.sizeIfAdded(key, null, 0)).isEqualTo(20 + 2 + 2 + 6);
        a.add(key, null, new byte[0]);
        byte[] enc = a.encode();
        assertThat(Arrays.copyOfRange(enc, 6, 8)).isEqualTo(key.getBytes(StandardCharsets.UTF_8)).isEqualTo(bytes('x', '?'));
        assertThat(enc.length).isEqualTo(a.size());
    }

    @Test
    void keysWithEqualHashesKeepTheirOwnEntries() {
        // "Aa" and "BB" have equal String hash codes, which the key tables probe by; content decides.
        KplAggregate a = new KplAggregate();
        a.add("Aa", null, bytes(1));
        a.add("BB", null, bytes(2));
        a.add(new String("Aa".toCharArray()), null, bytes(3));
        a.add(new String("BB".toCharArray()), null, bytes(4));
        assertThat(a.partitionKeyCount()).isEqualTo(2);
        assertThat(KplDecoder.decode(a.encode())).containsExactly(
                new SubRecord("Aa", null, bytes(1)), new SubRecord("BB", null, bytes(2)),
                new SubRecord("Aa", null, bytes(3)), new SubRecord("BB", null, bytes(4)));
    }

    @Test
    void tablesAreDeduplicatedByContentNotIdentity() {
        KplAggregate a = new KplAggregate();
        String k1 = new String("same-key".toCharArray());
        String k2 = new String("same-key".toCharArray());
        String e1 = new String("42".toCharArray());
        String e2 = new String("42".toCharArray());
        a.add(k1, e1, bytes(1));
        int before = a.size();
        int predicted = a.sizeIfAdded(k2, e2, 1);
        a.add(k2, e2, bytes(2));
        a.add(k1, null, bytes(3));
        assertThat(a.partitionKeyCount()).isEqualTo(1);
        assertThat(a.explicitHashKeyCount()).isEqualTo(1);
        // Second record: only the Record message (tag, len, 08 00, 10 00, 1A 01 02) = 2 + 7 bytes.
        assertThat(predicted - before).isEqualTo(9);
        assertThat(KplDecoder.decode(a.encode())).containsExactly(
                new SubRecord("same-key", "42", bytes(1)), new SubRecord("same-key", "42", bytes(2)),
                new SubRecord("same-key", null, bytes(3)));
    }

    @Test
    void emptyAggregateIsMagicPlusMd5OfNothing() throws Exception {
        KplAggregate a = new KplAggregate();
        assertThat(a.count()).isZero();
        assertThat(a.size()).isEqualTo(KplAggregate.OVERHEAD).isEqualTo(20);
        assertThat(a.encode()).isEqualTo(aggregateOf(new byte[0]));
        // Exactly 20 bytes is not an aggregate for the KCL, nor for our decoder: never send one.
        assertThat(KplDecoder.decode(a.encode())).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 117, 118, 119, 120, 121, 122, 126, 127, 128, 129, 16376, 16377, 16378, 16379, 16380,
        16383, 16384, 16385, 2097143, 2097152})
    void sizeIsExactAcrossVarintBoundariesOfDataAndRecordLength(int dataLength) throws Exception {
        KplAggregate a = new KplAggregate();
        byte[] data = new byte[dataLength];
        Arrays.fill(data, (byte) 0x5A);
        int predicted = a.sizeIfAdded("k", null, dataLength);
        a.add("k", null, data);
        byte[] enc = a.encode();
        assertThat(enc.length).isEqualTo(predicted).isEqualTo(a.size());
        assertThat(KplAggregateReference.decodeWithCodedInputStream(enc)).containsExactly(new SubRecord("k", null, data));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 127, 128, 255, 256, 16383, 16384})
    void sizeIsExactAcrossVarintBoundariesOfKeyLength(int keyBytes) throws Exception {
        KplAggregate a = new KplAggregate();
        String pk = "p".repeat(keyBytes);
        String ehk = "9".repeat(Math.min(keyBytes, 39));
        int predicted = a.sizeIfAdded(pk, ehk, 3);
        a.add(pk, ehk, bytes(1, 2, 3));
        byte[] enc = a.encode();
        assertThat(enc.length).isEqualTo(predicted).isEqualTo(a.size());
        assertThat(KplAggregateReference.decodeWithCodedInputStream(enc)).containsExactly(new SubRecord(pk, ehk, bytes(1, 2, 3)));
    }

    @Test
    void sizeIsExactWhenTableIndexesNeedTwoAndThreeByteVarints() throws Exception {
        KplAggregate a = new KplAggregate();
        List<SubRecord> expected = new ArrayList<>();
        for (int i = 0; i < 17_000; i++) { // indexes 128 and 16384 need 2 and 3 varint bytes
            String pk = "k" + i;
            String ehk = (i % 3 == 0) ? Integer.toString(i) : null;
            byte[] d = bytes(i & 0xFF);
            int predicted = a.sizeIfAdded(pk, ehk, d.length);
            a.add(pk, ehk, d);
            assertThat(a.size()).isEqualTo(predicted);
            expected.add(new SubRecord(pk, ehk, d));
        }
        byte[] enc = a.encode();
        assertThat(enc.length).isEqualTo(a.size());
        assertThat(KplAggregateReference.decodeWithCodedInputStream(enc)).isEqualTo(expected);
        assertThat(KplAggregateReference.protobufOf(enc)).isEqualTo(KplAggregateReference.serializeWithProtobufJava(expected));
    }

    @Test
    void sizeIfAddedDoesNotChangeTheAggregate() {
        KplAggregate a = new KplAggregate();
        a.add("x", null, bytes(1));
        int size = a.size();
        a.sizeIfAdded("y", "5", 1000);
        a.sizeIfAdded("x", null, 5);
        assertThat(a.size()).isEqualTo(size);
        assertThat(a.count()).isEqualTo(1);
        assertThat(a.partitionKeyCount()).isEqualTo(1);
        assertThat(a.explicitHashKeyCount()).isZero();
        // A key measured but never added must not be assumed present later.
        a.add("z", null, bytes(2));
        assertThat(a.sizeIfAdded("y", "5", 1)).isEqualTo(a.size() + 3 + 3 + 9);
    }

    @Test
    void encodeLeavesTheBuilderUsableAndResetStartsOver() {
        KplAggregate a = new KplAggregate();
        a.add("a", null, bytes(1));
        byte[] first = a.encode();
        a.add("b", null, bytes(2));
        byte[] second = a.encode();
        assertThat(second.length).isGreaterThan(first.length);
        assertThat(KplDecoder.decode(second)).hasSize(2);
        assertThat(a.encode()).isEqualTo(second).isNotSameAs(second);

        a.reset();
        assertThat(a.count()).isZero();
        assertThat(a.size()).isEqualTo(20);
        assertThat(a.partitionKeyCount()).isZero();
        a.add("b", null, bytes(2));
        assertThat(KplDecoder.decode(a.encode())).containsExactly(new SubRecord("b", null, bytes(2)));

        // Reset after a key-rich aggregate, then reuse.
        for (int i = 0; i < 10_000; i++) {
            a.add("key" + i, null, bytes(1));
        }
        a.reset();
        a.add("key5", null, bytes(9));
        assertThat(KplDecoder.decode(a.encode())).containsExactly(new SubRecord("key5", null, bytes(9)));
    }

    @Test
    void rejectsNullsAndAbsurdSizes() {
        KplAggregate a = new KplAggregate();
        assertThatThrownBy(() -> a.add(null, null, bytes(1))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> a.add("k", null, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> a.sizeIfAdded("k", null, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(a.sizeIfAdded("k", null, Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
        assertThat(a.count()).isZero();
        assertThat(a.size()).isEqualTo(20);
    }

    @Test
    void varintHelpers() {
        assertThat(KplAggregate.varintSize(0)).isEqualTo(1);
        assertThat(KplAggregate.varintSize(127)).isEqualTo(1);
        assertThat(KplAggregate.varintSize(128)).isEqualTo(2);
        assertThat(KplAggregate.varintSize(16383)).isEqualTo(2);
        assertThat(KplAggregate.varintSize(16384)).isEqualTo(3);
        assertThat(KplAggregate.varintSize(Integer.MAX_VALUE)).isEqualTo(5);
        assertThat(KplAggregate.varintSize(-1L)).isEqualTo(10);
        byte[] b = new byte[10];
        assertThat(KplAggregate.writeVarint(300, b, 0)).isEqualTo(2);
        assertThat(Arrays.copyOf(b, 2)).isEqualTo(bytes(0xAC, 0x02));
    }

    @Test
    void keysOfEveryLengthDeduplicateWithTheByteHash() {
        // the key hash reads 8 bytes at a time with an overlapping last word: lengths around multiples of 8 matter
        KplAggregate a = new KplAggregate();
        int distinct = 0;
        for (int len = 0; len <= 40; len++) {
            for (char last : new char[] {'a', 'b', '\u00e9'}) {
                String key = "k".repeat(Math.max(0, len - 1)) + (len > 0 ? String.valueOf(last) : "");
                if (len == 0 && last != 'a') {
                    continue;
                }
                distinct++;
                a.add(key, key.getBytes(StandardCharsets.UTF_8), null, new byte[] {1});
                a.add(new String(key), null, null, new byte[] {2}); // an equal key, another instance, bytes not given
            }
        }
        assertThat(a.partitionKeyCount()).isEqualTo(distinct);
        assertThat(KplAggregate.keyHash("same key".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(KplAggregate.keyHash("same key".getBytes(StandardCharsets.UTF_8)));
        List<SubRecord> back = KplDecoder.decode(a.encode());
        assertThat(back).hasSize(2 * distinct);
        for (int i = 0; i < back.size(); i += 2) {
            assertThat(back.get(i + 1).partitionKey()).isEqualTo(back.get(i).partitionKey());
        }
    }
}
