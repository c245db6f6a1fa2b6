package io.github.kinesisproducer.bench.sink;

/**
 * What a Kinesis record costs the user, by the published pricing rules (kinesis-facts.md §6, the Kinesis Data Streams
 * pricing page): provisioned mode bills PUT payload units of 25 KB per record, rounded up; on-demand mode bills data in
 * by the GB with each record rounded up to the next KB (1,024 bytes). A KB here is 1,024 bytes in both modes (the
 * pricing page's own example: a 1,000 KB record is 40 PUT payload units).
 *
 * <p>A record's size is its data (before base64) plus its partition key in UTF-8, as Kinesis counts it toward the record
 * size limit. The pricing page does not say whether the key counts; the sink therefore also keeps the units of the data
 * alone ({@code *DataOnly} counters), which differ only for records just below a unit boundary.
 */
public final class Billing {
    /** One PUT payload unit: 25 KB. */
    public static final int PUT_PAYLOAD_UNIT_BYTES = 25 * 1024;
    /** On-demand data in is billed per record in whole KB. */
    public static final int ON_DEMAND_UNIT_BYTES = 1024;
    /** The rule, as printed above the bench's billing table. */
    public static final String RULE = "per Kinesis record of size s = data + partition key (UTF-8 bytes):"
            + " provisioned PUT payload units = ceil(s / 25,600) (25 KB units), on-demand billed data = ceil(s / 1,024) KB;"
            + " every record counts at least one unit";

    private Billing() {
    }

    /** Provisioned mode: PUT payload units of one record of {@code recordBytes}. */
    public static long putPayloadUnits(long recordBytes) {
        return units(recordBytes, PUT_PAYLOAD_UNIT_BYTES);
    }

    /** On-demand mode: billed KB (1,024 bytes each) of one record of {@code recordBytes}. */
    public static long onDemandKb(long recordBytes) {
        return units(recordBytes, ON_DEMAND_UNIT_BYTES);
    }

    private static long units(long bytes, int unit) {
        if (bytes < 0) {
            throw new IllegalArgumentException("record size " + bytes + " < 0");
        }
        // An empty record still is a record: the pricing rounds every record up to at least one unit.
        return Math.max(1, (bytes + unit - 1) / unit);
    }
}
