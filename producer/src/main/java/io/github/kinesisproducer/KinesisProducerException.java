package io.github.kinesisproducer;

/**
 * Root of every exception this library throws or puts into a future for a reason of its own: a wrong setting
 * ({@link ConfigException}), a record that cannot be sent ({@link InvalidRecordException}), a full buffer
 * ({@link BufferFullException}), a closed producer ({@link ProducerClosedException}), a stream the settings cannot
 * serve ({@link IncompatibleStreamException}), a record that failed for good ({@link RecordFailedException}), or the
 * producer's own failure (this class). One {@code catch (KinesisProducerException e)} covers them all. Unchecked.
 *
 * <p>Outside it, by Java convention: a null where a value is required ({@link NullPointerException} naming it), an
 * inconsistent value object built directly (e.g. {@link Attempt}: {@link IllegalArgumentException}), a misused helper
 * (e.g. {@code MicrometerMetrics} bound twice: {@link IllegalStateException}), and {@link java.io.IOException} where a
 * method declares it ({@link ConfigFile#load}).
 */
public class KinesisProducerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KinesisProducerException(String message) {
        super(message);
    }

    public KinesisProducerException(String message, Throwable cause) {
        super(message, cause);
    }
}
