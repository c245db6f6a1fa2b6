package io.github.kinesisproducer;

/**
 * The stream turned out to be one this producer's settings cannot serve as promised: a {@code strict_ordering}
 * producer on a stream that places records itself ({@code RecordDistributionStrategy} AUTO), where no key keeps its
 * order. Thrown by {@code send} once the producer knows; records it held but had not sent fail with a
 * {@link RecordFailedException} (error code {@link #ERROR_CODE}, not retriable) that carries this as its cause.
 * The message names the stream, its strategy and what to do. Records already in flight complete with their real
 * outcome.
 */
public class IncompatibleStreamException extends KinesisProducerException {
    private static final long serialVersionUID = 1L;

    /** The error code of the records that fail for this reason. */
    public static final String ERROR_CODE = "StrictOrderingOnAutoStream";

    public IncompatibleStreamException(String message) {
        super(message);
    }
}
