package io.github.kinesisproducer.spring.boot;

import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.ConfigFile;
import io.github.kinesisproducer.ProducerConfig;
import java.util.List;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.unit.DataSize;

/**
 * Every producer setting as a Spring property: its name, the producer's own key (as in the README's configuration
 * table and config files), where {@link ProducerSettings} keeps it and how it is set on a
 * {@link ProducerConfig.Builder}. One table, so binding, error messages and the completeness test agree.
 */
final class PropertyTable {

    /** One setting: {@code property} is relative to the producer's prefix, e.g. {@code record-ttl}. */
    record Setting<T>(String property, String key, Function<ProducerSettings, T> get,
            BiConsumer<ProducerConfig.Builder, T> set) {
    }

    static final List<Setting<?>> SETTINGS = List.of(
            new Setting<>("stream-name", "stream_name", ProducerSettings::getStreamName,
                    ProducerConfig.Builder::streamName),
            new Setting<>("region", "aws_region", ProducerSettings::getRegion, ProducerConfig.Builder::region),
            new Setting<>("endpoint", "endpoint_url", ProducerSettings::getEndpoint, ProducerConfig.Builder::endpoint),
            new Setting<>("proxy-url", "proxy_url", ProducerSettings::getProxyUrl, PropertyTable::proxyUrl),
            new Setting<>("non-proxy-hosts", "non_proxy_hosts", ProducerSettings::getNonProxyHosts,
                    ProducerConfig.Builder::nonProxyHosts),
            new Setting<>("use-system-proxy", "use_system_proxy", ProducerSettings::getUseSystemProxy,
                    ProducerConfig.Builder::useSystemProxy),
            new Setting<>("aggregation", "aggregation", ProducerSettings::getAggregation,
                    ProducerConfig.Builder::aggregation),
            new Setting<String>("record-delimiter", "record_delimiter", ProducerSettings::getRecordDelimiter,
                    ProducerConfig.Builder::recordDelimiter),
            new Setting<>("aggregation-max-size", "buffer_size_limit", ProducerSettings::getAggregationMaxSize,
                    (b, v) -> b.aggregationMaxSize(intBytes("buffer_size_limit", v))),
            new Setting<>("aggregation-max-count", "aggregation_max_count", ProducerSettings::getAggregationMaxCount,
                    ProducerConfig.Builder::aggregationMaxCount),
            new Setting<>("max-buffered-time", "buffer_time_limit", ProducerSettings::getMaxBufferedTime,
                    ProducerConfig.Builder::maxBufferedTime),
            new Setting<>("max-concurrency", "kinesis_concurrency", ProducerSettings::getMaxConcurrency,
                    ProducerConfig.Builder::maxConcurrency),
            new Setting<>("max-attempts", "kinesis_max_retries", ProducerSettings::getMaxAttempts,
                    ProducerConfig.Builder::maxAttempts),
            new Setting<>("record-ttl", "record_ttl", ProducerSettings::getRecordTtl,
                    ProducerConfig.Builder::recordTtl),
            new Setting<>("retry-backoff", "retry_backoff", ProducerSettings::getRetryBackoff,
                    ProducerConfig.Builder::retryBackoff),
            new Setting<>("throttle-backoff", "throttle_backoff", ProducerSettings::getThrottleBackoff,
                    ProducerConfig.Builder::throttleBackoff),
            new Setting<>("max-backoff", "max_backoff", ProducerSettings::getMaxBackoff,
                    ProducerConfig.Builder::maxBackoff),
            new Setting<>("request-timeout", "request_timeout", ProducerSettings::getRequestTimeout,
                    ProducerConfig.Builder::requestTimeout),
            new Setting<>("max-record-size", "max_record_size", ProducerSettings::getMaxRecordSize,
                    (b, v) -> b.maxRecordSize(intBytes("max_record_size", v))),
            new Setting<>("max-records-per-request", "max_records_per_request",
                    ProducerSettings::getMaxRecordsPerRequest, ProducerConfig.Builder::maxRecordsPerRequest),
            new Setting<>("max-request-bytes", "max_request_bytes", ProducerSettings::getMaxRequestBytes,
                    (b, v) -> b.maxRequestBytes(intBytes("max_request_bytes", v))),
            new Setting<>("max-buffered-bytes", "max_buffered_bytes", ProducerSettings::getMaxBufferedBytes,
                    (b, v) -> b.maxBufferedBytes(v.toBytes())),
            new Setting<>("max-buffered-records", "max_buffered_records", ProducerSettings::getMaxBufferedRecords,
                    ProducerConfig.Builder::maxBufferedRecords),
            new Setting<>("max-block", "max_block", ProducerSettings::getMaxBlock, ProducerConfig.Builder::maxBlock),
            new Setting<>("rate-limit-percent", "rate_limit_percent", ProducerSettings::getRateLimitPercent,
                    ProducerConfig.Builder::rateLimitPercent),
            new Setting<>("strict-ordering", "strict_ordering", ProducerSettings::getStrictOrdering,
                    ProducerConfig.Builder::strictOrdering),
            new Setting<>("record-distribution", "record_distribution", ProducerSettings::getRecordDistribution,
                    ProducerConfig.Builder::recordDistribution),
            new Setting<>("record-distribution-check-interval", "record_distribution_check_interval",
                    ProducerSettings::getRecordDistributionCheckInterval,
                    ProducerConfig.Builder::recordDistributionCheckInterval),
            new Setting<>("stream-idle-timeout", "stream_idle_timeout", ProducerSettings::getStreamIdleTimeout,
                    ProducerConfig.Builder::streamIdleTimeout),
            new Setting<>("stream-buffer-share", "stream_buffer_share", ProducerSettings::getStreamBufferShare,
                    ProducerConfig.Builder::streamBufferShare));

    /** The producer's keys as messages write them; one-word keys (aggregation) are left alone, as words. */
    private static final Pattern KEY = Pattern.compile("\\b[a-z]+(?:_[a-z]+)+\\b");

    private PropertyTable() {
    }

    /**
     * Sets on {@code builder} every setting {@code settings} has (the unset ones are left as they are), so that a named
     * producer's settings can be laid over the top-level ones.
     *
     * @param prefix the properties' prefix, e.g. {@code kinesis.producer} or {@code kinesis.producer.producers.audit}
     * @throws KinesisProducerPropertyException naming the property, the value and what is allowed
     */
    static void apply(ProducerSettings settings, String prefix, ProducerConfig.Builder builder) {
        for (Setting<?> s : SETTINGS) {
            applyOne(s, settings, prefix, builder);
        }
    }

    private static <T> void applyOne(Setting<T> s, ProducerSettings settings, String prefix,
            ProducerConfig.Builder builder) {
        T value = s.get().apply(settings);
        if (value == null) {
            return;
        }
        try {
            s.set().accept(builder, value);
        } catch (ConfigException e) {
            throw new KinesisProducerPropertyException(prefix + "." + s.property(), translate(e.getMessage(), prefix));
        }
    }

    /**
     * Builds the config; a check across settings that fails (e.g. aggregation-max-size above max-record-size) is
     * reported with the property names under {@code prefix}.
     */
    static ProducerConfig build(ProducerConfig.Builder builder, String prefix) {
        try {
            return builder.build();
        } catch (ConfigException e) {
            String message = translate(e.getMessage(), prefix);
            String first = firstKey(e.getMessage());
            throw new KinesisProducerPropertyException(first == null ? prefix : prefix + "." + first, message);
        }
    }

    /** The producer's keys in a message of the library, replaced by the Spring property names. */
    static String translate(String message, String prefix) {
        Matcher m = KEY.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Setting<?> s = byKey(m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(s == null ? m.group() : prefix + "." + s.property()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String firstKey(String message) {
        Matcher m = KEY.matcher(message);
        while (m.find()) {
            Setting<?> s = byKey(m.group());
            if (s != null) {
                return s.property();
            }
        }
        return null;
    }

    private static Setting<?> byKey(String key) {
        for (Setting<?> s : SETTINGS) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }

    /**
     * A String property, parsed by the producer's {@link ConfigFile}, whose messages never show a proxy URL (it may
     * hold a password): bound as a URI, Boot would quote the value when it does not parse.
     */
    private static void proxyUrl(ProducerConfig.Builder builder, String url) {
        Properties one = new Properties();
        one.setProperty("proxy_url", url);
        String source = "proxy-url";
        try {
            ConfigFile.fromProperties(one, source).applyTo(builder);
        } catch (ConfigException e) {
            String m = String.valueOf(e.getMessage());
            throw new ConfigException(m.startsWith(source + ": ") ? m.substring(source.length() + 2) : m);
        }
    }

    /** A size for an int setting: sizes beyond what an int holds are refused as out of range, as the setter would. */
    private static int intBytes(String key, DataSize size) {
        long bytes = size.toBytes();
        if (bytes > Integer.MAX_VALUE || bytes < 0) {
            throw new ConfigException("Invalid value for " + key + ": " + size + " (allowed: at most 10MB)");
        }
        return (int) bytes;
    }
}
