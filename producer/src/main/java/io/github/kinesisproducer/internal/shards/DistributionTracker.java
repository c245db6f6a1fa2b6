package io.github.kinesisproducer.internal.shards;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.RecordDistribution;
import io.github.kinesisproducer.internal.protocol.KinesisErrors;
import io.github.kinesisproducer.internal.protocol.StreamSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows how the stream places records ({@code RecordDistributionStrategy}) and tells the engine when that changes.
 *
 * <p>With {@code record_distribution=detect} it reads the strategy with {@code DescribeStreamSummary} at start-up,
 * every {@code record_distribution_check_interval}, and soon after a record lands on a shard other than predicted.
 * Besides, where records land is evidence of its own: a record on a shard whose hash range (fixed for a shard id) does
 * not hold the key it was placed by proves that the stream ignores keys, so the producer acts as on an AUTO stream
 * at once, whether or not the strategy can be read. A later answer that says USER_PARTITION_KEY ends that only if
 * the read started after the last such evidence and was not asked for by it (an answer to the read the evidence
 * asked for may lag behind a switch). With {@code auto} or {@code user_partition_key} nothing is read; the evidence
 * still counts for {@code user_partition_key}. Sender thread only.
 */
public final class DistributionTracker {
    private static final Logger LOG = LoggerFactory.getLogger(DistributionTracker.class);
    static final String FROM_SUMMARY = "DescribeStreamSummary";
    static final String FROM_PLACEMENT = "placement";
    static final String FROM_SETTING = "record_distribution";
    static final String FROM_KEYLESS_REFUSED = "keyless-refused";

    /** Starts a DescribeStreamSummary call; {@link #onResult} must be called with its outcome. */
    public interface Loader {
        void load();
    }

    /** Told what the producer should act on now. */
    public interface Changes {
        /** The strategy to act on changed (or was first learnt): {@code AUTO} or {@code USER_PARTITION_KEY}. */
        void strategy(RecordDistribution strategy, String source, long nowNanos);

        /** The stream reported its max record size. */
        void maxRecordSizeKiB(int kib);
    }

    private final ProducerConfig config;
    private final String stream;
    private final Loader loader;
    private final Changes changes;
    /** Null unless detecting. */
    private final LoadSchedule schedule;
    private RecordDistribution acting = RecordDistribution.DETECT;
    private String source;
    private boolean settled;
    private long lastEvidenceNanos = Long.MIN_VALUE;
    /** A read was asked for by placement evidence and has not started yet. */
    private boolean readForEvidencePending;
    private boolean readForEvidence;
    private long readStartNanos;
    private String lastFailureCode;
    /** Records seen on the shards their keys predicted while the strategy is not known, and on how many shards. */
    private int keyHonoredCount;
    private final java.util.Set<String> keyHonoredShards = new java.util.HashSet<>();
    /** Records on their keys' shards that prove placement by key (on more than one shard: chance would not do it). */
    static final int KEY_PLACEMENT_PROOF = 16;

    /** For the config's default stream. */
    public DistributionTracker(ProducerConfig config, Loader loader, Changes changes) {
        this(config, config.streamName(), loader, changes);
    }

    /** @param stream the stream whose placement this tracks, for messages */
    public DistributionTracker(ProducerConfig config, String stream, Loader loader, Changes changes) {
        this.config = config;
        this.stream = stream;
        this.loader = loader;
        this.changes = changes;
        boolean detect = config.recordDistribution() == RecordDistribution.DETECT;
        this.schedule = detect ? new LoadSchedule(config.recordDistributionCheckInterval().toNanos()) : null;
        this.settled = !detect;
    }

    /** At the engine's first pass: a configured strategy is announced, a detected one read. */
    public void poll(long nowNanos) {
        if (schedule == null) {
            if (source == null) {
                set(config.recordDistribution(), FROM_SETTING, nowNanos);
            }
            return;
        }
        if (schedule.startIfDue(nowNanos)) {
            readForEvidence = readForEvidencePending;
            readForEvidencePending = false;
            readStartNanos = nowNanos;
            loader.load();
        }
    }

    /** True once the strategy was read or its first read failed, or when it is configured. */
    public boolean settled() {
        return settled;
    }

    /** What the producer acts on: AUTO, USER_PARTITION_KEY, or DETECT while not known. */
    RecordDistribution acting() {
        return acting;
    }

    public long nextWakeNanos() {
        return schedule == null ? Long.MAX_VALUE : schedule.nextWakeNanos();
    }

    /** A record landed on a shard other than predicted (a reshard, or the stream ignoring keys): read again soon. */
    public void landedElsewhere(long nowNanos) {
        if (schedule != null && !(acting == RecordDistribution.AUTO && FROM_SUMMARY.equals(source))) {
            readForEvidencePending = true;
            schedule.request(nowNanos);
        }
    }

    /** A record landed on a shard that does not hold its key: the stream places records itself. */
    public void keyIgnored(long nowNanos) {
        lastEvidenceNanos = nowNanos;
        if (acting != RecordDistribution.AUTO) {
            if (config.recordDistribution() == RecordDistribution.USER_PARTITION_KEY) {
                LOG.warn("record_distribution is user_partition_key, but stream '{}' put records on shards that do "
                        + "not hold their keys: it places records itself (RecordDistributionStrategy AUTO)",
                        stream);
            }
            set(RecordDistribution.AUTO, FROM_PLACEMENT, nowNanos);
            landedElsewhere(nowNanos);
        }
    }

    /** Kinesis refused a record without a partition key: the stream places records by key (again). */
    public void keysRequired(long nowNanos) {
        if (acting != RecordDistribution.USER_PARTITION_KEY) {
            if (config.recordDistribution() == RecordDistribution.AUTO) {
                LOG.warn("record_distribution is auto, but stream '{}' refuses records without a partition key: it "
                        + "places records by key (RecordDistributionStrategy USER_PARTITION_KEY)", stream);
            }
            set(RecordDistribution.USER_PARTITION_KEY, FROM_KEYLESS_REFUSED, nowNanos);
            if (schedule != null) {
                schedule.request(nowNanos);
            }
        }
    }

    /**
     * A plain record landed on the shard its key predicted. While the strategy is not known, enough of them on more
     * than one shard (or any on a stream of one shard, where nothing can land off its key) show placement by key: the
     * chance that a stream placing records itself puts {@value #KEY_PLACEMENT_PROOF} records on their keys' shards is
     * at most 2^-16.
     */
    public void keyHonored(String shardId, int openShards, long nowNanos) {
        if (acting != RecordDistribution.DETECT) {
            return;
        }
        keyHonoredCount++;
        keyHonoredShards.add(shardId);
        if (openShards == 1 || (keyHonoredCount >= KEY_PLACEMENT_PROOF && keyHonoredShards.size() > 1)) {
            set(RecordDistribution.USER_PARTITION_KEY, FROM_PLACEMENT, nowNanos);
        }
    }

    public void onResult(StreamSummary summary, Throwable error, long nowNanos) {
        settled = true;
        if (error != null) {
            failed(error, nowNanos);
            return;
        }
        schedule.succeeded(nowNanos);
        lastFailureCode = null;
        if (summary.maxRecordSizeInKiB() != null) {
            changes.maxRecordSizeKiB(summary.maxRecordSizeInKiB());
        }
        String reported = summary.recordDistributionStrategy();
        if (reported == null || reported.equals("USER_PARTITION_KEY")) {
            boolean evidenceStands = acting == RecordDistribution.AUTO && FROM_PLACEMENT.equals(source)
                    && (readForEvidence || lastEvidenceNanos >= readStartNanos);
            if (evidenceStands) {
                LOG.info("Stream '{}' reports RecordDistributionStrategy {}, but records landed on shards that do not "
                        + "hold their keys: still acting as on an AUTO stream; checking again in {} s",
                        stream, reported == null ? "(absent)" : reported,
                        config.recordDistributionCheckInterval().toSeconds());
            } else {
                set(RecordDistribution.USER_PARTITION_KEY, FROM_SUMMARY, nowNanos);
            }
        } else if (reported.equals("AUTO")) {
            set(RecordDistribution.AUTO, FROM_SUMMARY, nowNanos);
        } else {
            LOG.warn("Stream '{}' reports a RecordDistributionStrategy this producer does not know: {}; acting as "
                    + "before, and as on an AUTO stream if records land on shards that do not hold their keys",
                    stream, reported);
        }
    }

    private void failed(Throwable error, long nowNanos) {
        String code = KinesisErrors.codeOf(error);
        Throwable cause = KinesisErrors.unwrap(error);
        boolean unsupported = cause instanceof UnsupportedOperationException;
        long retry;
        if (unsupported || KinesisErrors.classify(error) == KinesisErrors.Decision.FAIL) {
            // Access denied, or a transport without the call: a quick retry changes nothing.
            retry = config.recordDistributionCheckInterval().toNanos();
            schedule.failedFor(nowNanos, retry);
        } else {
            retry = schedule.failed(nowNanos);
        }
        // A warning where it calls for action (a permission, the account's call quota); a missing stream or an
        // unreachable endpoint fails every other call too and is reported there.
        boolean warn = cause instanceof software.amazon.awssdk.awscore.exception.AwsServiceException
                && !code.equals("ResourceNotFoundException");
        String what = "Could not read the record distribution strategy of stream '" + stream + "' ("
                + code + ": " + KinesisErrors.messageOf(error) + "); retrying in " + retry / 1_000_000 + " ms";
        if (unsupported || code.equals(lastFailureCode)) {
            LOG.debug(what);
            return;
        }
        String more = what + (acting == RecordDistribution.DETECT ? ". Until it is known, records go unaggregated and "
                + "where they land tells it (a KCL reader loses nothing either way)" : "")
                + ". Allow kinesis:DescribeStreamSummary, or set record_distribution, to know it up front.";
        if (warn) {
            LOG.warn(more);
        } else {
            LOG.info(more);
        }
        lastFailureCode = code;
    }

    private void set(RecordDistribution strategy, String from, long nowNanos) {
        if (strategy == acting && from.equals(source)) {
            return;
        }
        acting = strategy;
        source = from;
        changes.strategy(strategy, from, nowNanos);
    }
}
