package io.github.kinesisproducer.bench;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The hashing and encoding every producer must do per million 100-byte records with UUID keys, with the JDK's own
 * implementations (and their intrinsics): MD5 of each key (shard prediction), MD5 of the aggregates (the KPL format's
 * checksum, ≈ 140 bytes per record), SHA-256 of the request bodies (SigV4, ≈ 190 bytes per record after base64) and
 * base64 itself. The lower bound under which no CPU figure for this workload can go.
 * <pre>java -jar kinesis-producer-bench.jar floor [--rounds 6]</pre>
 */
final class FloorBench {
    private static final int RECORDS = 1_000_000;
    private static final int AGGREGATE = 50_000;

    private FloorBench() {
    }

    static int run(String[] args) throws Exception {
        int rounds = 6;
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].equals("--rounds") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option " + args[i] + " (floor takes --rounds N)");
            }
            rounds = Integer.parseInt(args[i + 1]);
        }
        byte[][] keys = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            keys[i] = UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        // Aggregates and bodies as the producer hashes them: ~50 KB arrays, not one huge one.
        byte[][] aggregates = randomChunks(140L * RECORDS, AGGREGATE);
        byte[][] bodies = randomChunks(190L * RECORDS, AGGREGATE * 4 / 3);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] digest = new byte[32];
        byte[] b64 = new byte[AGGREGATE * 4 / 3 + 4];
        Base64.Encoder encoder = Base64.getEncoder();
        long sink = 0;
        // CPU time of this thread, not wall time: on a busy machine the two differ.
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        System.out.println("CPU per million 100-byte records, one thread (first rounds include JIT warm-up):");
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            sink += digestEach(md5, keys, digest);
            long t1 = cpu.getCurrentThreadCpuTime();
            sink += digestEach(md5, aggregates, digest);
            long t2 = cpu.getCurrentThreadCpuTime();
            sink += digestEach(sha256, bodies, digest);
            long t3 = cpu.getCurrentThreadCpuTime();
            for (byte[] a : aggregates) {
                sink += encoder.encode(a, b64);
            }
            long t4 = cpu.getCurrentThreadCpuTime();
            System.out.printf("FLOOR md5Keys=%d ms md5Aggregates=%d ms sha256Bodies=%d ms base64=%d ms total=%d ms%n",
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000,
                    (t4 - t0) / 1_000_000);
        }
        return sink == 42 ? 1 : 0; // keeps the work observable
    }

    /** Digests every input on its own; returns a value built from the digests so the work stays observable. */
    private static long digestEach(MessageDigest md, byte[][] inputs, byte[] digest)
            throws java.security.DigestException {
        long sink = 0;
        for (byte[] in : inputs) {
            md.update(in);
            md.digest(digest, 0, md.getDigestLength());
            sink += digest[0];
        }
        return sink;
    }

    private static byte[][] randomChunks(long total, int size) {
        SplittableRandom random = new SplittableRandom(7);
        byte[][] chunks = new byte[(int) ((total + size - 1) / size)][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = new byte[size];
            for (int j = 0; j < size; j += 8) {
                long v = random.nextLong();
                for (int k = 0; k < 8 && j + k < size; k++) {
                    chunks[i][j + k] = (byte) (v >>> (8 * k));
                }
            }
        }
        return chunks;
    }
}
