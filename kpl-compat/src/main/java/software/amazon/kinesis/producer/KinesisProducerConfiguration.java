package software.amazon.kinesis.producer;

import com.amazonaws.services.schemaregistry.common.configs.GlueSchemaRegistryConfiguration;
import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.ConfigFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The KPL 1.1 configuration: every setter and getter of {@code software.amazon.kinesis:amazon-kinesis-producer:1.1.x},
 * with the KPL's names, defaults, ranges and chaining, and {@link #fromProperties}/{@link #fromPropertiesFile} reading
 * the KPL's property names ({@code RecordTtl = 30000}). What each setting does here, and which mean nothing without
 * the KPL's native daemon (accepted, with a warning at start-up naming what to use instead): the mapping table in
 * {@code docs/kpl-compat.md}.
 *
 * <p>One addition: {@link #setProducerProperty(String, String)} sets any kinesis-producer setting by its snake_case
 * key (the README's configuration table), e.g. the memory bounds {@code max_buffered_bytes} and {@code max_block};
 * property files may hold those keys too.
 */
public class KinesisProducerConfiguration {

    /** KPL threading models of its native daemon; nothing to choose here (accepted, warned about). */
    public enum ThreadingModel { PER_REQUEST, POOLED }

    /**
     * KPL 1.1: the record distribution strategy assumed for a stream until {@code DescribeStreamSummary} (or where
     * records land) tells it. Mapped to {@code record_distribution}: see {@code docs/kpl-compat.md}.
     */
    public enum RecordDistributionStrategyDefault { UNSET, AUTO, USER_PARTITION_KEY }

    private final List<String[]> additionalDimensions = new ArrayList<>();
    private final Map<String, String> producerProperties = new LinkedHashMap<>();
    private AwsCredentialsProvider credentialsProvider = DefaultCredentialsProvider.builder().build();
    private AwsCredentialsProvider metricsCredentialsProvider;
    private AwsCredentialsProvider glueSchemaRegistryCredentialsProvider;
    private GlueSchemaRegistryConfiguration glueSchemaRegistryConfiguration;
    private String glueSchemaRegistryPropertiesFilePath = "";

    private boolean aggregationEnabled = true;
    private long aggregationMaxCount = 4294967295L;
    private long aggregationMaxSize = 51200L;
    private String cloudwatchEndpoint = "";
    private long cloudwatchPort = 443L;
    private long collectionMaxCount = 500L;
    private long collectionMaxSize = 5242880L;
    private long connectTimeout = 6000L;
    private long credentialsRefreshDelay = 5000L;
    private Boolean enableCoreDumps;
    private boolean failIfThrottled;
    private String kinesisEndpoint = "";
    private long kinesisPort = 443L;
    private String logLevel = "info";
    private long maxConnections = 24L;
    private long maxUserRecordSize = 1048576L;
    private String metricsGranularity = "shard";
    private String metricsLevel = "detailed";
    private String metricsNamespace = "KinesisProducerLibrary";
    private long metricsUploadDelay = 60000L;
    private long minConnections = 1L;
    private String nativeExecutable = "";
    private long rateLimit = 150L;
    private long recordMaxBufferedTime = 100L;
    private long recordTtl = 30000L;
    private String region = "";
    private long requestTimeout = 6000L;
    private String tempDirectory = "";
    private boolean verifyCertificate = true;
    private String proxyHost = "";
    private long proxyPort = 443L;
    private String proxyUserName = "";
    private String proxyPassword = "";
    private String stsEndpoint = "";
    private long stsPort = 443L;
    private ThreadingModel threadingModel = ThreadingModel.PER_REQUEST;
    private int threadPoolSize;
    private long describeStreamSummaryIntervalMs = 300000L;
    private RecordDistributionStrategyDefault recordDistributionStrategyDefault =
            RecordDistributionStrategyDefault.UNSET;
    private String caCertPath = "";
    private String caCertFile = "";
    private long userRecordTimeoutInMillis;
    private boolean enableOldestFutureTracker = true;
    private boolean returnUserRecordOnFailure;
    private boolean enableDaemonHealthCheck;
    private long daemonHealthCheckTimeoutMs = 30000L;

    /**
     * Reads a properties file of KPL keys; see {@link #fromProperties(Properties)}.
     *
     * @throws RuntimeException if the file cannot be read (as the KPL)
     */
    public static KinesisProducerConfiguration fromPropertiesFile(String path) {
        return KplProperties.load(path);
    }

    /**
     * A configuration from properties: each KPL key {@code X} calls {@code setX} with the value (a number, a boolean
     * or text as the setter takes), so every value is checked as the setter checks it; unset keys keep their
     * defaults. kinesis-producer's own snake_case keys go to {@link #setProducerProperty}. Keys that are neither are
     * logged and ignored, as the KPL does.
     *
     * @throws IllegalArgumentException naming the key and the value, if a value is invalid
     */
    public static KinesisProducerConfiguration fromProperties(Properties props) {
        return KplProperties.read(props);
    }

    /**
     * Sets a kinesis-producer setting by its snake_case key (the README's configuration table), value as in a
     * config file: e.g. {@code max_buffered_bytes = 32MiB}, {@code max_block = 10s}, {@code strict_ordering = true}.
     * The value is checked now. A key that a KPL setter also sets (e.g. {@code record_ttl} and {@code RecordTtl}) may
     * be given one way only: both fail when the producer starts.
     *
     * @throws IllegalArgumentException for an unknown key or an invalid value
     */
    public KinesisProducerConfiguration setProducerProperty(String key, String value) {
        if (!KplProperties.SNAKE_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("'" + key + "' is not a kinesis-producer key (snake_case, e.g. "
                    + "max_buffered_bytes); for a KPL setting use its setter, e.g. set" + key);
        }
        if (key.equals("stream_name")) {
            throw new IllegalArgumentException("stream_name cannot be set: each record names its stream");
        }
        Properties one = new Properties();
        one.setProperty(key, value);
        try {
            ConfigFile.fromProperties(one, "setProducerProperty");
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        producerProperties.put(key, value);
        return this;
    }

    /** The kinesis-producer settings given with {@link #setProducerProperty}, in order. */
    public Map<String, String> getProducerProperties() {
        return Collections.unmodifiableMap(producerProperties);
    }

    /** KPL: a custom metrics dimension for CloudWatch. Checked and kept; there is no CloudWatch upload here. */
    public void addAdditionalMetricsDimension(String key, String value, String granularity) {
        KplChecks.pattern("level", granularity, "global|stream|shard");
        additionalDimensions.add(new String[] {key, value, granularity});
    }

    List<String[]> additionalMetricsDimensions() {
        return additionalDimensions;
    }

    public AwsCredentialsProvider getCredentialsProvider() { return credentialsProvider; }

    /** Credentials for Kinesis (SDK v2, as this producer takes them); default: the SDK's default chain. */
    public KinesisProducerConfiguration setCredentialsProvider(AwsCredentialsProvider credentialsProvider) {
        if (credentialsProvider == null) {
            throw new NullPointerException("credentialsProvider cannot be null");
        }
        this.credentialsProvider = credentialsProvider;
        return this;
    }

    public AwsCredentialsProvider getMetricsCredentialsProvider() { return metricsCredentialsProvider; }

    public KinesisProducerConfiguration setMetricsCredentialsProvider(AwsCredentialsProvider provider) {
        this.metricsCredentialsProvider = provider;
        return this;
    }

    public GlueSchemaRegistryConfiguration getGlueSchemaRegistryConfiguration() {
        return glueSchemaRegistryConfiguration;
    }

    public KinesisProducerConfiguration setGlueSchemaRegistryConfiguration(GlueSchemaRegistryConfiguration c) {
        this.glueSchemaRegistryConfiguration = c;
        return this;
    }

    public String getGlueSchemaRegistryPropertiesFilePath() { return glueSchemaRegistryPropertiesFilePath; }

    /** Kept (the KPL reads it into a GSR configuration); Glue Schema Registry serialization is not supported here. */
    public KinesisProducerConfiguration setGlueSchemaRegistryPropertiesFilePath(String filePath) {
        this.glueSchemaRegistryPropertiesFilePath = filePath;
        return this;
    }

    public AwsCredentialsProvider getGlueSchemaRegistryCredentialsProvider() {
        return glueSchemaRegistryCredentialsProvider;
    }

    public KinesisProducerConfiguration setGlueSchemaRegistryCredentialsProvider(AwsCredentialsProvider provider) {
        this.glueSchemaRegistryCredentialsProvider = provider;
        return this;
    }

    /** A directory of CA certificates (PEM): server certificates are checked against these instead of the JVM's. */
    public KinesisProducerConfiguration setCaCertPath(String val) { caCertPath = val; return this; }

    public String getCaCertPath() { return caCertPath; }

    /** A file of CA certificates (PEM): server certificates are checked against these instead of the JVM's. */
    public KinesisProducerConfiguration setCaCertFile(String val) { caCertFile = val; return this; }

    public String getCaCertFile() { return caCertFile; }

    public boolean isAggregationEnabled() { return aggregationEnabled; }
    public long getAggregationMaxCount() { return aggregationMaxCount; }
    public long getAggregationMaxSize() { return aggregationMaxSize; }
    public String getCloudwatchEndpoint() { return cloudwatchEndpoint; }
    public long getCloudwatchPort() { return cloudwatchPort; }
    public long getCollectionMaxCount() { return collectionMaxCount; }
    public long getCollectionMaxSize() { return collectionMaxSize; }
    public long getConnectTimeout() { return connectTimeout; }
    public long getCredentialsRefreshDelay() { return credentialsRefreshDelay; }
    public boolean isEnableCoreDumps() { return enableCoreDumps != null && enableCoreDumps; }
    public boolean isFailIfThrottled() { return failIfThrottled; }
    public String getKinesisEndpoint() { return kinesisEndpoint; }
    public long getKinesisPort() { return kinesisPort; }
    public String getLogLevel() { return logLevel; }
    public long getMaxConnections() { return maxConnections; }
    public long getMaxUserRecordSize() { return maxUserRecordSize; }
    public String getMetricsGranularity() { return metricsGranularity; }
    public String getMetricsLevel() { return metricsLevel; }
    public String getMetricsNamespace() { return metricsNamespace; }
    public long getMetricsUploadDelay() { return metricsUploadDelay; }
    public long getMinConnections() { return minConnections; }
    public String getNativeExecutable() { return nativeExecutable; }
    public long getRateLimit() { return rateLimit; }
    public long getRecordMaxBufferedTime() { return recordMaxBufferedTime; }
    public long getRecordTtl() { return recordTtl; }
    public String getRegion() { return region; }
    public long getRequestTimeout() { return requestTimeout; }
    public String getTempDirectory() { return tempDirectory; }
    public boolean isVerifyCertificate() { return verifyCertificate; }
    public String getProxyHost() { return proxyHost; }
    public long getProxyPort() { return proxyPort; }
    public String getProxyUserName() { return proxyUserName; }
    public String getProxyPassword() { return proxyPassword; }
    public String getStsEndpoint() { return stsEndpoint; }
    public long getStsPort() { return stsPort; }
    public ThreadingModel getThreadingModel() { return threadingModel; }
    public long getDescribeStreamSummaryIntervalMs() { return describeStreamSummaryIntervalMs; }
    public RecordDistributionStrategyDefault getRecordDistributionStrategyDefault() {
        return recordDistributionStrategyDefault;
    }
    public int getThreadPoolSize() { return threadPoolSize; }
    public long getUserRecordTimeoutInMillis() { return userRecordTimeoutInMillis; }
    public boolean getEnableOldestFutureTracker() { return enableOldestFutureTracker; }
    public boolean getReturnUserRecordOnFailure() { return returnUserRecordOnFailure; }
    public boolean getEnableDaemonHealthCheck() { return enableDaemonHealthCheck; }
    public long getDaemonHealthCheckTimeoutMs() { return daemonHealthCheckTimeoutMs; }

    public KinesisProducerConfiguration setAggregationEnabled(boolean val) {
        aggregationEnabled = val;
        return this;
    }

    public KinesisProducerConfiguration setAggregationMaxCount(long val) {
        aggregationMaxCount = KplChecks.range("aggregationMaxCount", val, 1L, Long.MAX_VALUE);
        return this;
    }

    public KinesisProducerConfiguration setAggregationMaxSize(long val) {
        aggregationMaxSize = KplChecks.range("aggregationMaxSize", val, 64L, 10485760L);
        return this;
    }

    public KinesisProducerConfiguration setCloudwatchEndpoint(String val) {
        cloudwatchEndpoint = KplChecks.host("cloudwatchEndpoint", val);
        return this;
    }

    public KinesisProducerConfiguration setCloudwatchPort(long val) {
        cloudwatchPort = KplChecks.range("cloudwatchPort", val, 1L, 65535L);
        return this;
    }

    public KinesisProducerConfiguration setCollectionMaxCount(long val) {
        collectionMaxCount = KplChecks.range("collectionMaxCount", val, 1L, 500L);
        return this;
    }

    public KinesisProducerConfiguration setCollectionMaxSize(long val) {
        collectionMaxSize = KplChecks.range("collectionMaxSize", val, 52224L, Long.MAX_VALUE);
        return this;
    }

    public KinesisProducerConfiguration setConnectTimeout(long val) {
        connectTimeout = KplChecks.range("connectTimeout", val, 100L, 300000L);
        return this;
    }

    public KinesisProducerConfiguration setCredentialsRefreshDelay(long val) {
        credentialsRefreshDelay = KplChecks.range("credentialsRefreshDelay", val, 1L, 300000L);
        return this;
    }

    public KinesisProducerConfiguration setEnableCoreDumps(boolean val) {
        enableCoreDumps = val;
        return this;
    }

    public KinesisProducerConfiguration setFailIfThrottled(boolean val) {
        failIfThrottled = val;
        return this;
    }

    /** A host name or IP address only (no scheme, no path): the endpoint is {@code https://host:KinesisPort}. */
    public KinesisProducerConfiguration setKinesisEndpoint(String val) {
        kinesisEndpoint = KplChecks.host("kinesisEndpoint", val);
        return this;
    }

    public KinesisProducerConfiguration setKinesisPort(long val) {
        kinesisPort = KplChecks.range("kinesisPort", val, 1L, 65535L);
        return this;
    }

    public KinesisProducerConfiguration setLogLevel(String val) {
        logLevel = KplChecks.pattern("logLevel", val, "trace|debug|info|warning|error");
        return this;
    }

    public KinesisProducerConfiguration setMaxConnections(long val) {
        maxConnections = KplChecks.range("maxConnections", val, 1L, 256L);
        return this;
    }

    public KinesisProducerConfiguration setMaxUserRecordSize(long val) {
        maxUserRecordSize = KplChecks.range("maxUserRecordSize", val, 64L, 10485760L);
        return this;
    }

    public KinesisProducerConfiguration setMetricsGranularity(String val) {
        metricsGranularity = KplChecks.pattern("metricsGranularity", val, "global|stream|shard");
        return this;
    }

    public KinesisProducerConfiguration setMetricsLevel(String val) {
        metricsLevel = KplChecks.pattern("metricsLevel", val, "none|summary|detailed");
        return this;
    }

    public KinesisProducerConfiguration setMetricsNamespace(String val) {
        metricsNamespace = KplChecks.pattern("metricsNamespace", val, "(?!AWS/).{1,255}");
        return this;
    }

    public KinesisProducerConfiguration setMetricsUploadDelay(long val) {
        metricsUploadDelay = KplChecks.range("metricsUploadDelay", val, 1L, 60000L);
        return this;
    }

    public KinesisProducerConfiguration setMinConnections(long val) {
        minConnections = KplChecks.range("minConnections", val, 1L, 16L);
        return this;
    }

    public KinesisProducerConfiguration setNativeExecutable(String val) {
        nativeExecutable = val;
        return this;
    }

    public KinesisProducerConfiguration setRateLimit(long val) {
        rateLimit = KplChecks.range("rateLimit", val, 1L, Long.MAX_VALUE);
        return this;
    }

    public KinesisProducerConfiguration setRecordMaxBufferedTime(long val) {
        recordMaxBufferedTime = KplChecks.range("recordMaxBufferedTime", val, 0L, Long.MAX_VALUE);
        return this;
    }

    public KinesisProducerConfiguration setRecordTtl(long val) {
        recordTtl = KplChecks.range("recordTtl", val, 100L, Long.MAX_VALUE);
        return this;
    }

    public KinesisProducerConfiguration setRegion(String val) {
        region = KplChecks.pattern("region", val, "^([a-z]+-([a-z]+-)?[a-z]+-[0-9])?$");
        return this;
    }

    public KinesisProducerConfiguration setRequestTimeout(long val) {
        requestTimeout = KplChecks.range("requestTimeout", val, 100L, 600000L);
        return this;
    }

    public KinesisProducerConfiguration setTempDirectory(String val) {
        tempDirectory = val;
        return this;
    }

    /** False accepts any server certificate (a local emulator only): the one way to turn verification off here. */
    public KinesisProducerConfiguration setVerifyCertificate(boolean val) {
        verifyCertificate = val;
        return this;
    }

    public KinesisProducerConfiguration setProxyHost(String val) {
        proxyHost = val;
        return this;
    }

    public KinesisProducerConfiguration setProxyPort(long val) {
        proxyPort = KplChecks.range("proxyPort", val, 1L, 65535L);
        return this;
    }

    public KinesisProducerConfiguration setProxyUserName(String val) {
        proxyUserName = val;
        return this;
    }

    public KinesisProducerConfiguration setProxyPassword(String val) {
        proxyPassword = val;
        return this;
    }

    public KinesisProducerConfiguration setStsEndpoint(String val) {
        stsEndpoint = KplChecks.host("stsEndpoint", val);
        return this;
    }

    public KinesisProducerConfiguration setStsPort(long val) {
        stsPort = KplChecks.range("stsPort", val, 1L, 65535L);
        return this;
    }

    public KinesisProducerConfiguration setThreadingModel(ThreadingModel threadingModel) {
        this.threadingModel = threadingModel;
        return this;
    }

    public KinesisProducerConfiguration setThreadingModel(String threadingModel) {
        return setThreadingModel(ThreadingModel.valueOf(threadingModel));
    }

    public KinesisProducerConfiguration setDescribeStreamSummaryIntervalMs(long val) {
        describeStreamSummaryIntervalMs = KplChecks.range("describeStreamSummaryIntervalMs", val, 1L, Long.MAX_VALUE);
        return this;
    }

    public KinesisProducerConfiguration setRecordDistributionStrategyDefault(RecordDistributionStrategyDefault val) {
        recordDistributionStrategyDefault = val;
        return this;
    }

    public KinesisProducerConfiguration setRecordDistributionStrategyDefault(String val) {
        return setRecordDistributionStrategyDefault(RecordDistributionStrategyDefault.valueOf(val));
    }

    public KinesisProducerConfiguration setThreadPoolSize(int val) {
        if (val < 0) {
            throw new IllegalArgumentException("Max threads must greater than or equal to 0");
        }
        threadPoolSize = val;
        return this;
    }

    /** Java-side: a record's future fails with {@link FutureTimedOutException} after this long; 0 = never. */
    public KinesisProducerConfiguration setUserRecordTimeoutInMillis(long val) {
        if (val < 0) {
            throw new IllegalArgumentException("Timeout value must greater than or equal to 0");
        }
        userRecordTimeoutInMillis = val;
        return this;
    }

    public KinesisProducerConfiguration setEnableOldestFutureTracker(boolean val) {
        enableOldestFutureTracker = val;
        return this;
    }

    public KinesisProducerConfiguration setReturnUserRecordOnFailure(boolean val) {
        returnUserRecordOnFailure = val;
        return this;
    }

    public KinesisProducerConfiguration setEnableDaemonHealthCheck(boolean val) {
        enableDaemonHealthCheck = val;
        return this;
    }

    public KinesisProducerConfiguration setDaemonHealthCheckTimeoutMs(long val) {
        if (val < 5000) {
            throw new IllegalArgumentException("daemonHealthCheckTimeoutMs must be at least 5000ms, got " + val);
        }
        daemonHealthCheckTimeoutMs = val;
        return this;
    }
}
