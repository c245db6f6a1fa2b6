package io.github.kinesisproducer;

/** {@code send} after {@code close}, or a record that was still buffered when a deadline-bounded close ran out. */
public class ProducerClosedException extends KinesisProducerException {
    private static final long serialVersionUID = 1L;

    /** Public so that test doubles (the test kit's {@code MockKinesisProducer}) can throw it as the producer does. */
    public ProducerClosedException(String message) {
        super(message);
    }

    public ProducerClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
