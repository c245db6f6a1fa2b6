package io.github.kinesisproducer;

/**
 * Thrown by {@code send} when a record can never be put as given (bad partition key, bad explicit hash key, bad data,
 * too large). Nothing was buffered; other records are not affected. The message starts with what was wrong:
 * {@code partitionKey}, {@code explicitHashKey}, {@code data}, or {@code record too large (data + partitionKey)}.
 * {@link RecordValidation} makes the same checks without a producer.
 *
 * <p>A {@link KinesisProducerException} like every error of this library (it was an {@code IllegalArgumentException}
 * before 0.1.0). Public constructor: test doubles throw it as the producer does.
 */
public class InvalidRecordException extends KinesisProducerException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }
}
