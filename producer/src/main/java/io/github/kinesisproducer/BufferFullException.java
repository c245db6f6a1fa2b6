package io.github.kinesisproducer;

/**
 * Thrown by {@code send} when the producer's buffer stayed full for the whole {@code maxBlock}
 * (or at once by {@code trySend}). The record was not accepted. Kinesis is slower than the
 * producer's callers: slow down, raise the stream's capacity, or raise {@code maxBufferedBytes}.
 */
public class BufferFullException extends KinesisProducerException {
    private static final long serialVersionUID = 1L;

    /** Public so that test doubles (the test kit's {@code MockKinesisProducer}) can throw it as the producer does. */
    public BufferFullException(String message) {
        super(message);
    }
}
