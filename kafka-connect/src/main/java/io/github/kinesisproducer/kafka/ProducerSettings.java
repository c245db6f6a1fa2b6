package io.github.kinesisproducer.kafka;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.ConfigFile;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.RecordDistribution;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The producer's settings as connector keys under {@code kinesis.}: one row per setting with the producer's own name,
 * default (the {@link ProducerConfig} constant) and meaning. Values are checked by the producer's own setters, so a
 * range here can never drift from the producer's: a wrong value is a Connect {@link ConfigException} naming the
 * connector key, which Connect's validate endpoint reports against that key.
 */
final class ProducerSettings {
    static final String GROUP = "Kinesis producer";
    static final String STREAM = "kinesis.stream";

    /**
     * One producer setting.
     *
     * @param name the connector key
     * @param producerKey the producer's own key (README's configuration table)
     * @param validValues the allowed values, for the documentation (the producer's setter decides)
     * @param apply sets a parsed, non-null value on a producer config builder
     */
    record Setting(String name, String producerKey, ConfigDef.Type type, Object defaultValue, Importance importance,
            String doc, String validValues, BiConsumer<ProducerConfig.Builder, Object> apply) {

        /** Applies {@code value} (null: left at the producer's default), as a Connect error naming this key. */
        void applyTo(ProducerConfig.Builder builder, Object value) {
            if (value == null) {
                return;
            }
            try {
                apply.accept(builder, value);
            } catch (io.github.kinesisproducer.ConfigException | IllegalArgumentException e) {
                throw new ConfigException(name, value, allowedPart(withConnectorKeys(String.valueOf(e.getMessage()))));
            }
        }

        ConfigDef.Validator validator() {
            Setting self = this;
            return new ConfigDef.Validator() {
                @Override
                public void ensureValid(String key, Object value) {
                    self.applyTo(ProducerConfig.builder(), value);
                }

                @Override
                public String toString() {
                    return validValues;
                }
            };
        }
    }

    static final List<Setting> SETTINGS = List.of(
            new Setting(STREAM, "stream_name", ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Name of the Kinesis data stream the records go to.", "1-128 characters of a-z A-Z 0-9 _ . -",
                    (b, v) -> b.streamName((String) v)),
            new Setting("kinesis.region", "aws_region", ConfigDef.Type.STRING, null, Importance.HIGH,
                    "AWS region of the stream, e.g. eu-west-1. Unset: the AWS SDK's default region chain "
                            + "(AWS_REGION, the profile, ...).", "a region name such as us-east-1",
                    (b, v) -> b.region((String) v)),
            new Setting("kinesis.endpoint", "endpoint_url", ConfigDef.Type.STRING, null, Importance.LOW,
                    "Endpoint override, e.g. a VPC endpoint or http://127.0.0.1:4567 for a local emulator. Unset: "
                            + "AWS_ENDPOINT_URL_KINESIS / AWS_ENDPOINT_URL, else the region's endpoint.",
                    "an absolute http:// or https:// URI", (b, v) -> b.endpoint(URI.create((String) v))),
            new Setting("kinesis.proxy.url", "proxy_url", ConfigDef.Type.PASSWORD, null, Importance.MEDIUM,
                    "HTTP proxy for every Kinesis call, e.g. http://user:password@proxy.corp:3128 (HTTPS goes through "
                            + "a CONNECT tunnel; Basic authentication). A password type: Connect logs it as [hidden]. "
                            + "Unset: the JVM's https.proxyHost/http.proxyHost, else HTTPS_PROXY/HTTP_PROXY, unless "
                            + "kinesis.use.system.proxy=false.", "http://[user:password@]host[:port]",
                    (b, v) -> proxyUrl(b, ((Password) v).value())),
            new Setting("kinesis.non.proxy.hosts", "non_proxy_hosts", ConfigDef.Type.LIST, "", Importance.LOW,
                    "Hosts reached directly whatever names the proxy, comma-separated: host, .domain, *.domain, "
                            + "10.0.0.0/8, host:port, *.", "host patterns",
                    (b, v) -> b.nonProxyHosts(strings((List<?>) v))),
            new Setting("kinesis.use.system.proxy", "use_system_proxy", ConfigDef.Type.BOOLEAN,
                    ProducerConfig.DEFAULT_USE_SYSTEM_PROXY, Importance.LOW,
                    "Whether the JVM's proxy properties and the HTTPS_PROXY/HTTP_PROXY/NO_PROXY environment may name "
                            + "a proxy when kinesis.proxy.url is unset (never for loopback endpoints).", "true, false",
                    (b, v) -> b.useSystemProxy((Boolean) v)),
            new Setting("kinesis.aggregation", "aggregation", ConfigDef.Type.STRING,
                    lower(ProducerConfig.DEFAULT_AGGREGATION), Importance.MEDIUM,
                    "kpl: many records per Kinesis record in the KPL format, which the KCL and "
                            + "the Lambda deaggregators take apart; delimited: records joined with "
                            + "kinesis.record.delimiter; none: one Kinesis record per Kafka record.",
                    "kpl, delimited, none", (b, v) -> b.aggregation(enumValue(Aggregation.class, (String) v))),
            new Setting("kinesis.record.delimiter", "record_delimiter", ConfigDef.Type.STRING,
                    escape(ProducerConfig.DEFAULT_RECORD_DELIMITER), Importance.LOW,
                    "Delimiter between records with kinesis.aggregation=delimited (UTF-8), with the escapes \\n, "
                            + "\\r, \\t, \\\\ and \\uXXXX (Connect trims values, so a newline is written \\n).",
                    "1 to 16 bytes", (b, v) -> b.recordDelimiter(unescape((String) v))),
            new Setting("kinesis.aggregation.max.size", "buffer_size_limit", ConfigDef.Type.INT,
                    ProducerConfig.DEFAULT_AGGREGATION_MAX_SIZE, Importance.LOW,
                    "Largest aggregate (or joined record) in bytes; a record that would exceed it starts the next.",
                    "[64,...,10485760], at most kinesis.max.record.size", (b, v) -> b.aggregationMaxSize((Integer) v)),
            new Setting("kinesis.aggregation.max.count", "aggregation_max_count", ConfigDef.Type.INT,
                    ProducerConfig.DEFAULT_AGGREGATION_MAX_COUNT, Importance.LOW,
                    "Most user records in one aggregate (default: no limit besides the size).",
                    "[1,...,2147483647]", (b, v) -> b.aggregationMaxCount((Integer) v)),
            new Setting("kinesis.buffer.time.ms", "buffer_time_limit", ConfigDef.Type.LONG,
                    ProducerConfig.DEFAULT_MAX_BUFFERED_TIME.toMillis(), Importance.MEDIUM,
                    "Longest a record waits in the producer before it is sent, counted from the first record of its "
                            + "aggregate. Higher packs better at low rates; lower sends sooner.",
                    "[0,...,3600000]", (b, v) -> b.maxBufferedTime(Duration.ofMillis((Long) v))),
            new Setting("kinesis.concurrency", "kinesis_concurrency", ConfigDef.Type.INT,
                    ProducerConfig.DEFAULT_MAX_CONCURRENCY, Importance.MEDIUM,
                    "PutRecords calls in flight per task; 1 sends one at a time.", "[1,...,256]",
                    (b, v) -> b.maxConcurrency((Integer) v)),
            new Setting("kinesis.max.attempts", "kinesis_max_retries", ConfigDef.Type.INT,
                    ProducerConfig.DEFAULT_MAX_ATTEMPTS, Importance.MEDIUM,
                    "PutRecords attempts per record before it fails (retriable errors only; "
                            + "kinesis.record.ttl.ms usually ends retries first).", "[1,...,1000]",
                    (b, v) -> b.maxAttempts((Integer) v)),
            new Setting("kinesis.record.ttl.ms", "record_ttl", ConfigDef.Type.LONG,
                    ProducerConfig.DEFAULT_RECORD_TTL.toMillis(), Importance.MEDIUM,
                    "A record not put within this time fails (error code Expired), and with it the "
                            + "task: how long a Kinesis outage is ridden out before the task stops.",
                    "[100,...,86400000]", (b, v) -> b.recordTtl(Duration.ofMillis((Long) v))),
            new Setting("kinesis.retry.backoff.ms", "retry_backoff", ConfigDef.Type.LONG,
                    ProducerConfig.DEFAULT_RETRY_BACKOFF.toMillis(), Importance.LOW,
                    "Base of the jittered exponential backoff between attempts (doubles per attempt).",
                    "[1,...,60000]", (b, v) -> b.retryBackoff(Duration.ofMillis((Long) v))),
            new Setting("kinesis.throttle.backoff.ms", "throttle_backoff", ConfigDef.Type.LONG,
                    ProducerConfig.DEFAULT_THROTTLE_BACKOFF.toMillis(), Importance.LOW,
                    "Backoff base after Kinesis throttled a record.", "[1,...,60000]",
                    (b, v) -> b.throttleBackoff(Duration.ofMillis((Long) v))),
            new Setting("kinesis.max.backoff.ms", "max_backoff", ConfigDef.Type.LONG,
                    ProducerConfig.DEFAULT_MAX_BACKOFF.toMillis(), Importance.LOW, "Cap on one backoff.",
                    "[1,...,600000]", (b, v) -> b.maxBackoff(Duration.ofMillis((Long) v))),
            new Setting("kinesis.request.timeout.ms", "request_timeout", ConfigDef.Type.LONG,
                    ProducerConfig.DEFAULT_REQUEST_TIMEOUT.toMillis(), Importance.LOW,
                    "Timeout of one PutRecords attempt; a timed-out call may still have stored its records (so a "
                            + "retry may store them twice).", "[100,...,600000]",
                    (b, v) -> b.requestTimeout(Duration.ofMillis((Long) v))),
            new Setting("kinesis.max.record.size", "max_record_size", ConfigDef.Type.INT, null, Importance.LOW,
                    "The stream's max record size in bytes (data + partition key). Unset: 1048576, or the stream's "
                            + "MaxRecordSizeInKiB once read. Larger records go to the dead letter queue.",
                    "[1048576,...,10485760]", (b, v) -> b.maxRecordSize((Integer) v)),
            new Setting("kinesis.max.records.per.request", "max_records_per_request", ConfigDef.Type.INT,
                    ProducerConfig.DEFAULT_MAX_RECORDS_PER_REQUEST, Importance.LOW, "Records per PutRecords call.",
                    "[1,...,500]", (b, v) -> b.maxRecordsPerRequest((Integer) v)),
            new Setting("kinesis.max.request.bytes", "max_request_bytes", ConfigDef.Type.INT,
                    ProducerConfig.DEFAULT_MAX_REQUEST_BYTES, Importance.LOW,
                    "Bytes per PutRecords call (data + keys).", "[1048576,...,10485760]",
                    (b, v) -> b.maxRequestBytes((Integer) v)),
            new Setting("kinesis.max.buffered.bytes", "max_buffered_bytes", ConfigDef.Type.LONG,
                    ProducerConfig.DEFAULT_MAX_BUFFERED_BYTES, Importance.MEDIUM,
                    "Memory cap per task: bytes (data + keys) held by the producer; put blocks beyond it.",
                    "[1048576,...,1099511627776]", (b, v) -> b.maxBufferedBytes((Long) v)),
            new Setting("kinesis.max.buffered.records", "max_buffered_records", ConfigDef.Type.INT,
                    ProducerConfig.DEFAULT_MAX_BUFFERED_RECORDS, Importance.MEDIUM,
                    "Memory cap per task: records held by the producer; put blocks beyond it.",
                    "[1,...,100000000]", (b, v) -> b.maxBufferedRecords((Integer) v)),
            new Setting("kinesis.max.block.ms", "max_block", ConfigDef.Type.LONG,
                    ProducerConfig.DEFAULT_MAX_BLOCK.toMillis(), Importance.MEDIUM,
                    "How long put waits for buffer space. Then the task pauses its partitions "
                            + "(the records not taken are fetched again) and resumes them once the buffer has drained "
                            + "to half. Keep it well below the consumer's max.poll.interval.ms (300000).",
                    "[0,...,3600000]", (b, v) -> b.maxBlock(Duration.ofMillis((Long) v))),
            new Setting("kinesis.rate.limit.percent", "rate_limit_percent", ConfigDef.Type.INT,
                    ProducerConfig.DEFAULT_RATE_LIMIT_PERCENT, Importance.LOW,
                    "Per-shard limit as a percentage of 1,000 records/s and 1 MiB/s, per task; 0 turns it off.",
                    "[0,...,10000]", (b, v) -> b.rateLimitPercent((Integer) v)),
            new Setting("kinesis.strict.ordering", "strict_ordering", ConfigDef.Type.BOOLEAN,
                    ProducerConfig.DEFAULT_STRICT_ORDERING, Importance.MEDIUM,
                    "Keep per-shard (so per-key) order, retries included, with one request in flight per shard. "
                            + "With kinesis.partition.key=topic-partition or record-key this keeps Kafka's order "
                            + "per partition or per key. Off: no order promise.", "true, false",
                    (b, v) -> b.strictOrdering((Boolean) v)),
            new Setting("kinesis.record.distribution", "record_distribution", ConfigDef.Type.STRING,
                    lower(ProducerConfig.DEFAULT_RECORD_DISTRIBUTION), Importance.LOW,
                    "detect: read the stream's RecordDistributionStrategy (DescribeStreamSummary), else tell it "
                            + "from where records land; auto: the stream places records itself (no KPL aggregation); "
                            + "user_partition_key: placement by key, no DescribeStreamSummary calls.",
                    "detect, auto, user_partition_key",
                    (b, v) -> b.recordDistribution(enumValue(RecordDistribution.class, (String) v))),
            new Setting("kinesis.record.distribution.check.interval.ms", "record_distribution_check_interval",
                    ConfigDef.Type.LONG, ProducerConfig.DEFAULT_RECORD_DISTRIBUTION_CHECK_INTERVAL.toMillis(),
                    Importance.LOW,
                    "How often detect reads the stream's strategy again.", "[1000,...,86400000]",
                    (b, v) -> b.recordDistributionCheckInterval(Duration.ofMillis((Long) v))));

    /** Producer keys, longest first, so that replacing them in a message never touches part of a longer one. */
    private static final List<Setting> BY_PRODUCER_KEY_LENGTH = SETTINGS.stream()
            .sorted(Comparator.comparingInt((Setting s) -> s.producerKey().length()).reversed()).toList();

    private ProducerSettings() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        for (Setting s : SETTINGS) {
            def.define(s.name(), s.type(), s.defaultValue(), s.validator(), s.importance(),
                    s.doc() + " Producer setting: " + s.producerKey() + ".", GROUP, ++order, ConfigDef.Width.MEDIUM,
                    s.name());
        }
    }

    /**
     * The producer config for parsed connector values. Checks the settings that depend on each other too.
     *
     * @throws ConfigException naming the connector key that is wrong, or the first key a cross-setting message names
     */
    static ProducerConfig toProducerConfig(Map<String, ?> parsed) {
        ProducerConfig.Builder b = ProducerConfig.builder();
        for (Setting s : SETTINGS) {
            s.applyTo(b, parsed.get(s.name()));
        }
        try {
            return b.build();
        } catch (io.github.kinesisproducer.ConfigException e) {
            String message = withConnectorKeys(e.getMessage());
            throw new ConfigException(firstKeyNamed(message), null, message);
        }
    }

    /** The connector key a message about several settings belongs to: the first one it names. */
    static String firstKeyNamed(String message) {
        String first = SETTINGS.get(0).name();
        int at = Integer.MAX_VALUE;
        for (Setting s : SETTINGS) {
            int i = indexOfKey(message, s.name());
            if (i >= 0 && i < at) {
                at = i;
                first = s.name();
            }
        }
        return first;
    }

    private static int indexOfKey(String message, String key) {
        int from = 0;
        while (true) {
            int i = message.indexOf(key, from);
            if (i < 0) {
                return -1;
            }
            int end = i + key.length();
            if (end >= message.length() || !(Character.isLetterOrDigit(message.charAt(end))
                    || message.charAt(end) == '.')) {
                return i;
            }
            from = end;
        }
    }

    /** The producer's message with its snake_case keys renamed to the connector keys a user of the connector sets. */
    static String withConnectorKeys(String message) {
        List<String[]> replacements = new ArrayList<>();
        String out = message;
        for (Setting s : BY_PRODUCER_KEY_LENGTH) {
            // Two passes through a placeholder, so "max_record_size" inside a replaced name is not replaced again.
            String placeholder = "\u0000" + replacements.size() + "\u0000";
            out = out.replaceAll("\\b" + s.producerKey() + "\\b", placeholder);
            replacements.add(new String[] {placeholder, s.name()});
        }
        for (String[] r : replacements) {
            out = out.replace(r[0], r[1]);
        }
        return out;
    }

    /**
     * "allowed: ..." from the producer's "Invalid value for KEY: VALUE (allowed: ...)": Connect's own message already
     * names the key and the value.
     */
    static String allowedPart(String message) {
        int i = message.lastIndexOf("(allowed: ");
        if (message.startsWith("Invalid value") && i >= 0 && message.endsWith(")")) {
            return message.substring(i + 1, message.length() - 1);
        }
        return message;
    }

    /** The delimiter as written in a connector config: control characters and backslashes escaped. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }

    /** The inverse of {@link #escape}. */
    static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char n = text.charAt(++i);
            switch (n) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case '\\' -> out.append('\\');
                case 'u' -> {
                    try {
                        out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                        throw new io.github.kinesisproducer.ConfigException("Invalid value " + text
                                + " (allowed: \\u needs four hex digits)");
                    }
                    i += 4;
                }
                default -> out.append('\\').append(n);
            }
        }
        return out.toString();
    }

    /**
     * Parsed by the producer's {@link ConfigFile}, whose messages never show a proxy URL (it may hold a password);
     * {@code URI.create} would quote it whole.
     */
    private static void proxyUrl(ProducerConfig.Builder b, String url) {
        Properties one = new Properties();
        one.setProperty("proxy_url", url);
        String source = "kinesis.proxy.url";
        try {
            ConfigFile.fromProperties(one, source).applyTo(b);
        } catch (io.github.kinesisproducer.ConfigException e) {
            String m = String.valueOf(e.getMessage());
            throw new io.github.kinesisproducer.ConfigException(m.startsWith(source + ": ")
                    ? m.substring(source.length() + 2) : m);
        }
    }

    private static List<String> strings(List<?> values) {
        return values.stream().map(String::valueOf).toList();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
        String wanted = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(lower(e));
        }
        throw new io.github.kinesisproducer.ConfigException("Invalid value " + text + " (allowed: "
                + String.join(", ", allowed) + ")");
    }
}
