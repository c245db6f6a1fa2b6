package software.amazon.kinesis.producer;

import java.util.List;

/**
 * The failure of a user record: its {@link UserRecordResult} with every attempt (the last one says why: e.g.
 * {@code Expired}, {@code ResourceNotFoundException}, {@code BufferFull}).
 */
public class UserRecordFailedException extends KinesisProducerException {
    private static final long serialVersionUID = 1L;
    private final transient UserRecordResult result;

    public UserRecordFailedException(UserRecordResult result, UserRecord userRecord) {
        super(userRecord);
        this.result = result;
    }

    public UserRecordFailedException(UserRecordResult result) {
        this(result, null);
    }

    public UserRecordResult getResult() {
        return result;
    }

    /** The last attempt's error code and message (the KPL leaves this null; the result has the same). */
    @Override
    public String getMessage() {
        List<Attempt> attempts = result == null ? null : result.getAttempts();
        if (attempts == null || attempts.isEmpty()) {
            return null;
        }
        Attempt last = attempts.get(attempts.size() - 1);
        return "Record failed after " + attempts.size() + (attempts.size() == 1 ? " attempt: " : " attempts: ")
                + last.getErrorCode() + ": " + last.getErrorMessage();
    }
}
