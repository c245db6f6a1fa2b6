package software.amazon.kinesis.producer;

/**
 * In the KPL, a message from its native daemon of a type it did not expect. Kept so that code catching it compiles;
 * nothing here throws it (there is no daemon).
 */
public class UnexpectedMessageException extends KinesisProducerException {
    private static final long serialVersionUID = 1L;

    public UnexpectedMessageException(String message) {
        super(message);
    }

    public UnexpectedMessageException(String message, UserRecord userRecord) {
        super(message, userRecord);
    }
}
