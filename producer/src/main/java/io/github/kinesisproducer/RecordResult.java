package io.github.kinesisproducer;

import java.util.List;

/**
 * The outcome of a successfully put user record.
 *
 * @param shardId the shard the record was stored in
 * @param sequenceNumber the sequence number of the Kinesis record that carries it
 * @param subSequenceNumber the record's position inside a KPL aggregate (0 when not aggregated)
 * @param attempts every attempt, oldest first; the last one succeeded
 */
public record RecordResult(String shardId, String sequenceNumber, long subSequenceNumber, List<Attempt> attempts) {
    public RecordResult {
        attempts = List.copyOf(attempts);
    }

    /** How many PutRecords attempts it took. */
    public int attemptCount() {
        return attempts.size();
    }
}
