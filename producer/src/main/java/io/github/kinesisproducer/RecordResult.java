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

    /**
     * True if Kinesis may hold another copy of this record besides the one this result names, so consumers may read it
     * twice: an earlier attempt got no answer (a timeout, a lost connection: it may have been stored), or an earlier
     * copy was stored inside a KPL aggregate on a shard that does not cover the record (error code {@code WrongShard}:
     * after a reshard, or on a stream that places records itself). The KCL drops such an aggregate, so a KCL
     * reader sees the record once; readers that do not filter by hash range (Lambda deaggregators, plain GetRecords
     * readers) see both copies. Each such attempt says {@link Attempt#outcomeUnknown()}.
     */
    public boolean mayHaveBeenStoredTwice() {
        for (Attempt a : attempts) {
            if (a.outcomeUnknown()) {
                return true;
            }
        }
        return false;
    }
}
