package io.github.kinesisproducer;

import io.github.kinesisproducer.internal.engine.RecordValidator;
import io.github.kinesisproducer.internal.shards.HashKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One user record, for {@link Producer#send(KinesisRecord)}: a partition key, an optional explicit hash key and the
 * data, each named, so that the two keys cannot be swapped as in {@code send(String, String, byte[])}.
 *
 * <pre>{@code
 * producer.send(KinesisRecord.of("order-17", payload));                       // placed by the key's MD5
 * producer.send(KinesisRecord.of("order-17", payload).withExplicitHashKey(h)); // placed by the hash key h
 * producer.send(KinesisRecord.of(payload));                                   // a random key, as send(byte[])
 * }</pre>
 *
 * <p>Immutable: the data is copied when the record is built and {@link #data()} returns a copy, so the caller may
 * reuse its array at once. The checks that no setting changes (the partition key's length and text, the explicit hash
 * key's form, data present) run when the record is built and throw {@link InvalidRecordException} naming the part
 * that is wrong; the ones that depend on the producer's settings (size, delimiter) run at {@code send}, or with
 * {@link RecordValidation}.
 *
 * <p>Not a Java {@code record} on purpose: parts added later (such as a target stream, for a producer that writes to
 * several streams) come as further {@code with...} methods, and code that builds records today keeps compiling.
 */
public final class KinesisRecord {
    private final String partitionKey;
    private final String explicitHashKey;
    private final byte[] data;

    /** Takes {@code data} as is (no copy, no checks): for this package's own records, e.g. decoded ones. */
    KinesisRecord(String partitionKey, String explicitHashKey, byte[] data) {
        this.partitionKey = partitionKey;
        this.explicitHashKey = explicitHashKey;
        this.data = data;
    }

    /**
     * A record placed by the MD5 of {@code partitionKey}.
     *
     * @param partitionKey 1 to 256 characters of valid Unicode; null for a random key, as {@code send(byte[])}
     * @param data the payload, copied; may be empty, not null
     * @throws InvalidRecordException naming {@code partitionKey} or {@code data}
     */
    public static KinesisRecord of(String partitionKey, byte[] data) {
        if (partitionKey != null) {
            RecordValidator.requireValidKey(partitionKey);
        }
        RecordValidator.requireData(data);
        return new KinesisRecord(partitionKey, null, data.clone());
    }

    /** A record with a random partition key, as {@code send(byte[])} sends it. */
    public static KinesisRecord of(byte[] data) {
        return of(null, data);
    }

    /**
     * The same record, placed by {@code explicitHashKey} instead of the partition key's MD5.
     *
     * @param explicitHashKey a decimal integer from 0 to 2^128-1 without leading zeros; null to remove it
     * @throws InvalidRecordException naming {@code explicitHashKey} if it is malformed, or if this record has a random
     *                                key (Kinesis needs a partition key with it; give one with {@link #of(String, byte[])})
     */
    public KinesisRecord withExplicitHashKey(String explicitHashKey) {
        if (explicitHashKey != null) {
            RecordValidator.parseValidExplicitHashKey(explicitHashKey);
            if (partitionKey == null) {
                throw new InvalidRecordException("explicitHashKey needs a partitionKey: this record has a random key "
                        + "(KinesisRecord.of(data)); build it with KinesisRecord.of(partitionKey, data) (Kinesis stores "
                        + "the key; the explicit hash key alone places the record)");
            }
        }
        return new KinesisRecord(partitionKey, explicitHashKey, data);
    }

    /** {@link #withExplicitHashKey(String)} for a hash key held as a number (0 to 2^128-1). */
    public KinesisRecord withExplicitHashKey(BigInteger explicitHashKey) {
        return withExplicitHashKey(explicitHashKey == null ? null : explicitHashKey.toString());
    }

    /** The partition key, or null: a random key is used, as by {@code send(byte[])}. */
    public String partitionKey() {
        return partitionKey;
    }

    /** The explicit hash key in decimal, or null: the record is placed by the partition key's MD5. */
    public String explicitHashKey() {
        return explicitHashKey;
    }

    /** A copy of the payload. */
    public byte[] data() {
        return data.clone();
    }

    /** The payload decoded as UTF-8 (for tests and logs of text payloads). */
    public String dataAsUtf8() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** The payload's length in bytes. */
    public int dataLength() {
        return data.length;
    }

    /**
     * The 128-bit hash key Kinesis places this record by: the explicit hash key, else the MD5 of the partition key's
     * UTF-8 bytes as an unsigned number. The shard whose hash key range holds it receives the record (on streams that
     * place records by key). Null for a random key.
     */
    public BigInteger hashKey() {
        if (explicitHashKey != null) {
            return new BigInteger(explicitHashKey);
        }
        return partitionKey == null ? null : HashKey.ofPartitionKey(partitionKey).toBigInteger();
    }

    /** The payload without a copy, for the producer in this package (which never changes it). */
    byte[] dataNoCopy() {
        return data;
    }

    /** Equal when partition key, explicit hash key and data (by content) are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof KinesisRecord r && Objects.equals(partitionKey, r.partitionKey)
                && Objects.equals(explicitHashKey, r.explicitHashKey) && Arrays.equals(data, r.data);
    }

    @Override
    public int hashCode() {
        return (Objects.hashCode(partitionKey) * 31 + Objects.hashCode(explicitHashKey)) * 31 + Arrays.hashCode(data);
    }

    /** Keys and the data's length; never the payload (it may be sensitive, and this ends up in logs). */
    @Override
    public String toString() {
        return "KinesisRecord[partitionKey=" + (partitionKey == null ? "(random)" : partitionKey)
                + (explicitHashKey == null ? "" : ", explicitHashKey=" + explicitHashKey) + ", data=" + data.length
                + " bytes]";
    }
}
