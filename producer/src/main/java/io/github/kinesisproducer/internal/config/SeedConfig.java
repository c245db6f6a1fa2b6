package io.github.kinesisproducer.internal.config;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.RecordDistribution;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the seed's configuration map ({@code aws_region}, {@code buffer_size_limit}, {@code buffer_time_limit},
 * {@code kinesis_concurrency}, {@code kinesis_max_retries}, {@code record_delimiter}, {@code stream_name}) plus
 * {@code endpoint_url}, {@code aggregation} and the snake_case names of the other settings. Unknown keys and
 * wrong types are rejected with a message naming the key, the value and what is allowed.
 */
public final class SeedConfig {
    private SeedConfig() {
    }

    /** The keys this map accepts. */
    public static final java.util.Set<String> KEYS = java.util.Set.of("aws_region", "buffer_size_limit",
            "buffer_time_limit", "kinesis_concurrency", "kinesis_max_retries", "record_delimiter", "stream_name",
            "endpoint_url", "aggregation", "aggregation_max_count", "max_record_size", "max_records_per_request",
            "max_request_bytes", "record_ttl", "retry_backoff", "throttle_backoff", "max_backoff", "request_timeout",
            "max_buffered_bytes", "max_buffered_records", "max_block", "rate_limit_percent", "strict_ordering",
            "record_distribution", "record_distribution_check_interval", "proxy_url", "non_proxy_hosts",
            "use_system_proxy", "stream_idle_timeout", "stream_buffer_share");

    /** Builds a config from the map. The seed's constructor defaults to delimited aggregation. */
    public static ProducerConfig parse(Map<String, ?> map) {
        if (map == null) {
            throw new ConfigException("config map must not be null; it needs at least stream_name");
        }
        ProducerConfig.Builder b = ProducerConfig.builder().aggregation(Aggregation.DELIMITED);
        for (Map.Entry<String, ?> e : map.entrySet()) {
            apply(b, e.getKey(), e.getValue());
        }
        ProducerConfig config = b.build();
        ConfigRules.requireStreamName(config.streamName());
        return config;
    }

    private static void apply(ProducerConfig.Builder b, String key, Object v) {
        if (key == null || !KEYS.contains(key)) {
            throw new ConfigException("Unknown config key '" + key + "' (known keys: " + new TreeSet<>(KEYS) + ")");
        }
        if (v == null) {
            throw new ConfigException("Invalid value for " + key + ": null (leave the key out to use the default)");
        }
        switch (key) {
            case "aws_region" -> b.region(string(key, v));
            case "stream_name" -> b.streamName(string(key, v));
            case "endpoint_url" -> b.endpoint(uri(key, v));
            case "aggregation" -> b.aggregation(v instanceof Aggregation a ? a : aggregation(key, v));
            case "record_delimiter" -> {
                if (v instanceof byte[] bytes) {
                    b.recordDelimiter(bytes);
                } else if (v instanceof String s) {
                    b.recordDelimiter(s);
                } else {
                    throw type(key, v, "a String or byte[]");
                }
            }
            case "buffer_size_limit" -> b.aggregationMaxSize(integer(key, v));
            case "buffer_time_limit" -> b.maxBufferedTime(seconds(key, v));
            case "kinesis_concurrency" -> b.maxConcurrency(integer(key, v));
            case "kinesis_max_retries" -> b.maxAttempts(integer(key, v));
            case "aggregation_max_count" -> b.aggregationMaxCount(integer(key, v));
            case "max_record_size" -> b.maxRecordSize(integer(key, v));
            case "max_records_per_request" -> b.maxRecordsPerRequest(integer(key, v));
            case "max_request_bytes" -> b.maxRequestBytes(integer(key, v));
            case "record_ttl" -> b.recordTtl(seconds(key, v));
            case "retry_backoff" -> b.retryBackoff(seconds(key, v));
            case "throttle_backoff" -> b.throttleBackoff(seconds(key, v));
            case "max_backoff" -> b.maxBackoff(seconds(key, v));
            case "request_timeout" -> b.requestTimeout(seconds(key, v));
            case "max_buffered_bytes" -> b.maxBufferedBytes(longValue(key, v));
            case "max_buffered_records" -> b.maxBufferedRecords(integer(key, v));
            case "max_block" -> b.maxBlock(seconds(key, v));
            case "rate_limit_percent" -> b.rateLimitPercent(integer(key, v));
            case "strict_ordering" -> {
                if (!(v instanceof Boolean bool)) {
                    throw type(key, v, "a Boolean");
                }
                b.strictOrdering(bool);
            }
            case "record_distribution" -> b.recordDistribution(v instanceof RecordDistribution d ? d
                    : recordDistribution(key, v));
            case "record_distribution_check_interval" -> b.recordDistributionCheckInterval(seconds(key, v));
            case "proxy_url" -> b.proxyUrl(v instanceof URI u ? u : proxyUrl(v));
            case "non_proxy_hosts" -> b.nonProxyHosts(v instanceof java.util.Collection<?> c ? hostList(key, c)
                    : hostList(string(key, v)));
            case "use_system_proxy" -> {
                if (!(v instanceof Boolean bool)) {
                    throw type(key, v, "a Boolean");
                }
                b.useSystemProxy(bool);
            }
            case "stream_idle_timeout" -> b.streamIdleTimeout(seconds(key, v));
            case "stream_buffer_share" -> b.streamBufferShare(integer(key, v));
            default -> throw new IllegalStateException(key);
        }
    }

    private static String string(String key, Object v) {
        if (!(v instanceof String s)) {
            throw type(key, v, "a String");
        }
        return s;
    }

    private static URI uri(String key, Object v) {
        if (v instanceof URI u) {
            return u;
        }
        try {
            return new URI(string(key, v));
        } catch (URISyntaxException e) {
            throw new ConfigException("Invalid value for " + key + ": '" + v + "' is not a URI (" + e.getMessage() + ")");
        }
    }

    /** A proxy URL from text, with messages that never show it (it may hold a password). */
    static URI proxyUrl(Object v) {
        if (!(v instanceof String s)) {
            throw new ConfigException("Invalid type for proxy_url: expected a String or a URI, got "
                    + v.getClass().getSimpleName());
        }
        try {
            return new URI(s.strip());
        } catch (URISyntaxException e) {
            throw new ConfigException("Invalid value for proxy_url: not a URI (" + e.getReason() + " at index "
                    + e.getIndex() + "; allowed: http://[USER:PASSWORD@]HOST[:PORT], special characters in the user "
                    + "name and password %-encoded)");
        }
    }

    /** Host patterns from one string, separated by commas (or |, as in http.nonProxyHosts). */
    static java.util.List<String> hostList(String v) {
        return java.util.Arrays.stream(v.split("[,|]", -1)).map(String::strip).filter(h -> !h.isEmpty()).toList();
    }

    private static java.util.List<String> hostList(String key, java.util.Collection<?> c) {
        java.util.List<String> hosts = new java.util.ArrayList<>();
        for (Object o : c) {
            hosts.add(string(key, o));
        }
        return hosts;
    }

    private static Aggregation aggregation(String key, Object v) {
        try {
            return Aggregation.parse(string(key, v));
        } catch (ConfigException e) {
            throw new ConfigException("Invalid value for " + key + ": '" + v + "' (allowed: kpl, delimited, none)");
        }
    }

    private static RecordDistribution recordDistribution(String key, Object v) {
        try {
            return RecordDistribution.parse(string(key, v));
        } catch (ConfigException e) {
            throw new ConfigException("Invalid value for " + key + ": '" + v
                    + "' (allowed: detect, auto, user_partition_key)");
        }
    }

    private static long longValue(String key, Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw type(key, v, "an integer (Integer or Long)");
    }

    private static int integer(String key, Object v) {
        long l = longValue(key, v);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw new ConfigException("Invalid value for " + key + ": " + v + " (allowed: an int)");
        }
        return (int) l;
    }

    /** Seconds as in the seed ({@code buffer_time_limit=0.2}); integers or decimals, or a Duration. */
    private static Duration seconds(String key, Object v) {
        if (v instanceof Duration d) {
            return d;
        }
        if (!(v instanceof Number n)) {
            throw type(key, v, "a number of seconds (e.g. 0.2) or a java.time.Duration");
        }
        double s = n.doubleValue();
        if (Double.isNaN(s) || Double.isInfinite(s) || s < 0 || s > 86_400 * 365) {
            throw new ConfigException("Invalid value for " + key + ": " + v + " (allowed: a number of seconds >= 0)");
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private static ConfigException type(String key, Object v, String expected) {
        return new ConfigException("Invalid type for " + key + ": expected " + expected + ", got "
                + v.getClass().getSimpleName() + " '" + v + "'");
    }
}
