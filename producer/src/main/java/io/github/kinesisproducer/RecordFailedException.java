package io.github.kinesisproducer;

import java.util.List;

/**
 * The final failure of a user record, put into its future. Carries every attempt with its error
 * code and message.
 */
public class RecordFailedException extends KinesisProducerException {
    private static final long serialVersionUID = 1L;

    private final String errorCode;
    /** An array, not a List: it stays serializable with the exception. */
    private final Attempt[] attempts;
    private final boolean retriable;

    /**
     * Built by the producer; public so that test doubles (the test kit's {@code MockKinesisProducer.errorNext}) fail
     * futures as the producer does.
     *
     * @param errorCode the final error's code, e.g. {@code ProvisionedThroughputExceededException}
     * @param attempts every attempt, oldest first (copied); empty if the record was never sent
     * @param retriable see {@link #isRetriable()}
     * @param cause the underlying exception, or null
     */
    public RecordFailedException(String message, String errorCode, List<Attempt> attempts, boolean retriable,
            Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.attempts = attempts.toArray(new Attempt[0]);
        this.retriable = retriable;
    }

    /** The error code of the final failure, e.g. {@code ResourceNotFoundException} or {@code Expired}. */
    public String errorCode() {
        return errorCode;
    }

    /** Every attempt, oldest first. Empty if the record failed before it was ever sent. */
    public List<Attempt> attempts() {
        return List.of(attempts);
    }

    /**
     * True if resending the record later may succeed (throttling, service or network trouble,
     * expiry); false if it never will as is (validation, unknown stream, access denied).
     */
    public boolean isRetriable() {
        return retriable;
    }

    /**
     * True if an attempt went out but got no answer (a timeout, a lost connection), or was stored where a KCL reader
     * drops it ({@code WrongShard}, see {@link Attempt}): Kinesis may hold the record although it failed here, so
     * sending it again may store it twice. False if every attempt was answered or never left (then it was not stored).
     */
    public boolean mayHaveBeenStored() {
        for (Attempt a : attempts) {
            if (a.outcomeUnknown()) {
                return true;
            }
        }
        return false;
    }
}
