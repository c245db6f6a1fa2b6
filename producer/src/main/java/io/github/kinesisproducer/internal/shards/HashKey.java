package io.github.kinesisproducer.internal.shards;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Unsigned 128-bit Kinesis hash key. Immutable.
 *
 * <p>Kinesis maps a record to a shard by the MD5 of its partition key's UTF-8 bytes read as a big-endian
 * unsigned 128-bit integer, or by an explicit hash key given in decimal. Held as two longs so that hashing,
 * comparing and shard lookup never touch {@link BigInteger} on the hot path.
 */
public final class HashKey implements Comparable<HashKey> {

    /** 0, the lowest hash key. */
    public static final HashKey MIN = new HashKey(0L, 0L);
    /** 2^128 − 1, the highest hash key. */
    public static final HashKey MAX = new HashKey(-1L, -1L);

    /** Decimal form of {@link #MAX}; 39 digits, so a 39-digit input is in range iff it sorts ≤ this. */
    private static final String MAX_DECIMAL = "340282366920938463463374607431768211455";
    private static final int MAX_DIGITS = MAX_DECIMAL.length();
    private static final long BILLION = 1_000_000_000L;

    /**
     * One digest and output buffer per thread: MessageDigest.getInstance costs a provider lookup, and a
     * partition key is hashed once per user record.
     */
    private static final ThreadLocal<Md5Scratch> MD5 = ThreadLocal.withInitial(Md5Scratch::new);

    private final long hi;
    private final long lo;

    /**
     * A hash key from its two halves.
     *
     * @param hi the upper 64 bits (unsigned)
     * @param lo the lower 64 bits (unsigned)
     */
    public HashKey(long hi, long lo) {
        this.hi = hi;
        this.lo = lo;
    }

    public long hi() {
        return hi;
    }

    public long lo() {
        return lo;
    }

    /**
     * MD5 of the key's UTF-8 bytes, big-endian. An unpaired surrogate is encoded as {@code '?'}, as
     * {@link String#getBytes(java.nio.charset.Charset)} with UTF-8 does (and so do the bytes that go on the wire).
     */
    public static HashKey ofPartitionKey(String partitionKey) {
        return ofUtf8(partitionKey.getBytes(StandardCharsets.UTF_8));
    }

    /** MD5 of a partition key already encoded as UTF-8, big-endian. */
    public static HashKey ofUtf8(byte[] keyUtf8) {
        Md5Scratch s = MD5.get();
        s.md.update(keyUtf8);
        try {
            s.md.digest(s.out, 0, 16);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("MD5 digest failed", e); // cannot happen: out has 16 bytes
        }
        return new HashKey(readLong(s.out, 0), readLong(s.out, 8));
    }

    /**
     * Parses an explicit hash key as Kinesis accepts it: pattern {@code 0|([1-9]\d{0,38})}, value in
     * 0 … 2^128−1.
     *
     * @throws IllegalArgumentException naming the value and the allowed form
     */
    public static HashKey parseDecimal(String explicitHashKey) {
        String problem = decimalProblem(explicitHashKey);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid explicit hash key " + quote(explicitHashKey) + ": " + problem
                    + "; expected a decimal integer matching 0|([1-9]\\d{0,38}) in the range 0 to " + MAX_DECIMAL
                    + " (2^128-1)");
        }
        long h = 0;
        long l = 0;
        for (int i = 0; i < explicitHashKey.length(); i++) {
            // (h:l) = (h:l) * 10 + digit; the range check above guarantees no overflow out of 128 bits.
            long d = explicitHashKey.charAt(i) - (long) '0';
            long lo10 = l * 10;
            long carry10 = Math.multiplyHigh(l, 10) + ((l >> 63) & 10); // unsigned high half of l*10
            long sum = lo10 + d;
            long carry = Long.compareUnsigned(sum, lo10) < 0 ? 1 : 0;
            h = h * 10 + carry10 + carry;
            l = sum;
        }
        return new HashKey(h, l);
    }

    /** True iff {@link #parseDecimal} would accept the value; for validation without exceptions. */
    public static boolean isValidDecimal(String explicitHashKey) {
        return decimalProblem(explicitHashKey) == null;
    }

    /** Why the value is not a valid explicit hash key, or null if it is. */
    private static String decimalProblem(String s) {
        if (s == null) {
            return "it is null";
        }
        int n = s.length();
        if (n == 0) {
            return "it is empty";
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return c == '-' && i == 0 ? "negative values are not allowed" : "it contains a non-digit character";
            }
        }
        if (n > 1 && s.charAt(0) == '0') {
            return "leading zeros are not allowed";
        }
        if (n > MAX_DIGITS || (n == MAX_DIGITS && s.compareTo(MAX_DECIMAL) > 0)) {
            return "it is greater than 2^128-1";
        }
        return null;
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        // Keep messages readable when someone passes a huge string.
        return '"' + (s.length() > 60 ? s.substring(0, 60) + "…(" + s.length() + " chars)" : s) + '"';
    }

    /**
     * The hash key of this value.
     *
     * @throws IllegalArgumentException if v is negative or needs more than 128 bits
     */
    public static HashKey of(BigInteger v) {
        if (v.signum() < 0 || v.bitLength() > 128) {
            throw new IllegalArgumentException("Hash key " + v + " is outside 0 to " + MAX_DECIMAL + " (2^128-1)");
        }
        return new HashKey(v.shiftRight(64).longValue(), v.longValue());
    }

    public BigInteger toBigInteger() {
        return new BigInteger(1, toBytes());
    }

    /** The 16 big-endian bytes, as MD5 produces them. */
    public byte[] toBytes() {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    /** Canonical decimal (no sign, no leading zeros), as Kinesis wants for ExplicitHashKey. */
    public String toDecimal() {
        if (hi == 0 && lo >= 0) {
            return Long.toString(lo);
        }
        // Long division by 10^9 over four 32-bit limbs: each step's dividend (rem < 10^9) << 32 | limb
        // stays below 2^63, so plain signed long arithmetic is exact. At most 5 chunks for 39 digits.
        long[] limbs = {hi >>> 32, hi & 0xFFFF_FFFFL, lo >>> 32, lo & 0xFFFF_FFFFL};
        int[] chunks = new int[5];
        int nChunks = 0;
        boolean nonZero = true;
        while (nonZero) {
            long rem = 0;
            nonZero = false;
            for (int i = 0; i < 4; i++) {
                long cur = (rem << 32) | limbs[i];
                limbs[i] = cur / BILLION;
                rem = cur % BILLION;
                nonZero |= limbs[i] != 0;
            }
            chunks[nChunks++] = (int) rem;
        }
        StringBuilder sb = new StringBuilder(40);
        sb.append(chunks[nChunks - 1]);
        for (int i = nChunks - 2; i >= 0; i--) {
            String part = Integer.toString(chunks[i]);
            for (int pad = part.length(); pad < 9; pad++) {
                sb.append('0');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    /** Unsigned comparison. */
    @Override
    public int compareTo(HashKey o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    /** Unsigned comparison of two keys given as halves, for lookups over parallel long arrays. */
    static int compare(long hiA, long loA, long hiB, long loB) {
        int c = Long.compareUnsigned(hiA, hiB);
        return c != 0 ? c : Long.compareUnsigned(loA, loB);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HashKey k && k.hi == hi && k.lo == lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi) * 31 + Long.hashCode(lo);
    }

    /** The decimal value. */
    @Override
    public String toString() {
        return toDecimal();
    }

    private static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    private static final class Md5Scratch {
        final MessageDigest md;
        final byte[] out = new byte[16];

        Md5Scratch() {
            try {
                md = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("MD5 is required of every Java platform", e);
            }
        }
    }
}
