package io.github.kinesisproducer;

import io.github.kinesisproducer.internal.config.ConfigRules;
import io.github.kinesisproducer.internal.http.ProxySetting;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Immutable producer settings. Every default is one named constant below; its Javadoc says what
 * the setting does and when to change it. Build with {@link #builder(String)}; every setter checks
 * its value at once and throws {@link ConfigException} naming the key, the value and what is allowed.
 */
public final class ProducerConfig {

    /** Kinesis's hard limit on records per PutRecords call. */
    public static final int KINESIS_MAX_RECORDS_PER_REQUEST = 500;
    /** Kinesis's limit on one PutRecords call, partition keys included (raised from 5 MiB). */
    public static final int KINESIS_MAX_REQUEST_BYTES = 10 * 1024 * 1024;
    /** Smallest and largest per-stream max record size Kinesis allows (1024–10240 KiB). */
    public static final int KINESIS_MIN_RECORD_SIZE = 1024 * 1024;
    public static final int KINESIS_MAX_RECORD_SIZE = 10 * 1024 * 1024;
    /** Longest partition key, in characters. */
    public static final int KINESIS_MAX_PARTITION_KEY_LENGTH = 256;

    /** Default {@code aggregation}: {@link Aggregation#KPL}, readable by the KCL and the Lambda deaggregators. */
    public static final Aggregation DEFAULT_AGGREGATION = Aggregation.KPL;
    /** Default {@code record_delimiter} for {@link Aggregation#DELIMITED}: a newline, as in the seed's README. */
    public static final String DEFAULT_RECORD_DELIMITER = "\n";
    /**
     * Default {@code buffer_size_limit}: 51,200 bytes, the KPL's {@code AggregationMaxSize}. An aggregate is
     * sent when the next user record would push it past this. Larger aggregates mean fewer Kinesis records
     * (cheaper PUT payload units) but more data lost per consumer-side failure; raise it up to the stream's
     * max record size for bulk data.
     */
    public static final int DEFAULT_AGGREGATION_MAX_SIZE = 51_200;
    /** Default {@code aggregation_max_count}: no limit besides size. Lower it if consumers want small batches. */
    public static final int DEFAULT_AGGREGATION_MAX_COUNT = Integer.MAX_VALUE;
    /**
     * Default {@code buffer_time_limit}: 100 ms, the KPL's {@code RecordMaxBufferedTime}. The longest a record
     * waits in the producer before it is sent, counted from the first record of an aggregate (not the last,
     * unlike the seed). Raise it for better packing at low rates; lower it for latency.
     */
    public static final Duration DEFAULT_MAX_BUFFERED_TIME = Duration.ofMillis(100);
    /** Default {@code max_record_size}: 1 MiB, the default per-stream limit. Raise it only for streams configured for larger records. */
    public static final int DEFAULT_MAX_RECORD_SIZE = KINESIS_MIN_RECORD_SIZE;
    /** Default {@code max_records_per_request}: 500, the service maximum. */
    public static final int DEFAULT_MAX_RECORDS_PER_REQUEST = KINESIS_MAX_RECORDS_PER_REQUEST;
    /**
     * Default {@code max_request_bytes}: 5 MiB. The service now takes 10 MiB; 5 MiB keeps requests small enough
     * for emulators (kinesalite caps bodies at 7 MiB of base64) and for slow links.
     */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 5 * 1024 * 1024;
    /** Default {@code kinesis_concurrency}: 4 PutRecords calls in flight. 1 sends one at a time. */
    public static final int DEFAULT_MAX_CONCURRENCY = 4;
    /**
     * Default {@code kinesis_max_retries}: 10 attempts per record (the seed counts attempts). The time-to-live
     * usually ends retries first.
     */
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    /** Default {@code record_ttl}: 30 s, the KPL's {@code RecordTtl}. A record not put by then fails with {@code Expired}. */
    public static final Duration DEFAULT_RECORD_TTL = Duration.ofSeconds(30);
    /** Default {@code retry_backoff}: 100 ms, the seed's base. Backoff doubles per attempt, with jitter. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);
    /** Default {@code throttle_backoff}: 500 ms base after throttling, so a hot shard gets time to recover. */
    public static final Duration DEFAULT_THROTTLE_BACKOFF = Duration.ofMillis(500);
    /** Default {@code max_backoff}: 10 s cap on one backoff. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    /**
     * Default {@code request_timeout}: 6 s per PutRecords attempt, as the KPL. A timed-out request may still have
     * succeeded, so its records can be duplicated by the retry.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(6);
    /** Default {@code max_buffered_bytes}: 64 MiB of record data (plus keys) held at once; {@code send} blocks beyond it. */
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 64L * 1024 * 1024;
    /** Default {@code max_buffered_records}: 100,000 user records held at once; {@code send} blocks beyond it. */
    public static final int DEFAULT_MAX_BUFFERED_RECORDS = 100_000;
    /** Default {@code max_block}: 60 s, how long {@code send} waits for buffer space before {@link BufferFullException}. */
    public static final Duration DEFAULT_MAX_BLOCK = Duration.ofSeconds(60);
    /**
     * Default {@code rate_limit_percent}: 150 % of a shard's 1,000 records/s and 1 MiB/s, as the KPL. Lower it
     * when other producers write to the same stream; 0 turns per-shard limiting off.
     */
    public static final int DEFAULT_RATE_LIMIT_PERCENT = 150;
    /** Default {@code strict_ordering}: off (no order promise). On, per-shard send order holds, retries included (one request in flight per shard). */
    public static final boolean DEFAULT_STRICT_ORDERING = false;
    /**
     * Default {@code record_distribution}: {@link RecordDistribution#DETECT}, read the stream's strategy (and its
     * max record size) with {@code DescribeStreamSummary} and adapt when the stream places records itself.
     */
    public static final RecordDistribution DEFAULT_RECORD_DISTRIBUTION = RecordDistribution.DETECT;
    /**
     * Default {@code record_distribution_check_interval}: 5 min (the KPL's {@code DescribeStreamSummaryIntervalMs}), how
     * often {@code DescribeStreamSummary} is read again. The call's quota is 20/s per account: keep it long.
     */
    public static final Duration DEFAULT_RECORD_DISTRIBUTION_CHECK_INTERVAL = Duration.ofMinutes(5);
    /** Default {@code use_system_proxy}: true, the JVM's proxy properties, then the environment, may name a proxy. */
    public static final boolean DEFAULT_USE_SYSTEM_PROXY = ProxySetting.DEFAULT.useSystemProxy();
    /**
     * Default {@code stream_idle_timeout}: 5 min without a record before a stream other than {@code stream_name} is
     * forgotten (its shard map and record distribution are read again on its next record).
     */
    public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /**
     * Default {@code stream_buffer_share}: 50 %. With two or more streams, one holds at most this share of the buffer:
     * a throttled stream blocks its own senders there and leaves the rest to the others.
     */
    public static final int DEFAULT_STREAM_BUFFER_SHARE = 50;

    // The values, in a private copy of the builder that nothing else holds (one list of fields, not two).
    private final Builder v;

    private ProducerConfig(Builder b) {
        this.v = new Builder(b);
    }

    /** A builder with every default and this default stream. */
    public static Builder builder(String streamName) {
        return new Builder().streamName(streamName);
    }

    /** A builder with every default and no stream name yet. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder(v);
    }

    /** The default stream (name or ARN), or null: every record names its stream. */
    public String streamName() { return v.streamName; }
    /** The AWS region, or null for the SDK's default region chain. */
    public String region() { return v.region; }
    /** The endpoint override (emulators, VPC endpoints), or null for the region's endpoint. */
    public URI endpoint() { return v.endpoint; }
    public Aggregation aggregation() { return v.aggregation; }
    public byte[] recordDelimiter() { return v.recordDelimiter.clone(); }
    public int aggregationMaxSize() { return v.aggregationMaxSize; }
    public int aggregationMaxCount() { return v.aggregationMaxCount; }
    public Duration maxBufferedTime() { return v.maxBufferedTime; }
    public int maxRecordSize() { return v.maxRecordSize; }
    public int maxRecordsPerRequest() { return v.maxRecordsPerRequest; }
    public int maxRequestBytes() { return v.maxRequestBytes; }
    public int maxConcurrency() { return v.maxConcurrency; }
    public int maxAttempts() { return v.maxAttempts; }
    public Duration recordTtl() { return v.recordTtl; }
    public Duration retryBackoff() { return v.retryBackoff; }
    public Duration throttleBackoff() { return v.throttleBackoff; }
    public Duration maxBackoff() { return v.maxBackoff; }
    public Duration requestTimeout() { return v.requestTimeout; }
    public long maxBufferedBytes() { return v.maxBufferedBytes; }
    public int maxBufferedRecords() { return v.maxBufferedRecords; }
    public Duration maxBlock() { return v.maxBlock; }
    public int rateLimitPercent() { return v.rateLimitPercent; }
    public boolean strictOrdering() { return v.strictOrdering; }
    /**
     * True if {@code max_record_size} was set; otherwise the stream's {@code MaxRecordSizeInKiB}, once read, takes the
     * place of the default.
     */
    public boolean maxRecordSizeSet() { return v.maxRecordSizeSet; }
    public RecordDistribution recordDistribution() { return v.recordDistribution; }
    public Duration recordDistributionCheckInterval() { return v.recordDistributionCheckInterval; }
    /** {@code proxy_url}, credentials included (never log it; {@link #toString()} hides them), or null. */
    public URI proxyUrl() { return v.proxy.url(); }
    /** {@code non_proxy_hosts}: host patterns reached directly, whatever names the proxy; empty for none. */
    public List<String> nonProxyHosts() { return v.proxy.nonProxyHosts(); }
    /** {@code use_system_proxy}: whether the JVM's proxy properties and the environment may name a proxy. */
    public boolean useSystemProxy() { return v.proxy.useSystemProxy(); }
    public Duration streamIdleTimeout() { return v.streamIdleTimeout; }
    /** Percent of the buffer one stream may hold once the producer writes to two or more streams. */
    public int streamBufferShare() { return v.streamBufferShare; }

    @Override
    public String toString() {
        return "ProducerConfig{stream=" + v.streamName + ", region=" + v.region + ", endpoint=" + v.endpoint
                + ", aggregation=" + v.aggregation + ", aggregationMaxSize=" + v.aggregationMaxSize
                + ", maxBufferedTime=" + v.maxBufferedTime + ", maxConcurrency=" + v.maxConcurrency
                + ", maxAttempts=" + v.maxAttempts + ", recordTtl=" + v.recordTtl
                + ", maxBufferedBytes=" + v.maxBufferedBytes + ", strictOrdering=" + v.strictOrdering
                + ", recordDistribution=" + v.recordDistribution + v.proxy + "}";
    }

    /** Mutable builder; each setter validates its value. */
    public static final class Builder {
        private String streamName;
        private String region;
        private URI endpoint;
        private Aggregation aggregation = DEFAULT_AGGREGATION;
        private byte[] recordDelimiter = DEFAULT_RECORD_DELIMITER.getBytes(StandardCharsets.UTF_8);
        private int aggregationMaxSize = DEFAULT_AGGREGATION_MAX_SIZE;
        private int aggregationMaxCount = DEFAULT_AGGREGATION_MAX_COUNT;
        private Duration maxBufferedTime = DEFAULT_MAX_BUFFERED_TIME;
        private int maxRecordSize = DEFAULT_MAX_RECORD_SIZE;
        private int maxRecordsPerRequest = DEFAULT_MAX_RECORDS_PER_REQUEST;
        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration recordTtl = DEFAULT_RECORD_TTL;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
        private Duration throttleBackoff = DEFAULT_THROTTLE_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
        private int maxBufferedRecords = DEFAULT_MAX_BUFFERED_RECORDS;
        private Duration maxBlock = DEFAULT_MAX_BLOCK;
        private int rateLimitPercent = DEFAULT_RATE_LIMIT_PERCENT;
        private boolean strictOrdering = DEFAULT_STRICT_ORDERING;
        private boolean maxRecordSizeSet;
        private RecordDistribution recordDistribution = DEFAULT_RECORD_DISTRIBUTION;
        private Duration recordDistributionCheckInterval = DEFAULT_RECORD_DISTRIBUTION_CHECK_INTERVAL;
        private ProxySetting proxy = ProxySetting.DEFAULT;
        private Duration streamIdleTimeout = DEFAULT_STREAM_IDLE_TIMEOUT;
        private int streamBufferShare = DEFAULT_STREAM_BUFFER_SHARE;

        private Builder() {
        }

        private Builder(Builder c) {
            streamName = c.streamName;
            region = c.region;
            endpoint = c.endpoint;
            aggregation = c.aggregation;
            recordDelimiter = c.recordDelimiter.clone();
            aggregationMaxSize = c.aggregationMaxSize;
            aggregationMaxCount = c.aggregationMaxCount;
            maxBufferedTime = c.maxBufferedTime;
            maxRecordSize = c.maxRecordSize;
            maxRecordsPerRequest = c.maxRecordsPerRequest;
            maxRequestBytes = c.maxRequestBytes;
            maxConcurrency = c.maxConcurrency;
            maxAttempts = c.maxAttempts;
            recordTtl = c.recordTtl;
            retryBackoff = c.retryBackoff;
            throttleBackoff = c.throttleBackoff;
            maxBackoff = c.maxBackoff;
            requestTimeout = c.requestTimeout;
            maxBufferedBytes = c.maxBufferedBytes;
            maxBufferedRecords = c.maxBufferedRecords;
            maxBlock = c.maxBlock;
            rateLimitPercent = c.rateLimitPercent;
            strictOrdering = c.strictOrdering;
            maxRecordSizeSet = c.maxRecordSizeSet;
            recordDistribution = c.recordDistribution;
            recordDistributionCheckInterval = c.recordDistributionCheckInterval;
            proxy = c.proxy;
            streamIdleTimeout = c.streamIdleTimeout;
            streamBufferShare = c.streamBufferShare;
        }

        /** {@code stream_name}: the default stream, a name ({@code [a-zA-Z0-9_.-]}, 1–128) or an ARN; unset: none. */
        public Builder streamName(String v) {
            streamName = ConfigRules.streamName(v);
            return this;
        }

        /** {@code aws_region}, e.g. {@code us-east-1}; null uses the SDK's default region chain. */
        public Builder region(String v) {
            region = ConfigRules.region(v);
            return this;
        }

        /**
         * {@code endpoint_url}: an http(s) URI such as {@code http://127.0.0.1:4567}; null for AWS's endpoint. A path
         * is kept ({@code https://gateway.example/kinesis}); a query or fragment is not allowed.
         */
        public Builder endpoint(URI v) {
            endpoint = ConfigRules.endpoint(v);
            return this;
        }

        /** {@code aggregation}: see {@link Aggregation}. Default {@link #DEFAULT_AGGREGATION}. */
        public Builder aggregation(Aggregation v) {
            aggregation = Objects.requireNonNull(v, "aggregation");
            return this;
        }

        /** {@code record_delimiter} as bytes, for {@link Aggregation#DELIMITED}; 1–16 bytes. */
        public Builder recordDelimiter(byte[] v) {
            if (v == null || v.length == 0 || v.length > 16) {
                throw bad("record_delimiter", v == null ? null : Arrays.toString(v), "1 to 16 bytes");
            }
            recordDelimiter = v.clone();
            return this;
        }

        /** {@code record_delimiter} as a string, encoded as UTF-8. */
        public Builder recordDelimiter(String v) {
            if (v == null || v.isEmpty()) {
                throw bad("record_delimiter", v, "a non-empty string or byte array of at most 16 bytes");
            }
            return recordDelimiter(v.getBytes(StandardCharsets.UTF_8));
        }

        /** {@code buffer_size_limit}: bytes per aggregate; 64 to 10 MiB, capped by {@link #maxRecordSize}. */
        public Builder aggregationMaxSize(int v) {
            aggregationMaxSize = range("buffer_size_limit", v, 64, KINESIS_MAX_RECORD_SIZE);
            return this;
        }

        /** {@code aggregation_max_count}: user records per aggregate, at least 1. */
        public Builder aggregationMaxCount(int v) {
            aggregationMaxCount = range("aggregation_max_count", v, 1, Integer.MAX_VALUE);
            return this;
        }

        /** {@code buffer_time_limit}: 0 to 1 hour. */
        public Builder maxBufferedTime(Duration v) {
            maxBufferedTime = duration("buffer_time_limit", v, Duration.ZERO, Duration.ofHours(1));
            return this;
        }

        /**
         * {@code max_record_size}: the stream's max record size, 1 MiB to 10 MiB. Unset, the stream's own
         * {@code MaxRecordSizeInKiB} applies once {@code DescribeStreamSummary} has read it.
         */
        public Builder maxRecordSize(int v) {
            maxRecordSize = range("max_record_size", v, KINESIS_MIN_RECORD_SIZE, KINESIS_MAX_RECORD_SIZE);
            maxRecordSizeSet = true;
            return this;
        }

        /** {@code max_records_per_request}: 1–500. */
        public Builder maxRecordsPerRequest(int v) {
            maxRecordsPerRequest = range("max_records_per_request", v, 1, KINESIS_MAX_RECORDS_PER_REQUEST);
            return this;
        }

        /** {@code max_request_bytes}: 1 MiB to 10 MiB, at least {@link #maxRecordSize}. */
        public Builder maxRequestBytes(int v) {
            maxRequestBytes = range("max_request_bytes", v, KINESIS_MIN_RECORD_SIZE, KINESIS_MAX_REQUEST_BYTES);
            return this;
        }

        /** {@code kinesis_concurrency}: PutRecords calls in flight, 1–256. */
        public Builder maxConcurrency(int v) {
            maxConcurrency = range("kinesis_concurrency", v, 1, 256);
            return this;
        }

        /** {@code kinesis_max_retries}: PutRecords attempts per record before giving up, 1–1000. */
        public Builder maxAttempts(int v) {
            maxAttempts = range("kinesis_max_retries", v, 1, 1000);
            return this;
        }

        /** {@code record_ttl}: 100 ms to 24 h. */
        public Builder recordTtl(Duration v) {
            recordTtl = duration("record_ttl", v, Duration.ofMillis(100), Duration.ofHours(24));
            return this;
        }

        /** {@code retry_backoff}: 1 ms to 1 min. */
        public Builder retryBackoff(Duration v) {
            retryBackoff = duration("retry_backoff", v, Duration.ofMillis(1), Duration.ofMinutes(1));
            return this;
        }

        /** {@code throttle_backoff}: 1 ms to 1 min. */
        public Builder throttleBackoff(Duration v) {
            throttleBackoff = duration("throttle_backoff", v, Duration.ofMillis(1), Duration.ofMinutes(1));
            return this;
        }

        /** {@code max_backoff}: 1 ms to 10 min. */
        public Builder maxBackoff(Duration v) {
            maxBackoff = duration("max_backoff", v, Duration.ofMillis(1), Duration.ofMinutes(10));
            return this;
        }

        /** {@code request_timeout}: 100 ms to 10 min. */
        public Builder requestTimeout(Duration v) {
            requestTimeout = duration("request_timeout", v, Duration.ofMillis(100), Duration.ofMinutes(10));
            return this;
        }

        /** {@code max_buffered_bytes}: 1 MiB to 1 TiB, and at least {@link #maxRecordSize}. */
        public Builder maxBufferedBytes(long v) {
            if (v < 1024L * 1024 || v > (1L << 40)) {
                throw bad("max_buffered_bytes", v, "1 MiB (1048576) to 1 TiB");
            }
            maxBufferedBytes = v;
            return this;
        }

        /** {@code max_buffered_records}: 1 to 100,000,000. */
        public Builder maxBufferedRecords(int v) {
            maxBufferedRecords = range("max_buffered_records", v, 1, 100_000_000);
            return this;
        }

        /** {@code max_block}: 0 (never wait) to 1 hour. */
        public Builder maxBlock(Duration v) {
            maxBlock = duration("max_block", v, Duration.ZERO, Duration.ofHours(1));
            return this;
        }

        /** {@code rate_limit_percent}: 0 (off) or 1–10000 % of a shard's write limits. */
        public Builder rateLimitPercent(int v) {
            rateLimitPercent = range("rate_limit_percent", v, 0, 10_000);
            return this;
        }

        /** {@code strict_ordering}: keep per-shard order across retries (one request in flight per shard). */
        public Builder strictOrdering(boolean v) {
            strictOrdering = v;
            return this;
        }

        /** {@code record_distribution}: see {@link RecordDistribution}. Default {@link #DEFAULT_RECORD_DISTRIBUTION}. */
        public Builder recordDistribution(RecordDistribution v) {
            recordDistribution = Objects.requireNonNull(v, "record_distribution");
            return this;
        }

        /** {@code record_distribution_check_interval}: 1 s to 24 h. */
        public Builder recordDistributionCheckInterval(Duration v) {
            recordDistributionCheckInterval = duration("record_distribution_check_interval", v, Duration.ofSeconds(1),
                    Duration.ofHours(24));
            return this;
        }

        /** {@code proxy_url}: {@code http://[USER:PASSWORD@]HOST[:PORT]}, for every endpoint; README "Behind a proxy". */
        public Builder proxyUrl(URI v) {
            proxy = proxy.withUrl(v);
            return this;
        }

        /** {@code non_proxy_hosts}: {@code host}, {@code .domain}, {@code *.domain}, {@code 10.0.0.0/8}, {@code *}. */
        public Builder nonProxyHosts(List<String> v) {
            proxy = proxy.withNonProxyHosts(v);
            return this;
        }

        /** {@code use_system_proxy}: false ignores the JVM's proxy properties and HTTPS_PROXY/HTTP_PROXY/NO_PROXY. */
        public Builder useSystemProxy(boolean v) {
            proxy = proxy.withUseSystemProxy(v);
            return this;
        }

        /** {@code stream_idle_timeout}: 1 s to 24 h. */
        public Builder streamIdleTimeout(Duration v) {
            streamIdleTimeout = duration("stream_idle_timeout", v, Duration.ofSeconds(1), Duration.ofHours(24));
            return this;
        }

        /** {@code stream_buffer_share}: 1–100 % (100: no cap per stream). */
        public Builder streamBufferShare(int v) {
            streamBufferShare = range("stream_buffer_share", v, 1, 100);
            return this;
        }

        /** Checks the settings that depend on each other and builds the config. */
        public ProducerConfig build() {
            ConfigRules.checkTogether(streamName, strictOrdering, recordDistribution, aggregationMaxSize,
                    maxRecordSize, maxBufferedBytes, maxRequestBytes);
            return new ProducerConfig(this);
        }

        private static int range(String key, int v, int min, int max) {
            return ConfigRules.range(key, v, min, max);
        }

        private static Duration duration(String key, Duration v, Duration min, Duration max) {
            return ConfigRules.duration(key, v, min, max);
        }

        private static ConfigException bad(String key, Object value, String allowed) {
            return ConfigRules.bad(key, value, allowed);
        }
    }
}
