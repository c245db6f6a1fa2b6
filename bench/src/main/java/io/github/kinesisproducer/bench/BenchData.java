package io.github.kinesisproducer.bench;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The test data, identical for every producer: record i = 8-byte big-endian index + random bytes, partition key =
 * a random (version 4) UUID; both from a seeded generator. Made before the clock starts ({@link #generate}), or record
 * by record as they are sent ({@link #lazy}: the same for every producer too, but other random bytes than the eager
 * set).
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
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[][] data = new byte[records][];
        String[] keys = new String[records];
        for (int i = 0; i < records; i++) {
            data[i] = record(i, size, rnd);
            keys[i] = uuid(rnd);
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
        return keys != null ? keys[i] : uuid(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i * 2L + 1));
    }

    public byte[] data(int i) {
        return data != null ? data[i] : record(i, size, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i * 2L));
    }

    private static byte[] record(long index, int size, SplittableRandom rnd) {
        byte[] d = new byte[size];
        long idx = index;
        for (int b = 7; b >= 0; b--) {
            d[b] = (byte) idx;
            idx >>>= 8;
        }
        for (int b = 8; b < size; b += 8) {
            long r = rnd.nextLong();
            for (int k = b; k < Math.min(size, b + 8); k++) {
                d[k] = (byte) r;
                r >>>= 8;
            }
        }
        return d;
    }

    private static String uuid(SplittableRandom rnd) {
        long msb = (rnd.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
