package io.github.kinesisproducer.internal.config;

import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.RecordDistribution;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The checks behind {@code ProducerConfig.Builder}: each setting's allowed values, and the settings that must agree
 * with each other. Every failure is a {@link ConfigException} that names the key, the value and what is allowed.
 */
public final class ConfigRules {
    private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");
    /** A stream's ARN (another account's stream, in the producer's region): arn:PARTITION:kinesis:REGION:ACCOUNT:stream/NAME. */
    private static final Pattern STREAM_ARN =
            Pattern.compile("arn:aws[a-z-]*:kinesis:[a-z0-9-]{1,64}:[0-9]{12}:stream/[a-zA-Z0-9_.-]{1,128}");
    /** What a stream may be named by, for messages. */
    public static final String STREAM_FORMS = "a stream name (1-128 characters of a-z, A-Z, 0-9, '_', '.', '-') or a "
            + "stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)";

    private ConfigRules() {
    }

    public static String streamName(String v) {
        if (!isStream(v)) {
            throw bad("stream_name", v, STREAM_FORMS);
        }
        return v;
    }

    /** True for a stream name or a stream ARN as Kinesis takes them. */
    public static boolean isStream(String v) {
        return v != null && (STREAM_NAME.matcher(v).matches() || STREAM_ARN.matcher(v).matches());
    }

    public static String region(String v) {
        if (v != null && !v.matches("[a-z0-9-]{1,64}")) {
            throw bad("aws_region", v, "a region name such as us-east-1, or null for the SDK default chain");
        }
        return v;
    }

    public static URI endpoint(URI v) {
        if (v != null && (v.getScheme() == null || !v.getScheme().matches("https?") || v.getHost() == null
                || v.getRawQuery() != null || v.getRawFragment() != null)) {
            throw bad("endpoint_url", v, "an absolute http:// or https:// URI without a query or fragment, such as "
                    + "http://127.0.0.1:4567 (a path is kept: https://gateway.example/kinesis)");
        }
        return v;
    }

    public static int range(String key, int v, int min, int max) {
        if (v < min || v > max) {
            throw bad(key, v, "an integer from " + min + " to " + max);
        }
        return v;
    }

    public static Duration duration(String key, Duration v, Duration min, Duration max) {
        if (v == null || v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw bad(key, v, "a duration from " + min + " to " + max);
        }
        return v;
    }

    /** The seed's map names its one stream: {@code send(record)} has no other way to say where it goes. */
    public static void requireStreamName(String streamName) {
        if (streamName == null) {
            throw new ConfigException("stream_name is required: the name of the Kinesis stream to write to");
        }
    }

    public static ConfigException bad(String key, Object value, String allowed) {
        return new ConfigException("Invalid value for " + key + ": " + value + " (allowed: " + allowed + ")");
    }

    /** The settings that depend on each other, checked when the config is built. */
    public static void checkTogether(String streamName, boolean strictOrdering, RecordDistribution recordDistribution,
            int aggregationMaxSize, int maxRecordSize, long maxBufferedBytes, int maxRequestBytes) {
        if (strictOrdering && recordDistribution == RecordDistribution.AUTO) {
            throw new ConfigException("strict_ordering cannot be kept " + (streamName == null ? "on any stream"
                    : "on stream '" + streamName + "'") + " with record_distribution=auto: Kinesis places each record on a shard of its own choosing "
                    + "there, so no key keeps its order. Turn strict_ordering off (no order promise), or write to "
                    + "a stream whose RecordDistributionStrategy is USER_PARTITION_KEY (and leave "
                    + "record_distribution at detect)");
        }
        if (aggregationMaxSize > maxRecordSize) {
            throw new ConfigException("buffer_size_limit (" + aggregationMaxSize + ") must not exceed max_record_size ("
                    + maxRecordSize + "): an aggregate is one Kinesis record");
        }
        if (maxBufferedBytes < maxRecordSize) {
            throw new ConfigException("max_buffered_bytes (" + maxBufferedBytes + ") must be at least max_record_size ("
                    + maxRecordSize + "), or a max-size record could never be accepted");
        }
        if (maxRequestBytes < maxRecordSize) {
            throw new ConfigException("max_request_bytes (" + maxRequestBytes + ") must be at least max_record_size ("
                    + maxRecordSize + "), or a max-size record could never be sent");
        }
    }
}
