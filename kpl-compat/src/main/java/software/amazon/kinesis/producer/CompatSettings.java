package software.amazon.kinesis.producer;

import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.ConfigFile;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.RecordDistribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.X509TrustManager;

/**
 * A {@link KinesisProducerConfiguration} as kinesis-producer settings, and what it asks that has no effect here as
 * start-up warnings. The KPL keys that mean the same here go through {@link ConfigFile} (the one place that maps KPL
 * keys: units, {@code KinesisEndpoint}/{@code KinesisPort} as an {@code https://} endpoint, {@code FailIfThrottled},
 * {@code ProxyHost}/{@code ProxyPort}/{@code ProxyUserName}/{@code ProxyPassword} as one {@code proxy_url});
 * values beyond this producer's ranges are brought within them with a warning; the rest is set here.
 */
final class CompatSettings {
    /** The KPL retries until RecordTtl with no attempt cap: the producer's own cap, as high as it goes. */
    static final int ATTEMPTS_UNTIL_TTL = 1000;
    private static final long MIB = 1024 * 1024;
    private static final long MAX_RECORD_SIZE = 10 * MIB;
    private static final long ONE_HOUR_MS = 3_600_000L;
    private static final long ONE_DAY_MS = 86_400_000L;

    private final KinesisProducerConfiguration kpl;
    private final List<String> warnings = new ArrayList<>();
    private final Properties mapped = new Properties();
    private final X509TrustManager trustManager;

    CompatSettings(KinesisProducerConfiguration kpl) {
        this.kpl = kpl;
        mapKplKeys();
        this.trustManager = CompatTrust.of(kpl);
        warnAboutTls();
        warnAboutWhatHasNoEffect();
        try {
            builder().streamName("validation").build(); // every value and cross-setting check, now
        } catch (ConfigException e) {
            throw new IllegalArgumentException("the KinesisProducerConfiguration cannot be applied: " + e.getMessage(),
                    e);
        }
    }

    /** The settings without a stream name: the caller adds it. */
    ProducerConfig.Builder builder() {
        ProducerConfig.Builder b;
        try {
            b = ConfigFile.fromProperties(mapped, "KinesisProducerConfiguration").toBuilder();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Map<String, String> own = kpl.getProducerProperties();
        if (!own.containsKey("record_distribution")) {
            b.recordDistribution(recordDistribution(kpl.getRecordDistributionStrategyDefault()));
        }
        if (!kpl.isFailIfThrottled() && !own.containsKey("kinesis_max_retries")) {
            b.maxAttempts(ATTEMPTS_UNTIL_TTL);
        }
        long recordSize = maxRecordSize();
        if (recordSize > 0 && !own.containsKey("max_record_size")) {
            b.maxRecordSize((int) recordSize);
        }
        return b;
    }

    X509TrustManager trustManager() {
        return trustManager;
    }

    /** One line per setting that is not applied as the KPL would, for the producer to log once at start-up. */
    List<String> warnings() {
        return warnings;
    }

    /**
     * KPL 1.1's default strategy is what it assumes until {@code DescribeStreamSummary} answers; it keeps asking in
     * every case. UNSET and USER_PARTITION_KEY: aggregate meanwhile, which is what {@code detect} does (and detect also
     * notices an AUTO stream from where records land when it cannot read the strategy). AUTO: never aggregate while
     * unsure; {@code auto} never aggregates and does not ask, so a stream that turns out to place by key is not
     * aggregated either.
     */
    static RecordDistribution recordDistribution(KinesisProducerConfiguration.RecordDistributionStrategyDefault d) {
        return d == KinesisProducerConfiguration.RecordDistributionStrategyDefault.AUTO ? RecordDistribution.AUTO
                : RecordDistribution.DETECT;
    }

    private void mapKplKeys() {
        put("AggregationEnabled", kpl.isAggregationEnabled());
        put("AggregationMaxCount", kpl.getAggregationMaxCount());
        put("AggregationMaxSize", kpl.getAggregationMaxSize());
        put("CollectionMaxCount", kpl.getCollectionMaxCount());
        long floor = Math.max(MIB, maxRecordSize());
        put("CollectionMaxSize", within("CollectionMaxSize", kpl.getCollectionMaxSize(), floor, MAX_RECORD_SIZE,
                "bytes", "a PutRecords request here carries at least one max-size record and at most 10 MiB"));
        put("RecordMaxBufferedTime", within("RecordMaxBufferedTime", kpl.getRecordMaxBufferedTime(), 0, ONE_HOUR_MS,
                "ms", "records wait at most an hour here"));
        put("RecordTtl", within("RecordTtl", kpl.getRecordTtl(), 100, ONE_DAY_MS, "ms",
                "a record lives at most 24 h here"));
        put("RequestTimeout", kpl.getRequestTimeout());
        put("RateLimit", within("RateLimit", kpl.getRateLimit(), 1, 10_000, "%",
                "10000 % of a shard's limits is the highest setting here, in effect no limit"));
        put("MaxConnections", kpl.getMaxConnections());
        if (kpl.isFailIfThrottled()) {
            put("FailIfThrottled", true);
        }
        if (!kpl.getRegion().isEmpty()) {
            put("Region", kpl.getRegion());
        }
        if (!kpl.getKinesisEndpoint().isEmpty()) {
            put("KinesisEndpoint", kpl.getKinesisEndpoint());
            put("KinesisPort", kpl.getKinesisPort());
        }
        if (!kpl.getProxyHost().isEmpty()) {
            // ConfigFile makes them one proxy_url (credentials %-encoded, never shown); empty parts mean "not set".
            put("ProxyHost", kpl.getProxyHost());
            put("ProxyPort", kpl.getProxyPort());
            putIfSet("ProxyUserName", kpl.getProxyUserName());
            putIfSet("ProxyPassword", kpl.getProxyPassword());
        }
        put("DescribeStreamSummaryIntervalMs", within("DescribeStreamSummaryIntervalMs",
                kpl.getDescribeStreamSummaryIntervalMs(), 1000, ONE_DAY_MS, "ms",
                "the strategy is read again every 1 s to 24 h here"));
        mapped.putAll(kpl.getProducerProperties());
    }

    /**
     * The largest record the stream takes, when the KPL settings say it is above the default 1 MiB: the KPL checks
     * MaxUserRecordSize against data only and lets aggregates reach AggregationMaxSize, so both can only be above
     * 1 MiB on a stream configured for larger records. 0: not said (the producer reads the stream's own limit).
     */
    private long maxRecordSize() {
        long size = Math.max(kpl.getMaxUserRecordSize(), kpl.getAggregationMaxSize());
        return size > MIB ? Math.min(size, MAX_RECORD_SIZE) : 0;
    }

    private void put(String key, Object value) {
        mapped.setProperty(key, String.valueOf(value));
    }

    private void putIfSet(String key, String value) {
        if (value != null && !value.isEmpty()) {
            put(key, value);
        }
    }

    private long within(String key, long value, long min, long max, String unit, String why) {
        long v = Math.max(min, Math.min(max, value));
        if (v != value) {
            warnings.add(key + "=" + value + " " + unit + " is applied as " + v + " " + unit + ": " + why);
        }
        return v;
    }

    private void warnAboutTls() {
        if (!kpl.isVerifyCertificate()) {
            warnings.add("VerifyCertificate=false: server certificates are NOT checked (any certificate, any host name "
                    + "is accepted). Use it only for a local emulator. It is the one way to turn TLS verification off "
                    + "in kinesis-producer, and exists only in this KPL-compatible module");
            if (!kpl.getCaCertPath().isBlank() || !kpl.getCaCertFile().isBlank()) {
                warnings.add("CaCertPath/CaCertFile are not used: VerifyCertificate=false checks no certificate");
            }
        }
    }

    private void warnAboutWhatHasNoEffect() {
        String noDaemon = "there is no native daemon here";
        String metrics = "there is no CloudWatch upload here: read getMetrics(), or give the core producer's "
                + "MicrometerMetrics a CloudWatch registry";
        if (!kpl.getMetricsLevel().equals("none")) {
            warnings.add("MetricsLevel=" + kpl.getMetricsLevel() + ": " + metrics + " (MetricsLevel=none silences this)");
        }
        differs("MetricsGranularity", kpl.getMetricsGranularity(), "shard", metrics);
        differs("MetricsNamespace", kpl.getMetricsNamespace(), "KinesisProducerLibrary", metrics);
        differs("MetricsUploadDelay", kpl.getMetricsUploadDelay(), 60000L, metrics);
        differs("CloudwatchEndpoint", kpl.getCloudwatchEndpoint(), "", metrics);
        differs("CloudwatchPort", kpl.getCloudwatchPort(), 443L, metrics);
        differs("MetricsCredentialsProvider", kpl.getMetricsCredentialsProvider(), null, metrics);
        if (!kpl.additionalMetricsDimensions().isEmpty()) {
            warnings.add("addAdditionalMetricsDimension is ignored: " + metrics);
        }
        differs("NativeExecutable", kpl.getNativeExecutable(), "", noDaemon);
        differs("TempDirectory", kpl.getTempDirectory(), "", noDaemon);
        differs("ThreadingModel", kpl.getThreadingModel(), KinesisProducerConfiguration.ThreadingModel.PER_REQUEST,
                noDaemon + ": requests run on MaxConnections I/O threads");
        differs("ThreadPoolSize", kpl.getThreadPoolSize(), 0, noDaemon);
        differs("EnableCoreDumps", kpl.isEnableCoreDumps(), false, noDaemon);
        differs("EnableDaemonHealthCheck", kpl.getEnableDaemonHealthCheck(), false, noDaemon);
        differs("DaemonHealthCheckTimeoutMs", kpl.getDaemonHealthCheckTimeoutMs(), 30000L, noDaemon);
        differs("LogLevel", kpl.getLogLevel(), "info", "logging goes through SLF4J: set the level of the loggers "
                + "io.github.kinesisproducer and software.amazon.kinesis.producer in your logging backend");
        differs("StsEndpoint", kpl.getStsEndpoint(), "", "not used (the KPL does not use it either)");
        differs("StsPort", kpl.getStsPort(), 443L, "not used (the KPL does not use it either)");
        differs("MinConnections", kpl.getMinConnections(), 1L, "connections are opened as needed, up to "
                + "MaxConnections");
        differs("ConnectTimeout", kpl.getConnectTimeout(), 6000L, "connecting is bounded by min(6 s, RequestTimeout)");
        differs("CredentialsRefreshDelay", kpl.getCredentialsRefreshDelay(), 5000L, "the SDK credentials provider "
                + "refreshes credentials itself");
        String gsr = "Glue Schema Registry serialization is not supported yet: addUserRecord with a Schema throws "
                + "UnsupportedOperationException";
        differs("GlueSchemaRegistryConfiguration", kpl.getGlueSchemaRegistryConfiguration(), null, gsr);
        differs("GlueSchemaRegistryPropertiesFilePath", kpl.getGlueSchemaRegistryPropertiesFilePath(), "", gsr);
        differs("GlueSchemaRegistryCredentialsProvider", kpl.getGlueSchemaRegistryCredentialsProvider(), null, gsr);
    }

    private void differs(String key, Object value, Object kplDefault, String instead) {
        if (!java.util.Objects.equals(value, kplDefault)) {
            warnings.add(key + " is ignored: " + instead);
        }
    }
}
