package software.amazon.kinesis.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.RecordDistribution;
import io.github.kinesisproducer.emulator.TlsIdentity;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KinesisProducerConfiguration: the KPL's defaults, checks and property names, and what each means here. */
class ConfigurationTest {
    private static ProducerConfig applied(KinesisProducerConfiguration c) {
        return new CompatSettings(c).builder().streamName("s").build();
    }

    private static Properties properties(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @Test
    void defaultsAreTheKplsAndMapToTheSameMeaning() {
        KinesisProducerConfiguration c = new KinesisProducerConfiguration();
        assertThat(c.isAggregationEnabled()).isTrue();
        assertThat(c.getAggregationMaxCount()).isEqualTo(4294967295L);
        assertThat(c.getAggregationMaxSize()).isEqualTo(51200);
        assertThat(c.getCollectionMaxCount()).isEqualTo(500);
        assertThat(c.getCollectionMaxSize()).isEqualTo(5242880);
        assertThat(c.getRecordMaxBufferedTime()).isEqualTo(100);
        assertThat(c.getRecordTtl()).isEqualTo(30000);
        assertThat(c.getRateLimit()).isEqualTo(150);
        assertThat(c.getMaxConnections()).isEqualTo(24);
        assertThat(c.getRequestTimeout()).isEqualTo(6000);
        assertThat(c.getMaxUserRecordSize()).isEqualTo(1048576);
        assertThat(c.isVerifyCertificate()).isTrue();
        assertThat(c.getKinesisPort()).isEqualTo(443);
        assertThat(c.getMetricsLevel()).isEqualTo("detailed");
        assertThat(c.getDescribeStreamSummaryIntervalMs()).isEqualTo(300000);
        assertThat(c.getRecordDistributionStrategyDefault())
                .isEqualTo(KinesisProducerConfiguration.RecordDistributionStrategyDefault.UNSET);
        assertThat(c.getEnableOldestFutureTracker()).isTrue();
        assertThat(c.getCredentialsProvider()).isNotNull();

        ProducerConfig p = applied(c);
        assertThat(p.aggregation()).isEqualTo(Aggregation.KPL);
        assertThat(p.aggregationMaxSize()).isEqualTo(51200);
        assertThat(p.aggregationMaxCount()).isEqualTo(Integer.MAX_VALUE);
        assertThat(p.maxRecordsPerRequest()).isEqualTo(500);
        assertThat(p.maxRequestBytes()).isEqualTo(5242880);
        assertThat(p.maxBufferedTime()).isEqualTo(Duration.ofMillis(100));
        assertThat(p.recordTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.rateLimitPercent()).isEqualTo(150);
        assertThat(p.maxConcurrency()).isEqualTo(24);
        assertThat(p.requestTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(p.maxAttempts()).as("the KPL retries until RecordTtl").isEqualTo(CompatSettings.ATTEMPTS_UNTIL_TTL);
        assertThat(p.maxRecordSizeSet()).as("the stream's own limit applies").isFalse();
        assertThat(p.recordDistribution()).isEqualTo(RecordDistribution.DETECT);
        assertThat(p.recordDistributionCheckInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.endpoint()).isNull();
        assertThat(p.region()).isNull();
    }

    @Test
    void settersChainAndCheckAsTheKplsDo() {
        KinesisProducerConfiguration c = new KinesisProducerConfiguration().setRecordTtl(60000).setRateLimit(100)
                .setKinesisEndpoint("127.0.0.1").setKinesisPort(4443).setRegion("eu-west-1").setFailIfThrottled(true)
                .setAggregationEnabled(false).setMaxConnections(8).setRecordMaxBufferedTime(250);
        ProducerConfig p = applied(c);
        assertThat(p.recordTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.rateLimitPercent()).isEqualTo(100);
        assertThat(p.endpoint()).isEqualTo(URI.create("https://127.0.0.1:4443"));
        assertThat(p.region()).isEqualTo("eu-west-1");
        assertThat(p.maxAttempts()).as("FailIfThrottled: a record fails at its first error").isEqualTo(1);
        assertThat(p.aggregation()).isEqualTo(Aggregation.NONE);
        assertThat(p.maxConcurrency()).isEqualTo(8);
        assertThat(p.maxBufferedTime()).isEqualTo(Duration.ofMillis(250));

        assertThatThrownBy(() -> c.setAggregationMaxSize(63)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("aggregationMaxSize must be between 64 and 10485760, got 63");
        assertThatThrownBy(() -> c.setCollectionMaxCount(501)).hasMessageContaining("between 1 and 500");
        assertThatThrownBy(() -> c.setKinesisEndpoint("https://x")).hasMessageContaining("must match the pattern");
        assertThatThrownBy(() -> c.setRegion("Mars")).hasMessageContaining("must match the pattern");
        assertThatThrownBy(() -> c.setMetricsLevel("all")).hasMessageContaining("none|summary|detailed");
        assertThatThrownBy(() -> c.setCredentialsProvider(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> c.setDaemonHealthCheckTimeoutMs(10)).hasMessageContaining("at least 5000ms");
        assertThatThrownBy(() -> c.setThreadingModel("THREADS")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.addAdditionalMetricsDimension("k", "v", "host"))
                .hasMessageContaining("global|stream|shard");
    }

    @Test
    void recordDistributionStrategyDefaultMapsToRecordDistribution() {
        for (var d : KinesisProducerConfiguration.RecordDistributionStrategyDefault.values()) {
            ProducerConfig p = applied(new KinesisProducerConfiguration().setRecordDistributionStrategyDefault(d));
            assertThat(p.recordDistribution()).as(d.name())
                    .isEqualTo(d.name().equals("AUTO") ? RecordDistribution.AUTO : RecordDistribution.DETECT);
        }
        assertThat(applied(new KinesisProducerConfiguration().setDescribeStreamSummaryIntervalMs(60_000))
                .recordDistributionCheckInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void valuesBeyondThisProducersRangesAreBroughtWithinWithAWarning() {
        KinesisProducerConfiguration c = new KinesisProducerConfiguration().setMetricsLevel("none")
                .setRecordTtl(Integer.MAX_VALUE).setRateLimit(1_000_000).setCollectionMaxSize(100_000)
                .setDescribeStreamSummaryIntervalMs(10);
        CompatSettings s = new CompatSettings(c);
        ProducerConfig p = s.builder().streamName("s").build();
        assertThat(p.recordTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(p.rateLimitPercent()).isEqualTo(10_000);
        assertThat(p.maxRequestBytes()).isEqualTo(1024 * 1024);
        assertThat(p.recordDistributionCheckInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.warnings()).hasSize(4).anySatisfy(w -> assertThat(w).startsWith("RecordTtl=2147483647 ms is "
                + "applied as 86400000 ms"));
    }

    @Test
    void largeRecordSettingsRaiseTheMaxRecordSize() {
        ProducerConfig p = applied(new KinesisProducerConfiguration().setMaxUserRecordSize(4 * 1024 * 1024)
                .setAggregationMaxSize(2 * 1024 * 1024));
        assertThat(p.maxRecordSize()).isEqualTo(4 * 1024 * 1024);
        assertThat(p.aggregationMaxSize()).isEqualTo(2 * 1024 * 1024);
    }

    @Test
    void theDefaultConfigurationWarnsOnlyThatMetricsAreNotUploaded() {
        assertThat(new CompatSettings(new KinesisProducerConfiguration()).warnings()).singleElement()
                .satisfies(w -> assertThat(w).startsWith("MetricsLevel=detailed: there is no CloudWatch upload"));
        assertThat(new CompatSettings(new KinesisProducerConfiguration().setMetricsLevel("none")).warnings()).isEmpty();
    }

    @Test
    void settingsWithoutEffectWarnOnceEachNamingWhatToUseInstead() {
        KinesisProducerConfiguration c = new KinesisProducerConfiguration().setMetricsLevel("none")
                .setNativeExecutable("/opt/kpl").setTempDirectory("/tmp/kpl").setThreadingModel("POOLED")
                .setThreadPoolSize(64).setEnableCoreDumps(true).setEnableDaemonHealthCheck(true).setLogLevel("error")
                .setProxyHost("proxy.internal").setProxyPort(3128).setCloudwatchEndpoint("127.0.0.1")
                .setMetricsNamespace("app");
        List<String> warnings = new CompatSettings(c).warnings();
        assertThat(warnings).hasSize(9);
        assertThat(warnings).noneSatisfy(w -> assertThat(w).containsIgnoringCase("proxy"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("LogLevel is ignored").contains("SLF4J"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("NativeExecutable is ignored: there is no native "
                + "daemon here"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("MetricsNamespace is ignored")
                .contains("MicrometerMetrics"));
    }

    @Test
    void proxySettingsMakeOneProxyUrl_withThePortAndCredentials_andNoWarning() {
        KinesisProducerConfiguration c = new KinesisProducerConfiguration().setMetricsLevel("none")
                .setProxyHost("proxy.internal").setProxyPort(3128).setProxyUserName("kpl user")
                .setProxyPassword("s3cr:t@/");
        assertThat(new CompatSettings(c).warnings()).isEmpty();
        ProducerConfig applied = applied(c);
        assertThat(applied.proxyUrl()).isEqualTo(URI.create("http://kpl%20user:s3cr%3At%40%2F@proxy.internal:3128"));
        assertThat(applied.toString()).doesNotContain("s3cr").doesNotContain("kpl user").doesNotContain("kpl%20user");
    }

    @Test
    void proxyHostAlone_usesTheKplsDefaultPort443_andNoCredentials_andWithoutAHostTheOtherPartsAreUnused() {
        ProducerConfig hostOnly = applied(new KinesisProducerConfiguration().setProxyHost("10.0.0.7"));
        assertThat(hostOnly.proxyUrl()).isEqualTo(URI.create("http://10.0.0.7:443"));
        ProducerConfig noHost = applied(new KinesisProducerConfiguration().setProxyPort(3128)
                .setProxyUserName("u").setProxyPassword("p"));
        assertThat(noHost.proxyUrl()).isNull();
    }

    @Test
    void proxySettingsFromAKplPropertiesFileAreApplied() throws Exception {
        KinesisProducerConfiguration c = KinesisProducerConfiguration.fromProperties(properties("""
                ProxyHost = proxy.internal
                ProxyPort = 8080
                ProxyUserName = app
                ProxyPassword = hunter2
                """));
        assertThat(applied(c).proxyUrl()).isEqualTo(URI.create("http://app:hunter2@proxy.internal:8080"));
    }

    @Test
    void aBadProxyHostNamesTheKeyButNeverTheCredentials() {
        KinesisProducerConfiguration c = new KinesisProducerConfiguration().setProxyHost("http://proxy.internal:3128")
                .setProxyUserName("app-user").setProxyPassword("hunter2-secret");
        assertThatThrownBy(() -> new CompatSettings(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ProxyHost").hasMessageContaining("proxy_url")
                .satisfies(e -> assertThat(String.valueOf(e.getMessage()) + e.getCause())
                        .doesNotContain("hunter2-secret").doesNotContain("app-user"));
    }

    @Test
    void fromPropertiesReadsTheKplsKeysAndOurOwn() throws Exception {
        KinesisProducerConfiguration c = KinesisProducerConfiguration.fromProperties(properties("""
                # a KPL default_config.properties, with a few of our keys
                AggregationEnabled = true
                AggregationMaxCount = 4294967295
                CollectionMaxCount = 250
                RecordMaxBufferedTime = 200
                RecordTtl = 60000
                VerifyCertificate = false
                KinesisEndpoint = 127.0.0.1
                KinesisPort = 4443
                Region = us-east-1
                ThreadingModel = POOLED
                RecordDistributionStrategyDefault = AUTO
                MetricsLevel = none
                SomeFutureKplKey = 1
                max_buffered_bytes = 32MiB
                max_block = 5s
                """));
        assertThat(c.getCollectionMaxCount()).isEqualTo(250);
        assertThat(c.isVerifyCertificate()).isFalse();
        assertThat(c.getThreadingModel()).isEqualTo(KinesisProducerConfiguration.ThreadingModel.POOLED);
        assertThat(c.getProducerProperties()).containsEntry("max_buffered_bytes", "32MiB");
        ProducerConfig p = applied(c);
        assertThat(p.maxRecordsPerRequest()).isEqualTo(250);
        assertThat(p.maxBufferedTime()).isEqualTo(Duration.ofMillis(200));
        assertThat(p.recordTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.endpoint()).isEqualTo(URI.create("https://127.0.0.1:4443"));
        assertThat(p.recordDistribution()).isEqualTo(RecordDistribution.AUTO);
        assertThat(p.maxBufferedBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(p.maxBlock()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBadValueInPropertiesNamesTheKeyAndTheValue(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> KinesisProducerConfiguration.fromProperties(properties("RecordTtl = 30s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(
                        "Error trying to set field RecordTtl with the value '30s'");
        assertThatThrownBy(() -> KinesisProducerConfiguration.fromProperties(properties("CollectionMaxCount = 0")))
                .hasMessageContaining("collectionMaxCount must be between 1 and 500, got 0");
        assertThatThrownBy(() -> KinesisProducerConfiguration.fromProperties(properties("VerifyCertificate = no")))
                .hasMessageContaining("VerifyCertificate").hasMessageContaining("true or false");
        assertThatThrownBy(() -> KinesisProducerConfiguration.fromProperties(properties("max_bufered_bytes = 1")))
                .hasMessageContaining("max_bufered_bytes");
        assertThatThrownBy(() -> KinesisProducerConfiguration.fromPropertiesFile(dir.resolve("none.properties")
                .toString())).hasMessageContaining("none.properties");
        Path file = Files.writeString(dir.resolve("kpl.properties"), "RecordTtl = 45000\n");
        assertThat(KinesisProducerConfiguration.fromPropertiesFile(file.toString()).getRecordTtl()).isEqualTo(45000);
    }

    @Test
    void aKplKeyAndOurKeyForOneSettingConflictAtStart() {
        KinesisProducerConfiguration c = new KinesisProducerConfiguration().setProducerProperty("record_ttl", "60");
        assertThatThrownBy(() -> new CompatSettings(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RecordTtl and record_ttl both set record_ttl");
        assertThatThrownBy(() -> c.setProducerProperty("RecordTtl", "1")).hasMessageContaining("setRecordTtl");
        assertThatThrownBy(() -> c.setProducerProperty("stream_name", "x")).hasMessageContaining("each record");
    }

    @Test
    void verifyCertificateFalseAcceptsAnyCertificateAndWarns() throws Exception {
        KinesisProducerConfiguration c = new KinesisProducerConfiguration().setMetricsLevel("none")
                .setVerifyCertificate(false);
        CompatSettings s = new CompatSettings(c);
        assertThat(s.trustManager()).isInstanceOf(javax.net.ssl.X509ExtendedTrustManager.class);
        s.trustManager().checkServerTrusted(new X509Certificate[] {TlsIdentity.forLoopback().serverCertificate()},
                "ECDHE_ECDSA");
        assertThat(s.warnings()).singleElement().satisfies(w -> assertThat(w)
                .startsWith("VerifyCertificate=false: server certificates are NOT checked").contains("local emulator"));
        assertThat(new CompatSettings(new KinesisProducerConfiguration()).trustManager()).as("JVM default").isNull();
    }

    @Test
    void caCertFileAndCaCertPathReplaceTheTrustedAuthorities(@TempDir Path dir) throws Exception {
        TlsIdentity ours = TlsIdentity.forLoopback();
        TlsIdentity other = TlsIdentity.forLoopback();
        Path file = ours.writeCaPem(dir.resolve("ca.pem"));
        X509TrustManager byFile = CompatTrust.of(new KinesisProducerConfiguration().setCaCertFile(file.toString()));
        X509Certificate[] chain = {ours.serverCertificate(), ours.caCertificate()};
        byFile.checkServerTrusted(chain, "ECDHE_ECDSA");
        assertThatThrownBy(() -> byFile.checkServerTrusted(new X509Certificate[] {other.serverCertificate()},
                "ECDHE_ECDSA")).isInstanceOf(CertificateException.class);

        Path caDir = Files.createDirectory(dir.resolve("cacerts"));
        ours.writeCaPem(caDir.resolve("1a2b3c4d.0"));
        Files.writeString(caDir.resolve("README"), "not a certificate");
        X509TrustManager byDir = CompatTrust.of(new KinesisProducerConfiguration().setCaCertPath(caDir.toString()));
        byDir.checkServerTrusted(chain, "ECDHE_ECDSA");

        assertThatThrownBy(() -> CompatTrust.of(new KinesisProducerConfiguration().setCaCertFile(
                dir.resolve("missing.pem").toString()))).hasMessageContaining("CaCertFile").hasMessageContaining(
                        "missing.pem");
        assertThatThrownBy(() -> CompatTrust.of(new KinesisProducerConfiguration().setCaCertPath(file.toString())))
                .hasMessageContaining("not a directory");
    }
}
