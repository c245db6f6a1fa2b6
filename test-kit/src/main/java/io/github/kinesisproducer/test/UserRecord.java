package io.github.kinesisproducer.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One user record as a consumer sees it after deaggregation, read back by {@link RecordReader}.
 *
 * @param shardId the shard that stored it
 * @param sequenceNumber the sequence number of the Kinesis record that carries it
 * @param subSequenceNumber its position inside that KPL aggregate; 0 for a plain record
 * @param aggregated true if it came inside a KPL aggregate
 * @param partitionKey its partition key (inside an aggregate: its own; a keyless send's is the random key used)
 * @param explicitHashKey its explicit hash key if it was aggregated with one, else null (Kinesis does not return the
 *                        explicit hash key of a plain record)
 * @param data the payload (copied in and out)
 * @param approximateArrivalTimestamp when Kinesis stored the Kinesis record that carries it
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out, compared by content: equals and hashCode below
public record UserRecord(String shardId, String sequenceNumber, long subSequenceNumber, boolean aggregated,
        String partitionKey, String explicitHashKey, byte[] data, Instant approximateArrivalTimestamp) {

    public UserRecord {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        Objects.requireNonNull(partitionKey, "partitionKey");
        data = data.clone();
    }

    /** A copy of the payload. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    public String dataAsUtf8() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** Equal when every component is, the data by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof UserRecord r && shardId.equals(r.shardId) && sequenceNumber.equals(r.sequenceNumber)
                && subSequenceNumber == r.subSequenceNumber && aggregated == r.aggregated
                && partitionKey.equals(r.partitionKey) && Objects.equals(explicitHashKey, r.explicitHashKey)
                && Arrays.equals(data, r.data) && Objects.equals(approximateArrivalTimestamp, r.approximateArrivalTimestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(shardId, sequenceNumber, subSequenceNumber, partitionKey, Arrays.hashCode(data));
    }

    /** Where it is and its keys; the payload's length only. */
    @Override
    public String toString() {
        return "UserRecord[" + shardId + ", seq=" + sequenceNumber + (aggregated ? "/" + subSequenceNumber : "")
                + ", partitionKey=" + partitionKey + (explicitHashKey == null ? "" : ", explicitHashKey=" + explicitHashKey)
                + ", " + data.length + " bytes]";
    }
}
