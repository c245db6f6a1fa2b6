package io.github.kinesisproducer;

/** How user records are packed into Kinesis records. */
public enum Aggregation {
    /**
     * The KPL aggregated-record format (magic + protobuf + MD5), readable by the KCL and the Lambda
     * deaggregation libraries. Only records predicted for the same shard are packed together, so the
     * KCL never drops an aggregate.
     */
    KPL,
    /**
     * The original Python {@code kinesis_producer} behaviour: user records, each followed by the
     * delimiter, concatenated into one Kinesis record. Consumers must split on the delimiter, so
     * payloads must not contain it.
     */
    DELIMITED,
    /** Every user record is its own Kinesis record (still batched into PutRecords calls). */
    NONE;

    /**
     * Parses {@code kpl}, {@code delimited} or {@code none} (case-insensitive).
     *
     * @throws ConfigException for any other value
     */
    public static Aggregation parse(String value) {
        for (Aggregation a : values()) {
            if (a.name().equalsIgnoreCase(value)) {
                return a;
            }
        }
        throw new ConfigException("aggregation must be one of kpl, delimited, none; got '" + value + "'");
    }
}
