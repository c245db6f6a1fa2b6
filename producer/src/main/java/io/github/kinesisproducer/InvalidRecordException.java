package io.github.kinesisproducer;

/**
 * Thrown by {@code send} when a record can never be put as given (bad partition key, bad explicit
 * hash key, too large). Nothing was buffered; other records are not affected.
 */
public class InvalidRecordException extends IllegalArgumentException {
    public InvalidRecordException(String message) {
        super(message);
    }
}
