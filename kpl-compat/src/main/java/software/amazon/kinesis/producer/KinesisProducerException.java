package software.amazon.kinesis.producer;

/**
 * A record's failure as the KPL reports it in a future (checked, as in the KPL), with the {@link UserRecord} when
 * {@code ReturnUserRecordOnFailure} is on.
 */
public class KinesisProducerException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient UserRecord userRecord;

    public KinesisProducerException(Throwable cause, UserRecord userRecord) {
        super(cause);
        this.userRecord = userRecord;
    }

    public KinesisProducerException(String message, UserRecord userRecord) {
        super(message);
        this.userRecord = userRecord;
    }

    public KinesisProducerException(String message) {
        this(message, (UserRecord) null);
    }

    public KinesisProducerException(UserRecord userRecord) {
        this.userRecord = userRecord;
    }

    /** The record that failed, if {@code ReturnUserRecordOnFailure} was on; else null. */
    public UserRecord getUserRecord() {
        return userRecord;
    }
}
