package com.amazonaws.services.kinesis.producer;

/** The failure of a user record, with its {@link UserRecordResult} (the last attempt says why). */
public class UserRecordFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient UserRecordResult result;

    public UserRecordFailedException(UserRecordResult result) {
        this.result = result;
    }

    public UserRecordResult getResult() {
        return result;
    }

    /** The last attempt's error code and message (the KPL leaves this null; the result has the same). */
    @Override
    public String getMessage() {
        if (result == null || result.getAttempts() == null || result.getAttempts().isEmpty()) {
            return null;
        }
        Attempt last = result.getAttempts().get(result.getAttempts().size() - 1);
        return "Record failed after " + result.getAttempts().size() + " attempt(s): " + last.getErrorCode() + ": "
                + last.getErrorMessage();
    }
}
