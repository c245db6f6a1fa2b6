package io.github.kinesisproducer.interop;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A user record as a deaggregator hands it to the application.
 *
 * @param partitionKey      the user record's partition key
 * @param explicitHashKey   its explicit hash key as the deaggregator reports it, or null
 * @param data              the user data
 * @param sequenceNumber    the enclosing Kinesis record's sequence number
 * @param subSequenceNumber position inside the aggregate, or null for a plain (non-aggregated) record
 */
public record UserRecord(String partitionKey, String explicitHashKey, byte[] data, String sequenceNumber,
                         Long subSequenceNumber) {

    /** True iff it came out of an aggregate. */
    public boolean aggregated() {
        return subSequenceNumber != null;
    }

    /** The same record without the deaggregator-specific fields, for comparing what the user sent. */
    public UserRecord payloadOnly() {
        return new UserRecord(partitionKey, explicitHashKey, data, null, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserRecord r && Objects.equals(partitionKey, r.partitionKey)
                && Objects.equals(explicitHashKey, r.explicitHashKey) && Arrays.equals(data, r.data)
                && Objects.equals(sequenceNumber, r.sequenceNumber)
                && Objects.equals(subSequenceNumber, r.subSequenceNumber);
    }

    @Override
    public int hashCode() {
        return Objects.hash(partitionKey, explicitHashKey, Arrays.hashCode(data), sequenceNumber, subSequenceNumber);
    }

    @Override
    public String toString() {
        String d = data.length <= 32 ? new String(data, StandardCharsets.ISO_8859_1) : data.length + " bytes";
        return "UserRecord[pk=" + partitionKey + ", ehk=" + explicitHashKey + ", data=" + d + ", seq="
                + sequenceNumber + ", sub=" + subSequenceNumber + "]";
    }
}
