package io.github.kinesisproducer.interop;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A Kinesis record as a consumer reads it from one shard (GetRecords), for the deaggregators.
 *
 * @param partitionKey   the record's partition key ({@code "a"} for KPL-style aggregates)
 * @param data           the record's data: an aggregate or a plain record
 * @param sequenceNumber the record's sequence number (any string in offline tests)
 */
public record InteropRecord(String partitionKey, byte[] data, String sequenceNumber) {

    public InteropRecord {
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(data, "data");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InteropRecord r && partitionKey.equals(r.partitionKey) && Arrays.equals(data, r.data)
                && Objects.equals(sequenceNumber, r.sequenceNumber);
    }

    @Override
    public int hashCode() {
        return Objects.hash(partitionKey, Arrays.hashCode(data), sequenceNumber);
    }

    @Override
    public String toString() {
        return "InteropRecord[pk=" + partitionKey + ", seq=" + sequenceNumber + ", data="
                + Base64.getEncoder().encodeToString(data) + "]";
    }
}
