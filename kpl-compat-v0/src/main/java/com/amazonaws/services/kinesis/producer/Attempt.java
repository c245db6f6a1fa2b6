package com.amazonaws.services.kinesis.producer;

/**
 * One attempt to put a user record: how long it waited before the attempt, how long the request took, and how it
 * ended.
 */
public class Attempt {
    private final int delay;
    private final int duration;
    private final String errorMessage;
    private final String errorCode;
    private final boolean success;

    public Attempt(int delay, int duration, String errorMessage, String errorCode, boolean success) {
        this.delay = delay;
        this.duration = duration;
        this.errorMessage = errorMessage;
        this.errorCode = errorCode;
        this.success = success;
    }

    /**
     * Milliseconds between the end of the previous attempt (for the first, the moment the record was added) and the
     * start of this one: buffering and backoff.
     */
    public int getDelay() {
        return delay;
    }

    /** Milliseconds the request took. */
    public int getDuration() {
        return duration;
    }

    /** The error message; null on success. */
    public String getErrorMessage() {
        return errorMessage;
    }

    /**
     * The error code, e.g. {@code ProvisionedThroughputExceededException}, {@code Expired}; null on success. Codes of
     * this module's own: {@code BufferFull} (the memory bound stayed full).
     */
    public String getErrorCode() {
        return errorCode;
    }

    public boolean isSuccessful() {
        return success;
    }

    @Override
    public String toString() {
        return success ? "Attempt(ok, delay=" + delay + " ms, duration=" + duration + " ms)"
                : "Attempt(" + errorCode + ": " + errorMessage + ", delay=" + delay + " ms, duration=" + duration
                        + " ms)";
    }
}
