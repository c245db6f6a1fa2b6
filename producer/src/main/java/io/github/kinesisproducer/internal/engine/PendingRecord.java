package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.internal.shards.HashKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One user record from {@code send} until its future completes. Created on the caller's thread;
 * after it is handed to the engine only the sender thread touches its mutable fields.
 */
final class PendingRecord {
    /** The stream it goes to; null for the producer's default stream. */
    final StreamHandle stream;
    /**
     * Null for the seed's {@code send(byte[])} in delimited mode (each Kinesis record gets a random key); in the other
     * modes such a record carries a random key from the start, and {@link #keyless} says it had none.
     */
    final String partitionKey;
    /** Sent without a key ({@code send(byte[])}): on a stream that places records itself it goes without one. */
    final boolean keyless;
    /** Canonical decimal explicit hash key, or null. */
    final String explicitHashKey;
    final byte[] data;
    /**
     * The partition key's UTF-8 bytes (null when unkeyed), encoded once here: the MD5, the size accounting and
     * the aggregate all use these bytes rather than each walking the String again.
     */
    final byte[] keyUtf8;
    /** UTF-8 length of the partition key (0 when null): counts toward Kinesis's record size limit. */
    final int keyBytes;
    /** What this record holds of the memory pool; released exactly once when it completes. */
    final int reservedBytes;
    final long arrivalNanos;
    final long deadlineNanos;
    final CompletableFuture<RecordResult> future = new CompletableFuture<>();

    /** Hash key used for shard prediction; null when unkeyed or not computed. Sender thread only. */
    HashKey hashKey;
    /** Flush epoch, assigned when the engine takes the record in. Sender thread only. */
    long epoch;
    /** Attempts made by Kinesis records that carried this record before a re-aggregation. Sender thread only. */
    java.util.List<io.github.kinesisproducer.Attempt> priorAttempts = java.util.List.of();

    /** Sender thread only: set once the future's outcome is decided, so nothing completes twice. */
    boolean done;

    PendingRecord(String partitionKey, String explicitHashKey, byte[] data, long arrivalNanos, long ttlNanos) {
        this(null, partitionKey, explicitHashKey, data, arrivalNanos, ttlNanos, partitionKey == null);
    }

    PendingRecord(String partitionKey, String explicitHashKey, byte[] data, long arrivalNanos, long ttlNanos,
            boolean keyless) {
        this(null, partitionKey, explicitHashKey, data, arrivalNanos, ttlNanos, keyless);
    }

    PendingRecord(StreamHandle stream, String partitionKey, String explicitHashKey, byte[] data, long arrivalNanos,
            long ttlNanos, boolean keyless) {
        this.stream = stream;
        this.partitionKey = partitionKey;
        this.keyless = keyless;
        this.explicitHashKey = explicitHashKey;
        this.data = data;
        // getBytes writes '?' for an unpaired surrogate; validation rejects those keys before they get here.
        this.keyUtf8 = partitionKey == null ? null : partitionKey.getBytes(StandardCharsets.UTF_8);
        this.keyBytes = keyUtf8 == null ? 0 : keyUtf8.length;
        this.reservedBytes = data.length + keyBytes;
        this.arrivalNanos = arrivalNanos;
        this.deadlineNanos = arrivalNanos + ttlNanos;
    }
}
