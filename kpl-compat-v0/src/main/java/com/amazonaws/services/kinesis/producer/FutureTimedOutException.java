package com.amazonaws.services.kinesis.producer;

/** The future of a record did not complete within {@code UserRecordTimeoutInMillis}. */
public class FutureTimedOutException extends Exception {
    private static final long serialVersionUID = 1L;

    public FutureTimedOutException(String message) {
        super(message);
    }
}
