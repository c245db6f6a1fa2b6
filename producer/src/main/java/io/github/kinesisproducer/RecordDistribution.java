package io.github.kinesisproducer;

/**
 * How the stream places records on its shards (Kinesis's {@code RecordDistributionStrategy}), as the
 * {@code record_distribution} setting and as what the producer detected ({@link ProducerListener#recordDistributionDetected},
 * {@link ProducerMetrics#recordDistribution()}).
 */
public enum RecordDistribution {
    /**
     * As a setting (the default): read the stream's strategy with {@code DescribeStreamSummary} at start-up, every
     * {@code record_distribution_check_interval}, and whenever a record lands on a shard that does not cover its key;
     * when it cannot be read (access denied, timeouts), tell it from where records land. As a detected value: not
     * known yet (the producer acts as for {@link #USER_PARTITION_KEY} until records show otherwise).
     */
    DETECT,
    /**
     * Kinesis places every record on a shard of its own choosing and ignores partition keys and explicit hash keys
     * (on-demand streams only). KPL aggregation is not possible (the KCL drops aggregates that land on a shard not
     * covering their records), records need no partition key, and no key keeps its order. As a setting: treat the
     * stream so from the start, without calling {@code DescribeStreamSummary}.
     */
    AUTO,
    /**
     * Kinesis places each record on the shard whose hash range holds its key (the partition key's MD5 or the
     * explicit hash key): the classic behaviour. As a setting: aggregate per predicted shard without calling
     * {@code DescribeStreamSummary}; if records land off their keys' shards anyway, the producer still adapts as for
     * {@link #AUTO}.
     */
    USER_PARTITION_KEY;

    /** Parses {@code detect}, {@code auto} or {@code user_partition_key} (case-insensitive). */
    public static RecordDistribution parse(String value) {
        for (RecordDistribution d : values()) {
            if (d.name().equalsIgnoreCase(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException("record_distribution must be one of detect, auto, user_partition_key; got '"
                + value + "'");
    }
}
