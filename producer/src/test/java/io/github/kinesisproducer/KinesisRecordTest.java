package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.internal.shards.HashKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The typed record value: named parts, checks at build time that name the part, immutability. */
class KinesisRecordTest {
    private static final byte[] DATA = "payload".getBytes(StandardCharsets.UTF_8);
    private static final String MAX_HASH_KEY = "340282366920938463463374607431768211455";

    @Test
    void namedPartsAndARandomKeyAsNull() {
        KinesisRecord keyed = KinesisRecord.of("order-17", DATA);
        assertThat(keyed.partitionKey()).isEqualTo("order-17");
        assertThat(keyed.explicitHashKey()).isNull();
        assertThat(keyed.dataAsUtf8()).isEqualTo("payload");
        assertThat(keyed.dataLength()).isEqualTo(7);

        KinesisRecord routed = keyed.withExplicitHashKey("12345");
        assertThat(routed.partitionKey()).isEqualTo("order-17");
        assertThat(routed.explicitHashKey()).isEqualTo("12345");
        assertThat(keyed.explicitHashKey()).as("withers leave the original alone").isNull();
        assertThat(routed.withExplicitHashKey((String) null)).isEqualTo(keyed);
        assertThat(keyed.withExplicitHashKey(new BigInteger(MAX_HASH_KEY)).explicitHashKey()).isEqualTo(MAX_HASH_KEY);

        assertThat(KinesisRecord.of(DATA).partitionKey()).isNull();
        assertThat(KinesisRecord.of(null, DATA)).isEqualTo(KinesisRecord.of(DATA));
        assertThat(KinesisRecord.of("k", new byte[0]).dataLength()).isZero();
    }

    @Test
    void theDataIsCopiedInAndOut() {
        byte[] mine = {1, 2, 3};
        KinesisRecord r = KinesisRecord.of("k", mine);
        mine[0] = 9;
        assertThat(r.data()).containsExactly(1, 2, 3);
        r.data()[1] = 9;
        assertThat(r.data()).containsExactly(1, 2, 3);
    }

    @Test
    void equalityByContent_andToStringNeverShowsThePayload() {
        assertThat(KinesisRecord.of("k", new byte[] {1, 2})).isEqualTo(KinesisRecord.of("k", new byte[] {1, 2}))
                .hasSameHashCodeAs(KinesisRecord.of("k", new byte[] {1, 2}))
                .isNotEqualTo(KinesisRecord.of("k", new byte[] {1, 3}))
                .isNotEqualTo(KinesisRecord.of("j", new byte[] {1, 2}))
                .isNotEqualTo(KinesisRecord.of("k", new byte[] {1, 2}).withExplicitHashKey("1"));
        assertThat(KinesisRecord.of("k", "secret".getBytes(StandardCharsets.UTF_8)).withExplicitHashKey("7"))
                .hasToString("KinesisRecord[partitionKey=k, explicitHashKey=7, data=6 bytes]");
        assertThat(KinesisRecord.of(DATA)).hasToString("KinesisRecord[partitionKey=(random), data=7 bytes]");
    }

    @Test
    void theHashKeyIsTheExplicitOneElseTheKeysMd5() {
        assertThat(KinesisRecord.of("order-17", DATA).hashKey())
                .isEqualTo(HashKey.ofPartitionKey("order-17").toBigInteger())
                .isEqualTo(new BigInteger(1, md5("order-17")));
        assertThat(KinesisRecord.of("order-17", DATA).withExplicitHashKey("42").hashKey()).isEqualTo(BigInteger.valueOf(42));
        assertThat(KinesisRecord.of(DATA).hashKey()).isNull();
    }

    @Test
    void badPartsFailWhenTheRecordIsBuilt_namingThePart() {
        assertThatThrownBy(() -> KinesisRecord.of("", DATA)).isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("partitionKey must be 1 to 256 characters; got an empty string");
        assertThatThrownBy(() -> KinesisRecord.of("x".repeat(257), DATA))
                .hasMessageStartingWith("partitionKey must be 1 to 256 characters; got 257 characters");
        assertThatThrownBy(() -> KinesisRecord.of("bad\uDC00", DATA))
                .hasMessageStartingWith("partitionKey has an unpaired UTF-16 surrogate at index 3");
        assertThatThrownBy(() -> KinesisRecord.of("k", null)).isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("data must not be null");
        assertThatThrownBy(() -> KinesisRecord.of((byte[]) null)).hasMessageStartingWith("data must not be null");
        KinesisRecord r = KinesisRecord.of("k", DATA);
        assertThatThrownBy(() -> r.withExplicitHashKey("01")).isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("explicitHashKey is invalid").hasMessageContaining("leading zeros");
        assertThatThrownBy(() -> r.withExplicitHashKey("340282366920938463463374607431768211456"))
                .hasMessageStartingWith("explicitHashKey is invalid").hasMessageContaining("greater than 2^128-1");
        assertThatThrownBy(() -> r.withExplicitHashKey(BigInteger.valueOf(-1)))
                .hasMessageStartingWith("explicitHashKey is invalid").hasMessageContaining("negative");
        assertThatThrownBy(() -> KinesisRecord.of(DATA).withExplicitHashKey("5"))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("explicitHashKey needs a partitionKey: this record has a random key");
    }

    @Test
    void aTargetStreamIsNamedByNameOrArn_checkedWhenTheRecordIsBuilt_andPartOfEquality() {
        KinesisRecord r = KinesisRecord.of("k", DATA);
        assertThat(r.stream()).isNull();
        KinesisRecord orders = r.withStream("orders");
        assertThat(orders.stream()).isEqualTo("orders");
        assertThat(orders.partitionKey()).isEqualTo("k");
        assertThat(orders).isNotEqualTo(r).isEqualTo(KinesisRecord.of("k", DATA).withStream("orders"))
                .hasSameHashCodeAs(KinesisRecord.of("k", DATA).withStream("orders"));
        assertThat(orders.withStream(null)).isEqualTo(r);
        assertThat(orders.withExplicitHashKey("5").stream()).as("kept by the other with... methods")
                .isEqualTo("orders");
        assertThat(orders.toString()).startsWith("KinesisRecord[stream=orders, partitionKey=k");
        String arn = "arn:aws:kinesis:us-east-1:123456789012:stream/orders";
        assertThat(KinesisRecord.of(DATA).withStream(arn).stream()).isEqualTo(arn);
        assertThatThrownBy(() -> r.withStream("bad name")).isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("stream is invalid: 'bad name'").hasMessageContaining("stream ARN");
        assertThatThrownBy(() -> r.withStream("")).hasMessageStartingWith("stream is invalid");
        assertThatThrownBy(() -> r.withStream("x".repeat(129))).hasMessageStartingWith("stream is invalid");
        assertThatThrownBy(() -> r.withStream("arn:aws:kinesis:us-east-1:123:stream/s"))
                .as("an account is 12 digits").hasMessageStartingWith("stream is invalid");
    }

    private static byte[] md5(String s) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
