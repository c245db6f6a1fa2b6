package io.github.kinesisproducer;

/** Root of the exceptions this library throws or puts into futures. Unchecked. */
public class KinesisProducerException extends RuntimeException {
    public KinesisProducerException(String message) {
        super(message);
    }

    public KinesisProducerException(String message, Throwable cause) {
        super(message, cause);
    }
}
