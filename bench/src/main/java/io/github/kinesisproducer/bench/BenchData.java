package io.github.kinesisproducer.bench;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The test data, identical for every producer: record i = 8-byte big-endian index + random bytes, partition key =
 * a random (version 4) UUID; both from a seeded generator, made before the clock starts.
 */
public final class BenchData {
    public final byte[][] data;
    public final String[] keys;
    public final int size;

    private BenchData(byte[][] data, String[] keys, int size) {
        this.data = data;
        this.keys = keys;
        this.size = size;
    }

    public static BenchData generate(int records, int size, long seed) {
        if (size < 8) {
            throw new IllegalArgumentException("--size must be >= 8 (the record index)");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[][] data = new byte[records][];
        String[] keys = new String[records];
        for (int i = 0; i < records; i++) {
            byte[] d = new byte[size];
            long idx = i;
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
            data[i] = d;
            long msb = (rnd.nextLong() & ~0xF000L) | 0x4000L;
            long lsb = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            keys[i] = new UUID(msb, lsb).toString();
        }
        return new BenchData(data, keys, size);
    }

    public int count() {
        return data.length;
    }
}
