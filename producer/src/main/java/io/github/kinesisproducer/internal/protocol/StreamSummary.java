package io.github.kinesisproducer.internal.protocol;

/**
 * What DescribeStreamSummary says about a stream that the producer uses (the record distribution strategy and max
 * record size) or shows (name, ARN, status, mode, open shards). Absent fields are null.
 */
public record StreamSummary(String streamName, String streamArn, String status, String streamMode,
        Integer openShardCount, String recordDistributionStrategy, Integer maxRecordSizeInKiB) {

    /** A summary with only the fields the producer acts on. */
    public static StreamSummary of(String recordDistributionStrategy, Integer maxRecordSizeInKiB) {
        return new StreamSummary(null, null, null, null, null, recordDistributionStrategy, maxRecordSizeInKiB);
    }
}
