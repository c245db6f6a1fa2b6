package software.amazon.kinesis.producer;

/** The future of a record did not complete within {@code UserRecordTimeoutInMillis}. */
public class FutureTimedOutException extends KinesisProducerException {
    private static final long serialVersionUID = 1L;

    public FutureTimedOutException(String message, UserRecord userRecord) {
        super(message, userRecord);
    }
}
