package com.amazonaws.services.kinesis.producer;

/**
 * In the KPL, a message from its native daemon of a type it did not expect. Kept so that code catching it compiles;
 * nothing here throws it (there is no daemon).
 */
public class UnexpectedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnexpectedMessageException(String message) {
        super(message);
    }
}
