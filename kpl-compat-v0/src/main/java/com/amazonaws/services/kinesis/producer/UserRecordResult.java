package com.amazonaws.services.kinesis.producer;

import java.util.List;

/**
 * The outcome of a user record: every attempt, and on success the shard and the sequence number of the Kinesis record
 * that carries it (user records aggregated together share one).
 */
public class UserRecordResult {
    private final List<Attempt> attempts;
    private final String sequenceNumber;
    private final String shardId;
    private final boolean successful;

    public UserRecordResult(List<Attempt> attempts, String sequenceNumber, String shardId, boolean successful) {
        this.attempts = attempts;
        this.sequenceNumber = sequenceNumber;
        this.shardId = shardId;
        this.successful = successful;
    }

    /** Every attempt to put the record, oldest first; on success the last one succeeded. */
    public List<Attempt> getAttempts() {
        return attempts;
    }

    /** The sequence number the record was stored with; null if it failed. */
    public String getSequenceNumber() {
        return sequenceNumber;
    }

    /** The shard the record was stored in; null if it failed. */
    public String getShardId() {
        return shardId;
    }

    public boolean isSuccessful() {
        return successful;
    }

    @Override
    public String toString() {
        return "UserRecordResult(successful=" + successful + ", shardId=" + shardId + ", sequenceNumber="
                + sequenceNumber + ", attempts=" + attempts + ")";
    }
}
