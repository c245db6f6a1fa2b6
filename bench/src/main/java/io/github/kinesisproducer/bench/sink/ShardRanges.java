package io.github.kinesisproducer.bench.sink;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The sink's stream: {@code n} open shards splitting the 128-bit hash-key space evenly, as AWS (and kinesalite) do:
 * shard i covers [i * 2^128/n, (i+1) * 2^128/n - 1], the last one ends at 2^128 - 1.
 * Hash keys are handled as two unsigned longs so that the per-record lookup does not allocate.
 */
final class ShardRanges {
    private static final BigInteger SPACE = BigInteger.ONE.shiftLeft(128);
    private static final BigInteger MASK64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final int count;
    private final long[] endHi;
    private final long[] endLo;
    private final String[] starts;
    private final String[] ends;
    private final String[] ids;
    private final String[] quotedIds;

    ShardRanges(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("shards must be >= 1");
        }
        this.count = count;
        endHi = new long[count];
        endLo = new long[count];
        starts = new String[count];
        ends = new String[count];
        ids = new String[count];
        quotedIds = new String[count];
        BigInteger step = SPACE.divide(BigInteger.valueOf(count));
        for (int i = 0; i < count; i++) {
            BigInteger start = step.multiply(BigInteger.valueOf(i));
            BigInteger end = i == count - 1 ? SPACE.subtract(BigInteger.ONE) : start.add(step).subtract(BigInteger.ONE);
            starts[i] = start.toString();
            ends[i] = end.toString();
            endHi[i] = end.shiftRight(64).longValue();
            endLo[i] = end.and(MASK64).longValue();
            ids[i] = String.format("shardId-%012d", i);
            quotedIds[i] = '"' + ids[i] + '"';
        }
    }

    int count() {
        return count;
    }

    String id(int shard) {
        return ids[shard];
    }

    String quotedId(int shard) {
        return quotedIds[shard];
    }

    String startingHashKey(int shard) {
        return starts[shard];
    }

    String endingHashKey(int shard) {
        return ends[shard];
    }

    /** Index of the shard whose range contains the unsigned 128-bit key (hi, lo). */
    int shardFor(long hi, long lo) {
        for (int i = 0; i < count - 1; i++) {
            int c = Long.compareUnsigned(hi, endHi[i]);
            if (c < 0 || (c == 0 && Long.compareUnsigned(lo, endLo[i]) <= 0)) {
                return i;
            }
        }
        return count - 1;
    }

    /** Shard for MD5(partition key bytes), the way Kinesis maps partition keys. */
    int shardForPartitionKey(MessageDigest md5, byte[] buf, int off, int len) {
        md5.update(buf, off, len);
        byte[] d = md5.digest();
        return shardFor(readLong(d, 0), readLong(d, 8));
    }

    /** Shard for a decimal ExplicitHashKey. */
    int shardForExplicitHashKey(String decimal) {
        BigInteger k = new BigInteger(decimal);
        if (k.signum() < 0 || k.bitLength() > 128) {
            throw new IllegalArgumentException("ExplicitHashKey out of range: " + decimal);
        }
        return shardFor(k.shiftRight(64).longValue(), k.and(MASK64).longValue());
    }

    static long readLong(byte[] d, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[off + i] & 0xFF);
        }
        return v;
    }

    static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
