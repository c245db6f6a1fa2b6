package io.github.kinesisproducer;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One PutRecords attempt for a record: when it started, how long it took, and how it ended.
 *
 * @param start when the request was sent (wall clock)
 * @param duration from sending the request to its response or error
 * @param errorCode the Kinesis error code, or an exception name for request-level failures; null on success
 * @param errorMessage the error message; null on success
 * @param outcomeUnknown true if the request went out but no answer came back (a timeout, a connection lost while
 *                       waiting, an unreadable success response): Kinesis may have stored the record. Also true for
 *                       error code {@code WrongShard}: Kinesis stored the record inside a KPL aggregate on a shard whose
 *                       hash range does not cover it (after a reshard, or on a stream that places records itself), so
 *                       the KCL drops that copy while readers that do not filter by range read it; the record was sent
 *                       again
 */
public record Attempt(Instant start, Duration duration, String errorCode, String errorMessage, boolean outcomeUnknown) implements java.io.Serializable {
    public Attempt {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        if (outcomeUnknown && errorCode == null) {
            throw new IllegalArgumentException("a successful attempt has a known outcome");
        }
    }

    /** An attempt with a known outcome: stored, or refused with {@code errorCode}. */
    public Attempt(Instant start, Duration duration, String errorCode, String errorMessage) {
        this(start, duration, errorCode, errorMessage, false);
    }

    /** True if this attempt put the record. */
    public boolean successful() {
        return errorCode == null;
    }

    @Override
    public String toString() {
        return successful()
                ? "Attempt[ok at " + start + " in " + duration.toMillis() + " ms]"
                : "Attempt[" + errorCode + ": " + errorMessage + (outcomeUnknown ? " (may have been stored)" : "")
                        + " at " + start + " in " + duration.toMillis() + " ms]";
    }
}
