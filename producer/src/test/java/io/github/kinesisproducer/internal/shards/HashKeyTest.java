package io.github.kinesisproducer.internal.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HashKeyTest {

    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    private static BigInteger md5(byte[] b) throws Exception {
        return new BigInteger(1, MessageDigest.getInstance("MD5").digest(b));
    }

    @Test
    void md5OfKnownKeys() {
        // RFC 1321 test suite values.
        assertThat(HashKey.ofPartitionKey("a")).isEqualTo(new HashKey(0x0cc175b9c0f1b6a8L, 0x31c399e269772661L));
        assertThat(HashKey.ofPartitionKey("a").toBigInteger())
                .isEqualTo(new BigInteger("0cc175b9c0f1b6a831c399e269772661", 16));
        assertThat(HashKey.ofPartitionKey("abc").toBigInteger())
                .isEqualTo(new BigInteger("900150983cd24fb0d6963f7d28e17f72", 16));
        assertThat(HashKey.ofPartitionKey("").toBigInteger())
                .isEqualTo(new BigInteger("d41d8cd98f00b204e9800998ecf8427e", 16));
        assertThat(HexFormat.of().formatHex(HashKey.ofPartitionKey("a").toBytes()))
                .isEqualTo("0cc175b9c0f1b6a831c399e269772661");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00e9", "\u20ac", "\ud83d\ude00", "x\ud800y", "\udc00", "tail\ud83d", "a\u07ff\u0800\uffff",
        "ASCII-0123456789-abcdefghijklmnopqrstuvwxyz"})
    void md5MatchesStringGetBytesIncludingLoneSurrogates(String key) throws Exception {
        assertThat(HashKey.ofPartitionKey(key).toBigInteger()).isEqualTo(md5(key.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void longKeysGrowTheScratchBuffer() throws Exception {
        String key = "\u20ac".repeat(2000); // 6000 UTF-8 bytes, above the initial 1024-byte buffer
        assertThat(HashKey.ofPartitionKey(key).toBigInteger()).isEqualTo(md5(key.getBytes(StandardCharsets.UTF_8)));
        assertThat(HashKey.ofPartitionKey("a")).isEqualTo(new HashKey(0x0cc175b9c0f1b6a8L, 0x31c399e269772661L));
    }

    @Test
    void hashingIsThreadSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        String k = "key-" + seed + "-" + i;
                        if (!HashKey.ofPartitionKey(k).toBigInteger().equals(md5(k.getBytes(StandardCharsets.UTF_8)))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void boundaries() {
        assertThat(HashKey.MIN.toBigInteger()).isEqualTo(BigInteger.ZERO);
        assertThat(HashKey.MAX.toBigInteger()).isEqualTo(MAX);
        assertThat(HashKey.MIN.toDecimal()).isEqualTo("0");
        assertThat(HashKey.MAX.toDecimal()).isEqualTo("340282366920938463463374607431768211455");
        assertThat(HashKey.parseDecimal("0")).isEqualTo(HashKey.MIN);
        assertThat(HashKey.parseDecimal("340282366920938463463374607431768211455")).isEqualTo(HashKey.MAX);
        assertThat(HashKey.of(BigInteger.ZERO)).isEqualTo(HashKey.MIN);
        assertThat(HashKey.of(MAX)).isEqualTo(HashKey.MAX);
        assertThat(HashKey.MIN).isLessThan(HashKey.MAX);
    }

    @ParameterizedTest
    @CsvSource({
        "1", "9", "10", "9223372036854775807", "9223372036854775808", "18446744073709551615",
        "18446744073709551616", "10000000000000000000", "99999999999999999999", "100000000000000000000000000000000000000",
        "170141183460469231731687303715884105728", "340282366920938463463374607431768211454"})
    void decimalRoundTrip(String decimal) {
        HashKey k = HashKey.parseDecimal(decimal);
        assertThat(k.toBigInteger()).isEqualTo(new BigInteger(decimal));
        assertThat(k.toDecimal()).isEqualTo(decimal);
        assertThat(k.toString()).isEqualTo(decimal);
        assertThat(HashKey.of(new BigInteger(decimal))).isEqualTo(k);
        assertThat(HashKey.isValidDecimal(decimal)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|it is empty",
        "00|leading zeros are not allowed",
        "0123|leading zeros are not allowed",
        "-1|negative values are not allowed",
        "-0|negative values are not allowed",
        "340282366920938463463374607431768211456|it is greater than 2^128-1",
        "999999999999999999999999999999999999999|it is greater than 2^128-1",
        "1000000000000000000000000000000000000000|it is greater than 2^128-1",
        "12a|it contains a non-digit character",
        "+1|it contains a non-digit character",
        "' 1'|it contains a non-digit character",
        "1.0|it contains a non-digit character",
        "1e3|it contains a non-digit character",
        "\u0661|it contains a non-digit character"})
    void rejectsBadExplicitHashKeys(String bad, String reason) {
        assertThat(HashKey.isValidDecimal(bad)).isFalse();
        assertThatThrownBy(() -> HashKey.parseDecimal(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining('"' + bad + '"')
                .hasMessageContaining(reason)
                .hasMessageContaining("0|([1-9]\\d{0,38})")
                .hasMessageContaining("340282366920938463463374607431768211455");
    }

    @Test
    void rejectsNullAndShortensHugeValuesInMessages() {
        assertThatThrownBy(() -> HashKey.parseDecimal(null)).hasMessageContaining("null");
        String huge = "1".repeat(1000);
        assertThatThrownBy(() -> HashKey.parseDecimal(huge))
                .hasMessageContaining("(1000 chars)").hasMessageContaining("greater than 2^128-1");
    }

    @Test
    void ofRejectsOutOfRange() {
        assertThatThrownBy(() -> HashKey.of(BigInteger.valueOf(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HashKey.of(MAX.add(BigInteger.ONE))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("340282366920938463463374607431768211456");
    }

    @Test
    void comparisonIsUnsigned() {
        assertThat(new HashKey(0, -1)).isGreaterThan(new HashKey(0, Long.MAX_VALUE));
        assertThat(new HashKey(-1, 0)).isGreaterThan(new HashKey(Long.MAX_VALUE, -1));
        assertThat(new HashKey(1, 0)).isGreaterThan(new HashKey(0, -1));
        assertThat(new HashKey(5, 5)).isEqualByComparingTo(new HashKey(5, 5));
    }

    @Test
    void equalsAndHashCode() {
        assertThat(new HashKey(1, 2)).isEqualTo(new HashKey(1, 2)).hasSameHashCodeAs(new HashKey(1, 2));
        assertThat(new HashKey(1, 2)).isNotEqualTo(new HashKey(2, 1)).isNotEqualTo("1");
        assertThat(new HashKey(7, 9).hi()).isEqualTo(7);
        assertThat(new HashKey(7, 9).lo()).isEqualTo(9);
    }
}
