package io.github.kinesisproducer.internal.protocol;

import java.util.List;

/**
 * One PutRecords call as the engine builds it: the stream (by name, or by ARN for another account's stream; Kinesis
 * takes either) and its Kinesis records, in order. The producer's own type
 * (not the SDK's model class), so the engine needs no SDK service module; {@code SdkTransport} converts it for an SDK
 * client. The record data arrays are the engine's own and are not copied.
 */
public record PutRecordsRequest(String streamName, String streamArn, List<PutRecordsRequest.Entry> records) {
    /** One Kinesis record: a partition key (null only on a stream that places records itself), an optional explicit
     * hash key (decimal) and the data. */
    @SuppressWarnings("ArrayRecordComponent") // the engine's own data array, passed on without a copy; entries are never compared
    public record Entry(String partitionKey, String explicitHashKey, byte[] data) {
    }

    public PutRecordsRequest {
        records = List.copyOf(records);
    }

    /** A call to the stream of this name. */
    public static PutRecordsRequest of(String streamName, List<Entry> records) {
        return new PutRecordsRequest(streamName, null, records);
    }

    /** A call to a stream named by name or by ARN ({@link StreamIds#isArn}): an ARN goes as {@code StreamARN}. */
    public static PutRecordsRequest to(String stream, List<Entry> records) {
        return StreamIds.isArn(stream) ? new PutRecordsRequest(null, stream, records)
                : new PutRecordsRequest(stream, null, records);
    }
}
