package io.github.kinesisproducer.spring.boot;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.RecordDistribution;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * The settings of one producer, as Spring properties: every setting of {@code ProducerConfig}, with Boot's formats
 * for durations ({@code 100ms}, {@code 30s}, {@code PT1M}; a bare number is milliseconds) and data sizes
 * ({@code 64MB}, {@code 512KB}; binary units, a bare number is bytes). A setting left unset (null) keeps the
 * producer's default (for a named producer: the top-level value, else the default); the defaults listed in the
 * configuration metadata are {@code ProducerConfig}'s, and a test keeps them equal.
 */
public class ProducerSettings {
    /**
     * Name of the Kinesis stream to write to (1-128 characters of a-z, A-Z, 0-9, '_', '.', '-'). Required, unless
     * only named producers are configured.
     */
    private String streamName;
    /**
     * AWS region, e.g. eu-west-1. Unset: the application's AwsRegionProvider bean if there is one, else the SDK's
     * default region chain.
     */
    private String region;
    /**
     * Endpoint override, e.g. http://127.0.0.1:4567 for a local emulator or a VPC endpoint (a path is kept). Unset:
     * AWS_ENDPOINT_URL_KINESIS / AWS_ENDPOINT_URL, else the region's endpoint.
     */
    private URI endpoint;
    /**
     * HTTP proxy for every Kinesis call, e.g. http://user:password@proxy.corp:3128 (user name and password %-encoded):
     * https endpoints through a CONNECT tunnel, Basic authentication. Never logged or shown in errors with its
     * credentials. Unset: the JVM's proxy properties, then HTTPS_PROXY / HTTP_PROXY, unless use-system-proxy is false.
     */
    private String proxyUrl;
    /** Hosts reached directly whatever names the proxy: host, .domain, *.domain, 10.0.0.0/8, host:port, *. */
    private List<String> nonProxyHosts;
    /**
     * Without proxy-url: whether the JVM's proxy properties (https.proxyHost, ...) and the environment (HTTPS_PROXY,
     * HTTP_PROXY, NO_PROXY) may name a proxy; never applied to loopback endpoints.
     */
    private Boolean useSystemProxy;
    /**
     * How user records are packed into Kinesis records: kpl (KPL aggregates, read by the KCL and the Lambda
     * deaggregators), delimited (records joined with record-delimiter) or none.
     */
    private Aggregation aggregation;
    /** Delimiter between records for delimited aggregation (UTF-8, 1 to 16 bytes). */
    private String recordDelimiter;
    /**
     * Largest aggregate (or joined record); a record that would exceed it starts the next one. 64B to max-record-size.
     */
    private DataSize aggregationMaxSize;
    /** Most user records in one aggregate (unset: no limit besides the size). */
    private Integer aggregationMaxCount;
    /**
     * Longest a record waits in the producer before it is sent, counted from the first record of its aggregate
     * (0 to 1h). Raise it for better packing at low rates; lower it for latency.
     */
    private Duration maxBufferedTime;
    /**
     * The stream's max record size (data plus partition key), 1MB to 10MB; a larger record fails at send. Unset: 1MB
     * until the stream's MaxRecordSizeInKiB has been read.
     */
    private DataSize maxRecordSize;
    /** Records per PutRecords call, 1 to 500. */
    private Integer maxRecordsPerRequest;
    /** Bytes per PutRecords call (data plus keys), 1MB to 10MB and at least max-record-size. */
    private DataSize maxRequestBytes;
    /** PutRecords calls in flight, 1 to 256; 1 sends one at a time. */
    private Integer maxConcurrency;
    /** PutRecords attempts per record before it fails, 1 to 1000. */
    private Integer maxAttempts;
    /** A record not put within this time fails with Expired (100ms to 24h). */
    private Duration recordTtl;
    /** Base of the jittered exponential backoff between attempts (doubles per attempt; 1ms to 1m). */
    private Duration retryBackoff;
    /** Backoff base after Kinesis throttled a record (1ms to 1m). */
    private Duration throttleBackoff;
    /** Cap on one backoff (1ms to 10m). */
    private Duration maxBackoff;
    /** Timeout of one PutRecords attempt (100ms to 10m); a timed-out call may still have stored its records. */
    private Duration requestTimeout;
    /** Memory cap: bytes (data plus keys) the producer holds; send blocks beyond it (1MB to 1TB). */
    private DataSize maxBufferedBytes;
    /** Memory cap: user records the producer holds; send blocks beyond it (1 to 100000000). */
    private Integer maxBufferedRecords;
    /** How long send waits for buffer space before BufferFullException (0 to 1h; trySend never waits). */
    private Duration maxBlock;
    /** Per-shard rate limit as a percentage of 1000 records/s and 1 MiB/s; 0 turns it off (0 to 10000). */
    private Integer rateLimitPercent;
    /**
     * Keep per-key send order, retries included (one request in flight per shard). Off: no order promise. Refused on
     * streams that place records themselves (record distribution AUTO).
     */
    private Boolean strictOrdering;
    /**
     * How the stream places records: detect (read its RecordDistributionStrategy with DescribeStreamSummary), auto
     * (the stream places records itself: no KPL aggregation) or user-partition-key (placement by key, no
     * DescribeStreamSummary call).
     */
    private RecordDistribution recordDistribution;
    /** How often detect reads the stream's record distribution again (1s to 24h). */
    private Duration recordDistributionCheckInterval;
    /**
     * How long a stream other than stream-name may go without records (and nothing outstanding) before the producer
     * forgets its shard map and limits (1s to 24h).
     */
    private Duration streamIdleTimeout;
    /**
     * Once the producer writes to two or more streams, the most of the buffer (percent, 1 to 100) one stream may hold,
     * so a throttled stream cannot fill it; 100 = no cap.
     */
    private Integer streamBufferShare;

    public String getStreamName() {
        return streamName;
    }

    public void setStreamName(String streamName) {
        this.streamName = streamName;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public URI getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(URI endpoint) {
        this.endpoint = endpoint;
    }

    public String getProxyUrl() {
        return proxyUrl;
    }

    public void setProxyUrl(String proxyUrl) {
        this.proxyUrl = proxyUrl;
    }

    public List<String> getNonProxyHosts() {
        return nonProxyHosts;
    }

    public void setNonProxyHosts(List<String> nonProxyHosts) {
        this.nonProxyHosts = nonProxyHosts;
    }

    public Boolean getUseSystemProxy() {
        return useSystemProxy;
    }

    public void setUseSystemProxy(Boolean useSystemProxy) {
        this.useSystemProxy = useSystemProxy;
    }

    public Aggregation getAggregation() {
        return aggregation;
    }

    public void setAggregation(Aggregation aggregation) {
        this.aggregation = aggregation;
    }

    public String getRecordDelimiter() {
        return recordDelimiter;
    }

    public void setRecordDelimiter(String recordDelimiter) {
        this.recordDelimiter = recordDelimiter;
    }

    public DataSize getAggregationMaxSize() {
        return aggregationMaxSize;
    }

    public void setAggregationMaxSize(DataSize aggregationMaxSize) {
        this.aggregationMaxSize = aggregationMaxSize;
    }

    public Integer getAggregationMaxCount() {
        return aggregationMaxCount;
    }

    public void setAggregationMaxCount(Integer aggregationMaxCount) {
        this.aggregationMaxCount = aggregationMaxCount;
    }

    public Duration getMaxBufferedTime() {
        return maxBufferedTime;
    }

    public void setMaxBufferedTime(Duration maxBufferedTime) {
        this.maxBufferedTime = maxBufferedTime;
    }

    public DataSize getMaxRecordSize() {
        return maxRecordSize;
    }

    public void setMaxRecordSize(DataSize maxRecordSize) {
        this.maxRecordSize = maxRecordSize;
    }

    public Integer getMaxRecordsPerRequest() {
        return maxRecordsPerRequest;
    }

    public void setMaxRecordsPerRequest(Integer maxRecordsPerRequest) {
        this.maxRecordsPerRequest = maxRecordsPerRequest;
    }

    public DataSize getMaxRequestBytes() {
        return maxRequestBytes;
    }

    public void setMaxRequestBytes(DataSize maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    public Integer getMaxConcurrency() {
        return maxConcurrency;
    }

    public void setMaxConcurrency(Integer maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
    }

    public Integer getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getRecordTtl() {
        return recordTtl;
    }

    public void setRecordTtl(Duration recordTtl) {
        this.recordTtl = recordTtl;
    }

    public Duration getRetryBackoff() {
        return retryBackoff;
    }

    public void setRetryBackoff(Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    public Duration getThrottleBackoff() {
        return throttleBackoff;
    }

    public void setThrottleBackoff(Duration throttleBackoff) {
        this.throttleBackoff = throttleBackoff;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public DataSize getMaxBufferedBytes() {
        return maxBufferedBytes;
    }

    public void setMaxBufferedBytes(DataSize maxBufferedBytes) {
        this.maxBufferedBytes = maxBufferedBytes;
    }

    public Integer getMaxBufferedRecords() {
        return maxBufferedRecords;
    }

    public void setMaxBufferedRecords(Integer maxBufferedRecords) {
        this.maxBufferedRecords = maxBufferedRecords;
    }

    public Duration getMaxBlock() {
        return maxBlock;
    }

    public void setMaxBlock(Duration maxBlock) {
        this.maxBlock = maxBlock;
    }

    public Integer getRateLimitPercent() {
        return rateLimitPercent;
    }

    public void setRateLimitPercent(Integer rateLimitPercent) {
        this.rateLimitPercent = rateLimitPercent;
    }

    public Boolean getStrictOrdering() {
        return strictOrdering;
    }

    public void setStrictOrdering(Boolean strictOrdering) {
        this.strictOrdering = strictOrdering;
    }

    public RecordDistribution getRecordDistribution() {
        return recordDistribution;
    }

    public void setRecordDistribution(RecordDistribution recordDistribution) {
        this.recordDistribution = recordDistribution;
    }

    public Duration getRecordDistributionCheckInterval() {
        return recordDistributionCheckInterval;
    }

    public void setRecordDistributionCheckInterval(Duration recordDistributionCheckInterval) {
        this.recordDistributionCheckInterval = recordDistributionCheckInterval;
    }

    public Duration getStreamIdleTimeout() {
        return streamIdleTimeout;
    }

    public void setStreamIdleTimeout(Duration streamIdleTimeout) {
        this.streamIdleTimeout = streamIdleTimeout;
    }

    public Integer getStreamBufferShare() {
        return streamBufferShare;
    }

    public void setStreamBufferShare(Integer streamBufferShare) {
        this.streamBufferShare = streamBufferShare;
    }
}
