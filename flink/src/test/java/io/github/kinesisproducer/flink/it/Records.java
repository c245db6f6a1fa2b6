package io.github.kinesisproducer.flink.it;

import java.math.BigInteger;

/** The test jobs' records: text that starts with the record's index, padded to about 100 bytes. */
final class Records {
    static final int SIZE = 100;
    private static final String PAD = "x".repeat(SIZE);

    private Records() {
    }

    /** {@code 000000042|} then padding: 100 bytes. */
    static String payload(long index) {
        String head = String.format("%09d|", index);
        return head + PAD.substring(head.length());
    }

    /** The index a payload (or a tagged payload, see the failover test) starts with. */
    static long index(String payload) {
        return Long.parseLong(payload.substring(0, payload.indexOf('|')));
    }

    /** 1,000 customers: records of one key share a shard. */
    static String key(long index) {
        return "customer-" + (index % 1000);
    }

    /** The key of the record a payload carries. */
    static String keyOf(String payload) {
        return key(index(payload));
    }

    /** The starting hash key of shard {@code shard} of {@code shards} even shards, as Kinesis splits the key space. */
    static BigInteger shardStart(int shard, int shards) {
        return BigInteger.ONE.shiftLeft(128).divide(BigInteger.valueOf(shards)).multiply(BigInteger.valueOf(shard));
    }
}
