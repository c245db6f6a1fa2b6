package io.github.kinesisproducer.internal.config;

import io.github.kinesisproducer.ProducerConfig;
import java.time.Duration;
import java.util.List;

/**
 * The configuration reference: every map key with its builder method, default (read from the constants in
 * {@link ProducerConfig}, so it cannot drift) and meaning. The README's table is generated from this, and a test
 * checks that it matches. Run {@code main} to print it.
 */
public final class ConfigReference {
    /** One row of the table. */
    public record Entry(String key, String builder, String defaultValue, String meaning) {
    }

    private ConfigReference() {
    }

    public static final List<Entry> ENTRIES = List.of(
            new Entry("stream_name", "streamName", "none (map constructor: required)",
                    "The stream records go to unless they name their own (sendTo, KinesisRecord.withStream): a name, "
                            + "or an ARN for another account's stream. Unset: every record names its stream."),
            new Entry("aws_region", "region", "SDK default chain", "AWS region for Kinesis calls, e.g. us-east-1."),
            new Entry("endpoint_url", "endpointOverride", "the region's endpoint",
                    "Endpoint override, e.g. http://127.0.0.1:4567 for an emulator or a VPC endpoint; a path is "
                            + "kept (a gateway behind a path). Unset: AWS_ENDPOINT_URL_KINESIS / AWS_ENDPOINT_URL, "
                            + "else the region's endpoint."),
            new Entry("aggregation", "aggregation", ProducerConfig.DEFAULT_AGGREGATION.name().toLowerCase(java.util.Locale.ROOT)
                    + " (map constructor: delimited)", "kpl (KPL aggregated records, KCL-readable), delimited "
                            + "(seed: records joined with record_delimiter) or none."),
            new Entry("record_delimiter", "configure(c -> c.recordDelimiter(..))",
                    "\\n", "Delimiter for delimited aggregation; a String (UTF-8) or bytes."),
            new Entry("buffer_size_limit", "configure(c -> c.aggregationMaxSize(..))",
                    bytes(ProducerConfig.DEFAULT_AGGREGATION_MAX_SIZE),
                    "Max bytes of one aggregate (KPL) or joined record (delimited); a record that would exceed it "
                            + "starts the next one."),
            new Entry("aggregation_max_count", "configure(c -> c.aggregationMaxCount(..))", "unlimited",
                    "Max user records in one aggregate."),
            new Entry("buffer_time_limit", "maxBufferedTime", seconds(ProducerConfig.DEFAULT_MAX_BUFFERED_TIME),
                    "Longest a record waits before it is sent, counted from the first record of its aggregate "
                            + "(seconds in the map)."),
            new Entry("kinesis_concurrency", "maxConcurrency", Integer.toString(ProducerConfig.DEFAULT_MAX_CONCURRENCY),
                    "PutRecords calls in flight; 1 sends one at a time."),
            new Entry("kinesis_max_retries", "configure(c -> c.maxAttempts(..))",
                    Integer.toString(ProducerConfig.DEFAULT_MAX_ATTEMPTS),
                    "PutRecords attempts per record before it fails (the seed counts attempts)."),
            new Entry("record_ttl", "recordTtl", seconds(ProducerConfig.DEFAULT_RECORD_TTL),
                    "A record not put within this time fails with Expired."),
            new Entry("retry_backoff", "configure(c -> c.retryBackoff(..))",
                    seconds(ProducerConfig.DEFAULT_RETRY_BACKOFF),
                    "Base of the jittered exponential backoff (doubles per attempt)."),
            new Entry("throttle_backoff", "configure(c -> c.throttleBackoff(..))",
                    seconds(ProducerConfig.DEFAULT_THROTTLE_BACKOFF), "Backoff base after throttling."),
            new Entry("max_backoff", "configure(c -> c.maxBackoff(..))", seconds(ProducerConfig.DEFAULT_MAX_BACKOFF),
                    "Cap on one backoff."),
            new Entry("request_timeout", "configure(c -> c.requestTimeout(..))",
                    seconds(ProducerConfig.DEFAULT_REQUEST_TIMEOUT),
                    "Timeout of one PutRecords attempt; a timed-out call may still have stored its records."),
            new Entry("max_record_size", "configure(c -> c.maxRecordSize(..))",
                    bytes(ProducerConfig.DEFAULT_MAX_RECORD_SIZE) + ", or the stream's MaxRecordSizeInKiB once read",
                    "The stream's max record size (data + partition key), 1 to 10 MiB; a larger record fails at send."),
            new Entry("max_records_per_request", "configure(c -> c.maxRecordsPerRequest(..))",
                    Integer.toString(ProducerConfig.DEFAULT_MAX_RECORDS_PER_REQUEST), "Records per PutRecords call."),
            new Entry("max_request_bytes", "configure(c -> c.maxRequestBytes(..))",
                    bytes(ProducerConfig.DEFAULT_MAX_REQUEST_BYTES),
                    "Bytes per PutRecords call (data + keys), up to the service's 10 MiB."),
            new Entry("max_buffered_bytes", "maxBufferedBytes", bytes(ProducerConfig.DEFAULT_MAX_BUFFERED_BYTES),
                    "Memory cap: bytes (data + keys) held; send blocks beyond it."),
            new Entry("max_buffered_records", "configure(c -> c.maxBufferedRecords(..))",
                    Integer.toString(ProducerConfig.DEFAULT_MAX_BUFFERED_RECORDS),
                    "Memory cap: user records held; send blocks beyond it."),
            new Entry("max_block", "maxBlock", seconds(ProducerConfig.DEFAULT_MAX_BLOCK),
                    "How long send waits for buffer space before BufferFullException (trySend never waits)."),
            new Entry("rate_limit_percent", "configure(c -> c.rateLimitPercent(..))",
                    ProducerConfig.DEFAULT_RATE_LIMIT_PERCENT + " %",
                    "Per-shard limit as a percentage of 1,000 records/s and 1 MiB/s; 0 = off."),
            new Entry("strict_ordering", "strictOrdering", Boolean.toString(ProducerConfig.DEFAULT_STRICT_ORDERING),
                    "Keep per-shard (so per-key) send order, retries included (one request in flight per shard); "
                            + "off: no order promise. Refused on streams that place records themselves (AUTO)."),
            new Entry("record_distribution", "recordDistribution",
                    ProducerConfig.DEFAULT_RECORD_DISTRIBUTION.name().toLowerCase(java.util.Locale.ROOT),
                    "detect (read the stream's RecordDistributionStrategy with DescribeStreamSummary, else tell it "
                            + "from where records land), auto (the stream places records itself: no KPL aggregation, "
                            + "no key needed) or user_partition_key (placement by key; no DescribeStreamSummary)."),
            new Entry("record_distribution_check_interval", "configure(c -> c.recordDistributionCheckInterval(..))",
                    minutes(ProducerConfig.DEFAULT_RECORD_DISTRIBUTION_CHECK_INTERVAL),
                    "How often detect reads the strategy again (also at start-up and when a record lands off its "
                            + "key's shard); seconds in the map."),
            new Entry("proxy_url", "configure(c -> c.proxyUrl(..))",
                    "none: https.proxyHost / http.proxyHost, else HTTPS_PROXY / HTTP_PROXY",
                    "HTTP proxy for every Kinesis call, http://[USER:PASSWORD@]HOST[:PORT] (Basic authentication, "
                            + "special characters %-encoded); https:// endpoints through a CONNECT tunnel, TLS end to "
                            + "end. Applies to any endpoint, loopback included; the JVM's and the environment's "
                            + "settings never apply to loopback endpoints. Credentials never appear in logs or "
                            + "messages."),
            new Entry("non_proxy_hosts", "configure(c -> c.nonProxyHosts(..))", "none (plus http.nonProxyHosts / "
                    + "NO_PROXY for the proxy they come with)",
                    "Hosts reached directly whatever names the proxy: a name (and its subdomains), .domain, "
                            + "*.domain, an address, 10.0.0.0/8, *; comma-separated in the map and files."),
            new Entry("use_system_proxy", "configure(c -> c.useSystemProxy(..))",
                    Boolean.toString(ProducerConfig.DEFAULT_USE_SYSTEM_PROXY),
                    "Without proxy_url: let the JVM's properties (https.proxyHost, https.proxyPort, "
                            + "http.nonProxyHosts, their http.* forms) and then the environment (HTTPS_PROXY, "
                            + "HTTP_PROXY, NO_PROXY, lower case first) name the proxy; false ignores both."),
            new Entry("stream_idle_timeout", "configure(c -> c.streamIdleTimeout(..))",
                    minutes(ProducerConfig.DEFAULT_STREAM_IDLE_TIMEOUT),
                    "A stream other than stream_name that got no record for this long, with nothing outstanding, is "
                            + "forgotten (shard map, rate limits, record distribution, record size limit; its counters "
                            + "stay); seconds in the map."),
            new Entry("stream_buffer_share", "configure(c -> c.streamBufferShare(..))",
                    ProducerConfig.DEFAULT_STREAM_BUFFER_SHARE + " %",
                    "Once the producer writes to two or more streams, the most of max_buffered_bytes and "
                            + "max_buffered_records one stream may hold (send to it blocks beyond it), so a slow or "
                            + "throttled stream cannot fill the buffer; 100 = no cap."));

    /** The README table (Markdown). */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| map key | builder | default | meaning |\n");
        sb.append("|---|---|---|---|\n");
        for (Entry e : ENTRIES) {
            sb.append("| `").append(e.key).append("` | `").append(e.builder).append("` | ").append(e.defaultValue)
                    .append(" | ").append(e.meaning).append(" |\n");
        }
        return sb.toString();
    }

    private static String bytes(long n) {
        if (n % (1024 * 1024) == 0) {
            return n + " (" + n / (1024 * 1024) + " MiB)";
        }
        return Long.toString(n);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String minutes(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : seconds(d);
    }

    public static void main(String[] args) {
        System.out.print(markdownTable());
    }
}
