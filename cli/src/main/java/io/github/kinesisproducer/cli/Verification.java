package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.KinesisRecord;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares what was sent with what was read back, as multisets of (partition key, data bytes): every sent record
 * must arrive exactly once, byte for byte, and nothing else may arrive. It also checks that each record sits in
 * the shard whose hash-key range holds its partition key's MD5: what the KCL expects of KPL aggregates.
 */
final class Verification {
    private final Map<Key, Integer> expected = new HashMap<>();
    private final Map<String, BigInteger[]> shardRanges;
    private long sentCount;
    private long receivedCount;
    private long duplicated;
    private long unexpected;
    private long wrongShard;

    private record Key(String partitionKey, ByteBuffer data) {
    }

    /** A shard's inclusive hash-key range. */
    record ShardRange(String shardId, BigInteger start, BigInteger end) {
    }

    /** @param shards every shard of the stream, for the placement check; empty to skip it */
    Verification(List<ShardRange> shards) {
        shardRanges = new HashMap<>();
        for (ShardRange s : shards) {
            shardRanges.put(s.shardId(), new BigInteger[] {s.start(), s.end()});
        }
    }

    void sent(String partitionKey, byte[] data) {
        expected.merge(new Key(partitionKey, ByteBuffer.wrap(data.clone())), 1, Integer::sum);
        sentCount++;
    }

    void received(String shardId, String partitionKey, byte[] data) {
        receivedCount++;
        Key key = new Key(partitionKey, ByteBuffer.wrap(data));
        Integer left = expected.get(key);
        if (left == null) {
            unexpected++;
        } else if (left == 0) {
            duplicated++;
        } else {
            expected.put(key, left - 1);
        }
        BigInteger[] range = shardRanges.get(shardId);
        if (range != null) {
            BigInteger hash = hashKey(partitionKey);
            if (hash.compareTo(range[0]) < 0 || hash.compareTo(range[1]) > 0) {
                wrongShard++;
            }
        }
    }

    long sentCount() {
        return sentCount;
    }

    long receivedCount() {
        return receivedCount;
    }

    /** Sent records that never arrived. */
    long lost() {
        long n = 0;
        for (int left : expected.values()) {
            n += left;
        }
        return n;
    }

    /** Extra copies of sent records. */
    long duplicated() {
        return duplicated;
    }

    /** Records that were never sent (or arrived altered). */
    long unexpected() {
        return unexpected;
    }

    long wrongShard() {
        return wrongShard;
    }

    boolean passed() {
        return lost() == 0 && duplicated == 0 && unexpected == 0 && wrongShard == 0;
    }

    /** {@code verified 10000/10000 records, 0 lost, 0 duplicated} (plus any other problem found). */
    String line() {
        long intact = sentCount - lost();
        StringBuilder b = new StringBuilder();
        b.append("verified ").append(intact).append('/').append(sentCount).append(" records, ").append(lost())
                .append(" lost, ").append(duplicated).append(" duplicated");
        if (unexpected > 0) {
            b.append(", ").append(unexpected).append(" unexpected or altered");
        }
        if (wrongShard > 0) {
            b.append(", ").append(wrongShard).append(" on the wrong shard");
        }
        return b.toString();
    }

    /** The hash key Kinesis places a partition key by (the MD5 of its UTF-8 bytes as an unsigned 128-bit number). */
    static BigInteger hashKey(String partitionKey) {
        return KinesisRecord.of(partitionKey, new byte[0]).hashKey();
    }
}
