package io.github.kinesisproducer.internal.shards;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.internal.aggregation.KplAggregateReference;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class HashKeyPropertiesTest {

    @Provide
    Arbitrary<HashKey> keys() {
        return KplAggregateReference.hashKeys();
    }

    @Provide
    Arbitrary<String> partitionKeys() {
        return KplAggregateReference.partitionKeys();
    }

    @Property
    void decimalRoundTripsLikeBigInteger(@ForAll("keys") HashKey k) {
        BigInteger b = k.toBigInteger();
        assertThat(b.signum()).isNotNegative();
        assertThat(b.bitLength()).isLessThanOrEqualTo(128);
        assertThat(k.toDecimal()).isEqualTo(b.toString());
        assertThat(HashKey.parseDecimal(b.toString())).isEqualTo(k);
        assertThat(HashKey.of(b)).isEqualTo(k);
    }

    @Property
    void orderingEqualsBigIntegers(@ForAll("keys") HashKey a, @ForAll("keys") HashKey b) {
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(a.toBigInteger().compareTo(b.toBigInteger()));
        assertThat(a.equals(b)).isEqualTo(a.toBigInteger().equals(b.toBigInteger()));
    }

    @Property
    void partitionKeyHashEqualsMd5OfUtf8(@ForAll("partitionKeys") String key) throws Exception {
        BigInteger expected = new BigInteger(1,
                MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
        assertThat(HashKey.ofPartitionKey(key).toBigInteger()).isEqualTo(expected);
    }

    @Property
    void anyJavaStringHashesLikeGetBytes(@ForAll String key) throws Exception {
        // Unrestricted strings include lone surrogates: both sides must agree on '?'.
        BigInteger expected = new BigInteger(1,
                MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
        assertThat(HashKey.ofPartitionKey(key).toBigInteger()).isEqualTo(expected);
    }
}
