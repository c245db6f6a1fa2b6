package io.github.kinesisproducer;

import io.github.kinesisproducer.internal.engine.RecordValidator;
import java.util.Objects;

/**
 * The checks {@code send} makes, without a producer: for test doubles (the test kit's {@code MockKinesisProducer}
 * uses it, so a unit test catches the keys and sizes the real producer would refuse) and for code that validates its
 * input before sending. The same code runs inside {@link KinesisProducer}; errors are {@link InvalidRecordException}s
 * whose message starts with what was wrong ({@code stream}, {@code partitionKey}, {@code explicitHashKey},
 * {@code data}, or {@code record too large (data + partitionKey)}).
 *
 * <p>The size limit is the configuration's {@code max_record_size} (1 MiB unless set). A running producer whose
 * setting is unset takes its stream's own limit once {@code DescribeStreamSummary} has read it (up to 10 MiB), so it
 * may then accept larger records than this check does, never smaller ones.
 */
public final class RecordValidation {
    private final RecordValidator validator;

    private RecordValidation(RecordValidator validator) {
        this.validator = validator;
    }

    /** The checks of a producer built with {@code config} (its aggregation, delimiter and {@code max_record_size}). */
    public static RecordValidation of(ProducerConfig config) {
        return new RecordValidation(RecordValidator.forConfig(Objects.requireNonNull(config, "config")));
    }

    /**
     * As {@link Producer#send(KinesisRecord)}: the record's size and, in delimited mode, its data. (Its keys were
     * checked when it was built.)
     *
     * @throws InvalidRecordException if {@code send} would refuse it
     */
    public void check(KinesisRecord record) {
        Objects.requireNonNull(record, "record");
        validator.check(record.stream(), record.partitionKey(), record.explicitHashKey(), record.dataNoCopy(),
                record.partitionKey() == null);
    }

    /**
     * As {@link Producer#send(String, String, byte[])}, and as {@link Producer#send(String, byte[])} with a null
     * {@code explicitHashKey}: a null partition key is refused here, and so is any record when the configuration
     * names no stream.
     *
     * @throws InvalidRecordException if {@code send} would refuse it
     */
    public void check(String partitionKey, String explicitHashKey, byte[] data) {
        validator.check(null, partitionKey, explicitHashKey, data, false);
    }

    /**
     * As {@link Producer#sendTo(String, String, String, byte[])}, and as {@link Producer#sendTo(String, String,
     * byte[])} with a null {@code explicitHashKey}: the stream must be a stream name or ARN.
     *
     * @throws InvalidRecordException if {@code sendTo} would refuse it
     */
    public void checkSendTo(String stream, String partitionKey, String explicitHashKey, byte[] data) {
        validator.check(Objects.requireNonNull(stream, "stream"), partitionKey, explicitHashKey, data, false);
    }

    /**
     * As {@link Producer#send(byte[])} (a random key, counted at its longest, 12 bytes, against the size limit).
     *
     * @throws InvalidRecordException if {@code send} would refuse it
     */
    public void checkKeyless(byte[] data) {
        validator.check(null, null, null, data, true);
    }
}
