package io.github.kinesisproducer.faults;

import java.util.Map;

/**
 * What a fault test measured.
 *
 * @param failedButStored failed records found in the stream anyway (a timed-out or aborted request was stored)
 * @param foreign stored user records that are not ours (must be 0)
 * @param keyMismatch stored user records whose partition key differs from the one sent (must be 0)
 * @param outOfShardRange sub-records outside the hash range of the shard holding their aggregate (must be 0)
 * @param outcomeUnknown records with a failed attempt of unknown outcome (timeout, connection lost, close deadline)
 * @param unexplainedDuplicates duplicated records without such an attempt (must be 0)
 * @param unexplainedFailedButStored failed-but-stored records without such an attempt (must be 0)
 */
record Outcome(long sent, long acked, Map<String, Long> failedByCode, long unresolved, long lost,
        long duplicated, long extraCopies, long failedButStored, long storedUserRecords, long foreign,
        long keyMismatch, long outOfShardRange, long outcomeUnknown, long unexplainedDuplicates,
        long unexplainedFailedButStored) {
    long failed() {
        return failedByCode.values().stream().mapToLong(Long::longValue).sum();
    }
}
