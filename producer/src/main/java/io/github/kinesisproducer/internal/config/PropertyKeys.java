package io.github.kinesisproducer.internal.config;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.internal.config.PropertyValues.TimeUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every key a config file may hold: the producer's own snake_case keys (those of the map constructor, values as
 * text) and the KPL's {@code default_config.properties} CamelCase keys, each mapped to the setting it means here,
 * or marked as meaning nothing here with what to use instead.
 */
public final class PropertyKeys {
    /** Applies a value (as written in the file) to a builder; throws {@link ConfigException} when it cannot. */
    @FunctionalInterface
    public interface Setter {
        void apply(ProducerConfig.Builder b, String value);
    }

    /**
     * One key.
     *
     * @param name the key as written in files
     * @param target the snake_case setting it sets (two keys with one target conflict); null for ignored keys
     * @param setter applies the value; null for ignored keys
     * @param note for ignored keys: why, and what to use instead
     * @param kpl true for a KPL key (an empty value then means "not set", as in the KPL)
     */
    public record Key(String name, String target, Setter setter, String note, boolean kpl) {
        public boolean ignored() {
            return setter == null;
        }
    }

    private static final String NO_NATIVE = "there is no native process here";
    private static final String METRICS = "metrics are read with producer.metrics(), a ProducerListener or "
            + "MicrometerMetrics (CloudWatch through a Micrometer registry)";

    /** Every known key, snake_case first, in the order of the configuration reference. */
    public static final Map<String, Key> KEYS = build();

    private PropertyKeys() {
    }

    private static Map<String, Key> build() {
        Map<String, Key> k = new LinkedHashMap<>();
        // The producer's own keys: the same names and meanings as the map constructor, values as text.
        own(k, "stream_name", (b, v) -> restating("stream_name", v, null, () -> b.streamName(v.strip())));
        own(k, "aws_region", (b, v) -> restating("aws_region", v, null, () -> b.region(v.strip())));
        own(k, "endpoint_url", (b, v) -> {
            java.net.URI uri = PropertyValues.uri("endpoint_url", v);
            restating("endpoint_url", v, null, () -> b.endpoint(uri));
        });
        own(k, "aggregation", (b, v) -> b.aggregation(aggregation(v)));
        // As written, not stripped: whitespace may be the point of a delimiter.
        own(k, "record_delimiter", (b, v) -> restating("record_delimiter", v, null, () -> b.recordDelimiter(v)));
        own(k, "buffer_size_limit", bytes("buffer_size_limit", ProducerConfig.Builder::aggregationMaxSize));
        own(k, "aggregation_max_count", count("aggregation_max_count", ProducerConfig.Builder::aggregationMaxCount));
        own(k, "buffer_time_limit", seconds("buffer_time_limit", ProducerConfig.Builder::maxBufferedTime));
        own(k, "kinesis_concurrency", count("kinesis_concurrency", ProducerConfig.Builder::maxConcurrency));
        own(k, "kinesis_max_retries", count("kinesis_max_retries", ProducerConfig.Builder::maxAttempts));
        own(k, "record_ttl", seconds("record_ttl", ProducerConfig.Builder::recordTtl));
        own(k, "retry_backoff", seconds("retry_backoff", ProducerConfig.Builder::retryBackoff));
        own(k, "throttle_backoff", seconds("throttle_backoff", ProducerConfig.Builder::throttleBackoff));
        own(k, "max_backoff", seconds("max_backoff", ProducerConfig.Builder::maxBackoff));
        own(k, "request_timeout", seconds("request_timeout", ProducerConfig.Builder::requestTimeout));
        own(k, "max_record_size", bytes("max_record_size", ProducerConfig.Builder::maxRecordSize));
        own(k, "max_records_per_request", count("max_records_per_request",
                ProducerConfig.Builder::maxRecordsPerRequest));
        own(k, "max_request_bytes", bytes("max_request_bytes", ProducerConfig.Builder::maxRequestBytes));
        own(k, "max_buffered_bytes", (b, v) -> {
            long n = PropertyValues.bytes("max_buffered_bytes", v);
            restating("max_buffered_bytes", v, null, () -> b.maxBufferedBytes(n));
        });
        own(k, "max_buffered_records", count("max_buffered_records", ProducerConfig.Builder::maxBufferedRecords));
        own(k, "max_block", seconds("max_block", ProducerConfig.Builder::maxBlock));
        own(k, "rate_limit_percent", count("rate_limit_percent", ProducerConfig.Builder::rateLimitPercent));
        own(k, "strict_ordering", (b, v) -> b.strictOrdering(PropertyValues.bool("strict_ordering", v)));
        own(k, "record_distribution", (b, v) -> b.recordDistribution(distribution("record_distribution", v)));
        own(k, "record_distribution_check_interval", seconds("record_distribution_check_interval",
                ProducerConfig.Builder::recordDistributionCheckInterval));
        // Not restated with the value: a proxy URL may hold a password, and the builder's message hides it.
        own(k, "proxy_url", (b, v) -> b.proxyUrl(SeedConfig.proxyUrl(v)));
        own(k, "non_proxy_hosts", (b, v) -> b.nonProxyHosts(SeedConfig.hostList(v)));
        own(k, "use_system_proxy", (b, v) -> b.useSystemProxy(PropertyValues.bool("use_system_proxy", v)));
        own(k, "stream_idle_timeout", seconds("stream_idle_timeout", ProducerConfig.Builder::streamIdleTimeout));
        own(k, "stream_buffer_share", count("stream_buffer_share", ProducerConfig.Builder::streamBufferShare));

        // The KPL's keys (KinesisProducerConfiguration / default_config.properties) that have a meaning here.
        kpl(k, "AggregationEnabled", "aggregation",
                (b, v) -> b.aggregation(PropertyValues.bool("AggregationEnabled", v) ? Aggregation.KPL
                        : Aggregation.NONE));
        kpl(k, "AggregationMaxCount", "aggregation_max_count", (b, v) -> {
            // The KPL's default is 4294967295 ("no limit"): anything beyond an int means the same here.
            long n = PropertyValues.integer("AggregationMaxCount", v);
            int capped = (int) Math.min(n, Integer.MAX_VALUE);
            restating("AggregationMaxCount", v, null, () -> b.aggregationMaxCount(capped));
        });
        kpl(k, "AggregationMaxSize", "buffer_size_limit", bytes("AggregationMaxSize",
                ProducerConfig.Builder::aggregationMaxSize));
        kpl(k, "CollectionMaxCount", "max_records_per_request", count("CollectionMaxCount",
                ProducerConfig.Builder::maxRecordsPerRequest));
        kpl(k, "CollectionMaxSize", "max_request_bytes", bytes("CollectionMaxSize",
                ProducerConfig.Builder::maxRequestBytes));
        kpl(k, "RecordMaxBufferedTime", "buffer_time_limit", millis("RecordMaxBufferedTime",
                ProducerConfig.Builder::maxBufferedTime));
        kpl(k, "RecordTtl", "record_ttl", millis("RecordTtl", ProducerConfig.Builder::recordTtl));
        kpl(k, "RequestTimeout", "request_timeout", millis("RequestTimeout", ProducerConfig.Builder::requestTimeout));
        kpl(k, "RateLimit", "rate_limit_percent", count("RateLimit", ProducerConfig.Builder::rateLimitPercent));
        kpl(k, "MaxConnections", "kinesis_concurrency", count("MaxConnections", ProducerConfig.Builder::maxConcurrency));
        kpl(k, "MaxUserRecordSize", "max_record_size", bytes("MaxUserRecordSize",
                ProducerConfig.Builder::maxRecordSize));
        kpl(k, "FailIfThrottled", "kinesis_max_retries", (b, v) -> {
            // No setting fails only throttled records: one attempt fails a record at its first error of any kind.
            if (PropertyValues.bool("FailIfThrottled", v)) {
                b.maxAttempts(1);
            }
        });
        // KPL 1.1: the strategy assumed for a stream (AUTO / USER_PARTITION_KEY), and how often it is read again.
        // KPL 1.1: what it assumes until DescribeStreamSummary answers (it keeps asking): UNSET (its default) and
        // USER_PARTITION_KEY aggregate meanwhile, as detect does here; AUTO never aggregates, as auto does here.
        kpl(k, "RecordDistributionStrategyDefault", "record_distribution", (b, v) -> {
            String s = v.strip();
            if (s.equalsIgnoreCase("UNSET") || s.equalsIgnoreCase("USER_PARTITION_KEY")) {
                b.recordDistribution(io.github.kinesisproducer.RecordDistribution.DETECT);
            } else if (s.equalsIgnoreCase("AUTO")) {
                b.recordDistribution(io.github.kinesisproducer.RecordDistribution.AUTO);
            } else {
                throw PropertyValues.invalid("RecordDistributionStrategyDefault", v, "UNSET, AUTO or USER_PARTITION_KEY");
            }
        });
        kpl(k, "DescribeStreamSummaryIntervalMs", "record_distribution_check_interval",
                millis("DescribeStreamSummaryIntervalMs", ProducerConfig.Builder::recordDistributionCheckInterval));
        kpl(k, "Region", "aws_region", (b, v) -> restating("Region", v, null, () -> b.region(v.strip())));
        // KinesisEndpoint/KinesisPort are read together by ConfigFile (host and port make one endpoint_url).
        kpl(k, "KinesisEndpoint", "endpoint_url", (b, v) -> { });
        kpl(k, "KinesisPort", "KinesisPort", (b, v) -> { });
        // ProxyHost with ProxyPort (default 443, as the KPL), ProxyUserName and ProxyPassword make one proxy_url.
        kpl(k, "ProxyHost", "proxy_url", (b, v) -> { });
        kpl(k, "ProxyPort", "ProxyPort", (b, v) -> { });
        kpl(k, "ProxyUserName", "ProxyUserName", (b, v) -> { });
        kpl(k, "ProxyPassword", "ProxyPassword", (b, v) -> { });
        kpl(k, "VerifyCertificate", null, (b, v) -> {
            if (!PropertyValues.bool("VerifyCertificate", v)) {
                throw new ConfigException("VerifyCertificate=false is refused: this producer always verifies TLS "
                        + "certificates (turning verification off will only exist in the KPL-compatible module). For "
                        + "a private CA, add it to the JVM's trust store (javax.net.ssl.trustStore); for a local "
                        + "emulator, use an http:// endpoint_url");
            }
        });

        // KPL keys that mean nothing here: reported once, with what to use instead.
        for (String name : new String[] {"NativeExecutable", "TempDirectory", "EnableCoreDumps", "ThreadingModel",
            "ThreadPoolSize", "EnableDaemonHealthCheck", "DaemonHealthCheckTimeoutMs"}) {
            ignored(k, name, NO_NATIVE);
        }
        for (String name : new String[] {"MetricsLevel", "MetricsGranularity", "MetricsNamespace",
            "MetricsUploadDelay", "CloudwatchEndpoint", "CloudwatchPort"}) {
            ignored(k, name, METRICS);
        }
        ignored(k, "LogLevel", "logging goes through SLF4J: set the level of io.github.kinesisproducer in your "
                + "logging backend");
        ignored(k, "MinConnections", "connections are opened as needed, up to kinesis_concurrency");
        ignored(k, "ConnectTimeout", "request_timeout (RequestTimeout) bounds the whole attempt, connecting included");
        ignored(k, "CredentialsRefreshDelay", "credentials come from the AWS SDK provider, which refreshes them");
        ignored(k, "StsEndpoint", "not used (the KPL does not use it either)");
        ignored(k, "StsPort", "not used (the KPL does not use it either)");
        ignored(k, "CaCertPath", "certificates are checked against the JVM's trust store: add your CA there "
                + "(javax.net.ssl.trustStore)");
        ignored(k, "CaCertFile", "certificates are checked against the JVM's trust store: add your CA there "
                + "(javax.net.ssl.trustStore)");
        ignored(k, "UserRecordTimeoutInMillis", "use record_ttl (RecordTtl), or orTimeout(...) on the future");
        ignored(k, "EnableOldestFutureTracker", "not needed: every future completes by record_ttl");
        ignored(k, "ReturnUserRecordOnFailure", "not needed: your code keeps the record the future belongs to");
        return java.util.Collections.unmodifiableMap(k);
    }

    private static void own(Map<String, Key> k, String name, Setter setter) {
        k.put(name, new Key(name, name, setter, null, false));
    }

    private static void kpl(Map<String, Key> k, String name, String target, Setter setter) {
        k.put(name, new Key(name, target, setter, null, true));
    }

    private static void ignored(Map<String, Key> k, String name, String note) {
        k.put(name, new Key(name, null, null, note, true));
    }

    private static io.github.kinesisproducer.RecordDistribution distribution(String key, String v) {
        try {
            return io.github.kinesisproducer.RecordDistribution.parse(v.strip());
        } catch (io.github.kinesisproducer.ConfigException e) {
            throw PropertyValues.invalid(key, v, "detect, auto or user_partition_key");
        }
    }

    private static Aggregation aggregation(String v) {
        try {
            return Aggregation.parse(v.strip());
        } catch (io.github.kinesisproducer.ConfigException e) {
            throw PropertyValues.invalid("aggregation", v, "kpl, delimited or none");
        }
    }

    private interface IntSetter {
        void set(ProducerConfig.Builder b, int v);
    }

    private interface DurationSetter {
        void set(ProducerConfig.Builder b, java.time.Duration v);
    }

    private static Setter count(String key, IntSetter s) {
        return (b, v) -> {
            int n = PropertyValues.intValue(key, v, false);
            restating(key, v, null, () -> s.set(b, n));
        };
    }

    private static Setter bytes(String key, IntSetter s) {
        return (b, v) -> {
            int n = PropertyValues.intValue(key, v, true);
            restating(key, v, null, () -> s.set(b, n));
        };
    }

    private static Setter seconds(String key, DurationSetter s) {
        return (b, v) -> {
            java.time.Duration d = PropertyValues.duration(key, v, TimeUnit.SECONDS);
            restating(key, v, TimeUnit.SECONDS, () -> s.set(b, d));
        };
    }

    private static Setter millis(String key, DurationSetter s) {
        return (b, v) -> {
            java.time.Duration d = PropertyValues.duration(key, v, TimeUnit.MILLISECONDS);
            restating(key, v, TimeUnit.MILLISECONDS, () -> s.set(b, d));
        };
    }

    /** Runs a builder call; its range message is restated for the key and value as written. */
    private static void restating(String key, String value, TimeUnit unit, Runnable call) {
        try {
            call.run();
        } catch (ConfigException e) {
            throw PropertyValues.restate(e, key, value, unit);
        }
    }
}
