package io.github.kinesisproducer.flink;

import io.github.kinesisproducer.Attempt;
import io.github.kinesisproducer.KinesisProducerException;
import io.github.kinesisproducer.RecordFailedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A record the producer gave up on, as the sink hands it to a {@link FailedRecordHandler} and names it in a
 * {@link RecordNotDeliveredException}: the serialized record (the element itself may have been reused by Flink
 * since), where it was going, and why it failed.
 */
public final class FailedRecord {
    /** The error code of a record refused before it was sent ({@code InvalidRecordException}: bad key, too large). */
    public static final String INVALID_RECORD = "InvalidRecord";

    private final String stream;
    private final String partitionKey;
    private final String explicitHashKey;
    private final byte[] data;
    private final KinesisProducerException error;

    /**
     * @param stream the target stream
     * @param partitionKey the record's partition key; null for a random one
     * @param explicitHashKey its explicit hash key, or null
     * @param data its serialized data (not copied), or null when the sink did not keep it (no handler)
     * @param error why it failed: a {@link RecordFailedException}, or the producer's refusal
     */
    public FailedRecord(String stream, String partitionKey, String explicitHashKey, byte[] data,
            KinesisProducerException error) {
        this.stream = stream;
        this.partitionKey = partitionKey;
        this.explicitHashKey = explicitHashKey;
        this.data = data;
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The stream the record was for. */
    public String stream() {
        return stream;
    }

    /** The partition key, or null if the record had a random one. */
    public String partitionKey() {
        return partitionKey;
    }

    /** The explicit hash key, or null. */
    public String explicitHashKey() {
        return explicitHashKey;
    }

    /** The serialized record (the array the sink sent; do not change it). */
    public byte[] data() {
        return data;
    }

    /** Why it failed: usually a {@link RecordFailedException} with every attempt. */
    public KinesisProducerException error() {
        return error;
    }

    /**
     * The final error code: the Kinesis error ({@code AccessDeniedException}, {@code Expired} when {@code record_ttl}
     * ran out, ...), {@link #INVALID_RECORD} for a record refused before sending, or the exception's simple class name.
     */
    public String errorCode() {
        if (error instanceof RecordFailedException f) {
            return f.errorCode();
        }
        if (error instanceof io.github.kinesisproducer.InvalidRecordException) {
            return INVALID_RECORD;
        }
        return error.getClass().getSimpleName();
    }

    /** Every PutRecords attempt, oldest first; empty if the record was never sent. */
    public List<Attempt> attempts() {
        return error instanceof RecordFailedException f ? f.attempts() : List.of();
    }

    /** One line for logs and error messages: stream, key, error code, attempts; never the payload. */
    public String describe() {
        List<Attempt> attempts = attempts();
        String last = attempts.isEmpty() ? error.getMessage() : attempts.get(attempts.size() - 1).toString();
        return "record with partition key " + (partitionKey == null ? "(random)" : "'" + partitionKey + "'")
                + (explicitHashKey == null ? "" : " and explicit hash key " + explicitHashKey) + " for stream '"
                + stream + "'" + (data == null ? "" : " (" + data.length + " bytes)") + " failed with error code "
                + errorCode() + " after " + attempts.size() + (attempts.size() == 1 ? " attempt" : " attempts")
                + " (last: " + last + ")";
    }

    /** The data as UTF-8 text, for handlers of text payloads; null if the sink did not keep the data. */
    public String dataAsUtf8() {
        return data == null ? null : new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "FailedRecord[" + describe() + "]";
    }
}
