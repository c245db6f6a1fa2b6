package io.github.kinesisproducer.bench;

import java.util.UUID;

/**
 * The test data, identical for every producer: record i = 8-byte big-endian index + random bytes, partition key =
 * a random (version 4) UUID; both from a seeded generator. Made before the clock starts ({@link #generate}), or record
 * by record as they are sent ({@link #lazy}), with the same bytes either way.
 *
 * <p>The generator is SplitMix64 on a counter derived from (seed, index, stream): no object per record, so the lazy
 * mode adds as little as it can to the runner's CPU and garbage (it runs on the sending thread, inside the timed
 * window, for every producer alike).
 */
public final class BenchData {
    /** Null when lazy. */
    public final byte[][] data;
    /** Null when lazy. */
    public final String[] keys;
    public final int size;
    private final int count;
    private final long seed;

    private BenchData(byte[][] data, String[] keys, int size, int count, long seed) {
        this.data = data;
        this.keys = keys;
        this.size = size;
        this.count = count;
        this.seed = seed;
    }

    public static BenchData generate(int records, int size, long seed) {
        checkSize(size);
        byte[][] data = new byte[records][];
        String[] keys = new String[records];
        for (int i = 0; i < records; i++) {
            data[i] = record(i, size, base(seed, i, 0));
            keys[i] = uuid(base(seed, i, 1));
        }
        return new BenchData(data, keys, size, records, seed);
    }

    /** Records made when asked for: {@link #key} and {@link #data} of the same index give the same record every time. */
    public static BenchData lazy(int records, int size, long seed) {
        checkSize(size);
        return new BenchData(null, null, size, records, seed);
    }

    private static void checkSize(int size) {
        if (size < 8) {
            throw new IllegalArgumentException("--size must be >= 8 (the record index)");
        }
    }

    public int count() {
        return count;
    }

    public String key(int i) {
        return keys != null ? keys[i] : uuid(base(seed, i, 1));
    }

    public byte[] data(int i) {
        return data != null ? data[i] : record(i, size, base(seed, i, 0));
    }

    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    /** Counter start of stream {@code stream} (0 = data, 1 = key) of record {@code index}. */
    private static long base(long seed, long index, int stream) {
        return mix64(seed * GAMMA + index * 2 + stream) * 0x100;
    }

    /** SplitMix64's output function: the n-th value of a stream is mix64(base + n * GAMMA). */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static byte[] record(long index, int size, long base) {
        byte[] d = new byte[size];
        long idx = index;
        for (int b = 7; b >= 0; b--) {
            d[b] = (byte) idx;
            idx >>>= 8;
        }
        long n = base;
        for (int b = 8; b < size; b += 8) {
            long r = mix64(n += GAMMA);
            for (int k = b; k < Math.min(size, b + 8); k++) {
                d[k] = (byte) r;
                r >>>= 8;
            }
        }
        return d;
    }

    private static String uuid(long base) {
        long msb = (mix64(base + GAMMA) & ~0xF000L) | 0x4000L;
        long lsb = (mix64(base + 2 * GAMMA) & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
