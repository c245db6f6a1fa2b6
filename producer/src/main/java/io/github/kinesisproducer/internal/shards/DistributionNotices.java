package io.github.kinesisproducer.internal.shards;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.IncompatibleStreamException;
import io.github.kinesisproducer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the producer says when it learns how the stream places records: what it does now, and what that costs. */
public final class DistributionNotices {
    private static final Logger LOG = LoggerFactory.getLogger("io.github.kinesisproducer.RecordDistribution");

    private DistributionNotices() {
    }

    /** The text of the log line and of the listener event. */
    public static String adapted(ProducerConfig config, String streamName, boolean auto, String source,
            boolean wasServicePlaced) {
        String stream = "Stream '" + streamName + "'";
        if (!auto) {
            return stream + " places records by partition key (RecordDistributionStrategy USER_PARTITION_KEY, "
                    + from(source, false) + ")" + (wasServicePlaced
                            ? ": KPL aggregation and per-shard rate limits resume with the next shard map." : ".");
        }
        StringBuilder b = new StringBuilder(stream).append(" places records itself (RecordDistributionStrategy AUTO, ")
                .append(from(source, true)).append("). The producer adapted: ");
        switch (config.aggregation()) {
            case KPL -> b.append("KPL aggregation is off (the KCL drops aggregates that land on a shard not holding "
                    + "all their records), so each user record is its own Kinesis record; ");
            case DELIMITED -> b.append("delimited records are still joined (they do not depend on placement); ");
            case NONE -> b.append("records go one per Kinesis record as before; ");
        }
        b.append("records sent without a key go without one, explicit hash keys are ignored, and rate limits apply to "
                + "the stream as a whole instead of per shard. ");
        if (config.aggregation() == Aggregation.DELIMITED) {
            b.append("Cost: unchanged (on-demand streams bill each Kinesis record rounded up to 1 KB).");
        } else {
            b.append("Cost: on-demand streams bill each record rounded up to 1 KB, so small records cost more ")
                    .append(config.aggregation() == Aggregation.KPL ? "than aggregated ones did" : "than their size")
                    .append("; aggregation=delimited packs records into fewer Kinesis records on such a stream, if "
                            + "your consumers can split them on the delimiter.");
        }
        if (DistributionTracker.FROM_PLACEMENT.equals(source)) {
            b.append(" Records of aggregates that landed off their records' shards are sent again one by one: their "
                    + "results say mayHaveBeenStoredTwice() (the KCL reads them once, readers that do not filter by "
                    + "hash range twice).");
        }
        return b.toString();
    }

    public static String strictOrderingRefused(ProducerConfig config, String stream, String source) {
        return "strict_ordering cannot be kept on stream '" + stream + "'"
                + (config.region() == null ? "" : " in " + config.region())
                + ": it places each record on a shard of its own choosing (RecordDistributionStrategy AUTO, "
                + from(source, true) + "), so no key keeps its order. This producer sends nothing more to it: records not "
                + "sent yet fail with " + IncompatibleStreamException.ERROR_CODE + " and new sends to it are refused; "
                + "records in flight complete. Turn strict_ordering off (no order promise), or switch the stream back to "
                + "USER_PARTITION_KEY (UpdateStreamRecordDistributionStrategy) and start a new producer.";
    }

    /**
     * One line per change: an error if strict ordering is refused, a warning when the producer adapts to a change of
     * the stream, information when it starts so because of the setting; what changes nothing is debug.
     */
    public static void log(boolean auto, String source, boolean wasServicePlaced, boolean refused, String detail) {
        boolean setting = DistributionTracker.FROM_SETTING.equals(source);
        if (refused) {
            LOG.error(detail);
        } else if (auto != wasServicePlaced && !setting) {
            LOG.warn(detail);
        } else if (auto && setting) {
            LOG.info(detail);
        } else {
            LOG.debug(detail);
        }
    }

    private static String from(String source, boolean auto) {
        return switch (source) {
            case DistributionTracker.FROM_SUMMARY -> "read with DescribeStreamSummary";
            case DistributionTracker.FROM_PLACEMENT -> auto
                    ? "seen from where records landed: on shards that do not hold their keys"
                    : "seen from where records landed: on their keys' shards";
            case DistributionTracker.FROM_KEYLESS_REFUSED -> "seen from Kinesis refusing records without a partition "
                    + "key; they are sent again with one";
            default -> "set by record_distribution";
        };
    }
}
