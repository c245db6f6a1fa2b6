package io.github.kinesisproducer;

import io.github.kinesisproducer.internal.engine.RecordValidator;
import io.github.kinesisproducer.internal.shards.HashKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One user record, for {@link Producer#send(KinesisRecord)}: a partition key, an optional explicit hash key, the
 * data and an optional target stream, each named, so that the strings cannot be swapped as in
 * {@code send(String, String, byte[])}.
 *
 * <pre>{@code
 * producer.send(KinesisRecord.of("order-17", payload));                       // placed by the key's MD5
 * producer.send(KinesisRecord.of("order-17", payload).withExplicitHashKey(h)); // placed by the hash key h
 * producer.send(KinesisRecord.of(payload));                                   // a random key, as send(byte[])
 * producer.send(KinesisRecord.of("order-17", payload).withStream("orders"));  // to this stream, not the default
 * }</pre>
 *
 * <p>Immutable: the data is copied when the record is built and {@link #data()} returns a copy, so the caller may
 * reuse its array at once. The checks that no setting changes (the partition key's length and text, the explicit hash
 * key's form, data present) run when the record is built and throw {@link InvalidRecordException} naming the part
 * that is wrong; the ones that depend on the producer's settings (size, delimiter) run at {@code send}, or with
 * {@link RecordValidation}.
 *
 * <p>Not a Java {@code record} on purpose: parts added later come as further {@code with...} methods (as the target
 * stream did), and code that builds records keeps compiling.
 */
public final class KinesisRecord {
    private final String partitionKey;
    private final String explicitHashKey;
    private final byte[] data;
    private final String stream;

    /** Takes {@code data} as is (no copy, no checks): for this package's own records, e.g. decoded ones. */
    KinesisRecord(String partitionKey, String explicitHashKey, byte[] data) {
        this(partitionKey, explicitHashKey, data, null);
    }

    private KinesisRecord(String partitionKey, String explicitHashKey, byte[] data, String stream) {
        this.partitionKey = partitionKey;
        this.explicitHashKey = explicitHashKey;
        this.data = data;
        this.stream = stream;
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
        return new KinesisRecord(partitionKey, explicitHashKey, data, stream);
    }

    /**
     * The same record, for {@code stream} instead of the producer's default stream ({@code stream_name}): one producer
     * writes to any number of streams, each with its own shard map and limits, within one memory budget.
     *
     * @param stream a stream name ({@code [a-zA-Z0-9_.-]}, 1 to 128 characters), or a stream ARN
     *               ({@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME}, for another account's stream in the producer's
     *               region: requests then carry {@code StreamARN}); null for the producer's default stream
     * @throws InvalidRecordException naming {@code stream} if it is neither
     */
    public KinesisRecord withStream(String stream) {
        if (stream != null) {
            RecordValidator.requireValidStream(stream);
        }
        return new KinesisRecord(partitionKey, explicitHashKey, data, stream);
    }

    /** {@link #withExplicitHashKey(String)} for a hash key held as a number (0 to 2^128-1). */
    public KinesisRecord withExplicitHashKey(BigInteger explicitHashKey) {
        return withExplicitHashKey(explicitHashKey == null ? null : explicitHashKey.toString());
    }

    /** The stream this record goes to (a name or an ARN), or null: the producer's default stream. */
    public String stream() {
        return stream;
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

    /** Equal when stream, partition key, explicit hash key and data (by content) are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof KinesisRecord r && Objects.equals(partitionKey, r.partitionKey)
                && Objects.equals(explicitHashKey, r.explicitHashKey) && Arrays.equals(data, r.data)
                && Objects.equals(stream, r.stream);
    }

    @Override
    public int hashCode() {
        int h = (Objects.hashCode(partitionKey) * 31 + Objects.hashCode(explicitHashKey)) * 31 + Arrays.hashCode(data);
        return stream == null ? h : h * 31 + stream.hashCode();
    }

    /** Stream, keys and the data's length; never the payload (it may be sensitive, and this ends up in logs). */
    @Override
    public String toString() {
        return "KinesisRecord[" + (stream == null ? "" : "stream=" + stream + ", ") + "partitionKey="
                + (partitionKey == null ? "(random)" : partitionKey)
                + (explicitHashKey == null ? "" : ", explicitHashKey=" + explicitHashKey) + ", data=" + data.length
                + " bytes]";
    }
}
