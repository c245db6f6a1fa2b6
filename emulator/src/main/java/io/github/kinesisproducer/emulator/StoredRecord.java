package io.github.kinesisproducer.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record as Kinesis stored it, read back by {@link StreamAdmin#readAll(String)}.
 *
 * <p>There is no explicit hash key: GetRecords does not return it, so tests can only check where a record landed
 * through {@link #shardId()}.
 *
 * @param approximateArrivalTimestamp as reported by the service (kinesalite: for records put shortly after a split,
 *                                    up to 1 s in the future, because it dates child shards 1 s ahead)
 */
@SuppressWarnings("ArrayRecordComponent") // the data as read back; compare records by their fields
public record StoredRecord(String shardId, String sequenceNumber, String partitionKey, byte[] data,
                           Instant approximateArrivalTimestamp) {

    public StoredRecord {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        Objects.requireNonNull(partitionKey, "partitionKey");
        data = data.clone();
    }

    /** A copy of the payload bytes (records stay immutable). */
    @Override
    public byte[] data() {
        return data.clone();
    }

    public String dataAsUtf8() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredRecord r && shardId.equals(r.shardId) && sequenceNumber.equals(r.sequenceNumber)
                && partitionKey.equals(r.partitionKey) && Arrays.equals(data, r.data)
                && Objects.equals(approximateArrivalTimestamp, r.approximateArrivalTimestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(shardId, sequenceNumber, partitionKey, Arrays.hashCode(data), approximateArrivalTimestamp);
    }

    @Override
    public String toString() {
        return "StoredRecord{" + shardId + ", seq=" + sequenceNumber + ", key=" + partitionKey + ", " + data.length
                + " bytes, arrived=" + approximateArrivalTimestamp + '}';
    }
}
