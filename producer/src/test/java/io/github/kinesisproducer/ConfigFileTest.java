package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path dir;

    static ConfigFile parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return ConfigFile.fromProperties(p, "test.properties");
    }

    private static ProducerConfig config(String text) {
        return parse(text).toBuilder().streamName("s").build();
    }

    @Test
    void theProducersOwnKeysTakeTextValuesWithTheMapsMeaning() {
        ProducerConfig c = config("""
                stream_name = orders
                aws_region = eu-west-1
                endpoint_url = http://127.0.0.1:4567
                aggregation = delimited
                record_delimiter = |
                buffer_size_limit = 100000
                aggregation_max_count = 50
                buffer_time_limit = 0.2
                kinesis_concurrency = 8
                kinesis_max_retries = 3
                record_ttl = 90
                retry_backoff = 50ms
                throttle_backoff = 1s
                max_backoff = 2m
                request_timeout = 10
                max_record_size = 2MiB
                max_records_per_request = 250
                max_request_bytes = 4MiB
                max_buffered_bytes = 128MiB
                max_buffered_records = 5000
                max_block = 1h
                rate_limit_percent = 80
                strict_ordering = TRUE
                """);
        assertThat(c.streamName()).as("the builder's stream name wins").isEqualTo("s");
        assertThat(c.region()).isEqualTo("eu-west-1");
        assertThat(c.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4567"));
        assertThat(c.aggregation()).isEqualTo(Aggregation.DELIMITED);
        assertThat(c.recordDelimiter()).containsExactly('|');
        assertThat(c.aggregationMaxSize()).isEqualTo(100_000);
        assertThat(c.aggregationMaxCount()).isEqualTo(50);
        assertThat(c.maxBufferedTime()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.maxConcurrency()).isEqualTo(8);
        assertThat(c.maxAttempts()).isEqualTo(3);
        assertThat(c.recordTtl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.retryBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.throttleBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.maxBackoff()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxRecordSize()).isEqualTo(2 * 1024 * 1024);
        assertThat(c.maxRecordsPerRequest()).isEqualTo(250);
        assertThat(c.maxRequestBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(c.maxBufferedBytes()).isEqualTo(128L * 1024 * 1024);
        assertThat(c.maxBufferedRecords()).isEqualTo(5000);
        assertThat(c.maxBlock()).isEqualTo(Duration.ofHours(1));
        assertThat(c.rateLimitPercent()).isEqualTo(80);
        assertThat(c.strictOrdering()).isTrue();
        assertThat(parse("stream_name=orders").toBuilder().build().streamName()).isEqualTo("orders");
    }

    @Test
    void everyKeyOfTheMapConstructorIsAlsoAFileKey() {
        assertThat(io.github.kinesisproducer.internal.config.PropertyKeys.KEYS.keySet())
                .containsAll(io.github.kinesisproducer.internal.config.SeedConfig.KEYS);
    }

    @Test
    void unsetSettingsKeepTheBuildersDefaultsNotTheMapConstructorsDelimited() {
        assertThat(config("").aggregation()).isEqualTo(Aggregation.KPL);
        assertThat(config("").recordTtl()).isEqualTo(ProducerConfig.DEFAULT_RECORD_TTL);
    }

    @Test
    void theKplsKeysMapToTheSettingsThatMeanTheSameInTheKplsUnits() {
        ProducerConfig c = config("""
                AggregationEnabled = false
                AggregationMaxCount = 4294967295
                AggregationMaxSize = 65536
                CollectionMaxCount = 400
                CollectionMaxSize = 2097152
                RecordMaxBufferedTime = 250
                RecordTtl = 60000
                RequestTimeout = 12000
                RateLimit = 90
                MaxConnections = 16
                MaxUserRecordSize = 2097152
                FailIfThrottled = true
                Region = ap-south-1
                KinesisEndpoint = kinesis.ap-south-1.amazonaws.com
                KinesisPort = 8443
                VerifyCertificate = true
                """);
        assertThat(c.aggregation()).isEqualTo(Aggregation.NONE);
        assertThat(c.aggregationMaxCount()).as("the KPL's 'no limit'").isEqualTo(Integer.MAX_VALUE);
        assertThat(c.aggregationMaxSize()).isEqualTo(65536);
        assertThat(c.maxRecordsPerRequest()).isEqualTo(400);
        assertThat(c.maxRequestBytes()).isEqualTo(2097152);
        assertThat(c.maxBufferedTime()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.recordTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(c.rateLimitPercent()).isEqualTo(90);
        assertThat(c.maxConcurrency()).isEqualTo(16);
        assertThat(c.maxRecordSize()).isEqualTo(2097152);
        assertThat(c.maxAttempts()).as("FailIfThrottled: a record fails at its first error").isEqualTo(1);
        assertThat(c.region()).isEqualTo("ap-south-1");
        assertThat(c.endpoint()).as("the KPL always uses TLS")
                .isEqualTo(URI.create("https://kinesis.ap-south-1.amazonaws.com:8443"));

        assertThat(config("AggregationEnabled=true\nFailIfThrottled=false").aggregation()).isEqualTo(Aggregation.KPL);
        assertThat(config("FailIfThrottled=false").maxAttempts()).isEqualTo(ProducerConfig.DEFAULT_MAX_ATTEMPTS);
        assertThat(config("KinesisEndpoint=localhost").endpoint()).isEqualTo(URI.create("https://localhost:443"));
    }

    @Test
    void aKplDefaultConfigFileIsReadAsItIsWithItsMeaninglessKeysReportedOnceEach() throws IOException {
        Path file = dir.resolve("default_config.properties");
        // The KPL sample's keys with their default values; empty values mean "not set" there.
        Files.writeString(file, """
                # KPL settings
                AggregationEnabled = true
                AggregationMaxCount = 4294967295
                AggregationMaxSize = 51200
                CollectionMaxCount = 500
                CollectionMaxSize = 5242880
                ConnectTimeout = 6000
                CredentialsRefreshDelay = 5000
                EnableCoreDumps = false
                FailIfThrottled = false
                KinesisEndpoint =
                KinesisPort = 443
                LogLevel = info
                MaxConnections = 24
                MetricsGranularity = shard
                MetricsLevel = detailed
                MetricsNamespace = KinesisProducerLibrary
                MetricsUploadDelay = 60000
                MinConnections = 1
                NativeExecutable =
                RateLimit = 150
                RecordMaxBufferedTime = 100
                RecordTtl = 30000
                Region =
                RequestTimeout = 6000
                TempDirectory =
                VerifyCertificate = true
                ThreadingModel = PER_REQUEST
                ThreadPoolSize = 0
                """);
        ConfigFile f = ConfigFile.load(file);
        ProducerConfig c = f.toBuilder().streamName("s").build();
        ProducerConfig defaults = ProducerConfig.builder("s").build();
        assertThat(c.aggregation()).isEqualTo(defaults.aggregation());
        assertThat(c.aggregationMaxSize()).isEqualTo(defaults.aggregationMaxSize());
        assertThat(c.maxBufferedTime()).isEqualTo(defaults.maxBufferedTime());
        assertThat(c.recordTtl()).isEqualTo(defaults.recordTtl());
        assertThat(c.requestTimeout()).isEqualTo(defaults.requestTimeout());
        assertThat(c.rateLimitPercent()).isEqualTo(defaults.rateLimitPercent());
        assertThat(c.maxConcurrency()).isEqualTo(24);
        assertThat(c.region()).as("empty: not set").isNull();
        assertThat(c.endpoint()).isNull();
        assertThat(f.ignored()).hasSize(12).allSatisfy(n -> assertThat(n).startsWith(file + ": ").contains(" is ignored: "));
        assertThat(f.ignored()).anySatisfy(n -> assertThat(n).contains("MetricsLevel is ignored: ")
                .contains("MicrometerMetrics"));
        assertThat(f.ignored()).anySatisfy(n -> assertThat(n).contains("ThreadingModel is ignored: there is no native"));
        assertThat(f.ignored()).anySatisfy(n -> assertThat(n).contains("KinesisPort is ignored: it only applies with "
                + "KinesisEndpoint"));
        assertThat(f.ignored()).noneMatch(n -> n.contains("NativeExecutable")); // empty: not set, nothing to say
    }

    @Test
    void verifyCertificateFalseIsRefusedWithWhatToDoInstead() {
        assertThatThrownBy(() -> parse("VerifyCertificate=false")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.properties: VerifyCertificate=false is refused")
                .hasMessageContaining("KPL-compatible module").hasMessageContaining("javax.net.ssl.trustStore");
    }

    @Test
    void unknownKeysAreRefusedWithTheNearestKnownKey() {
        assertThatThrownBy(() -> parse("recordttl=30")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.properties: unknown key 'recordttl'; did you mean 'RecordTtl'?");
        assertThatThrownBy(() -> parse("strict_orderng=true"))
                .hasMessageContaining("unknown key 'strict_orderng'; did you mean 'strict_ordering'?");
        assertThatThrownBy(() -> parse("colour=blue")).hasMessageStartingWith("test.properties: unknown key 'colour' "
                + "(allowed: ");
    }

    @Test
    void badValuesNameTheKeyAsWrittenTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> parse("record_ttl=soon")).isInstanceOf(ConfigException.class)
                .hasMessage("test.properties: Invalid value for record_ttl: 'soon' (allowed: a number of seconds (0.2) "
                        + "or a number with a unit: 200ms, 30s, 5m, 1h)");
        assertThatThrownBy(() -> parse("record_ttl=10ms"))
                .hasMessage("test.properties: Invalid value for record_ttl: '10ms' (allowed: a duration from 100ms "
                        + "to 24h)");
        assertThatThrownBy(() -> parse("RecordTtl=10"))
                .hasMessage("test.properties: Invalid value for RecordTtl: '10' (allowed: a duration from 100 ms to "
                        + "86400000 ms)");
        assertThatThrownBy(() -> parse("MaxConnections=0"))
                .hasMessage("test.properties: Invalid value for MaxConnections: '0' (allowed: an integer from 1 to "
                        + "256)");
        assertThatThrownBy(() -> parse("kinesis_concurrency=four"))
                .hasMessage("test.properties: Invalid value for kinesis_concurrency: 'four' (allowed: a whole number)");
        assertThatThrownBy(() -> parse("strict_ordering=yes"))
                .hasMessage("test.properties: Invalid value for strict_ordering: 'yes' (allowed: true or false)");
        assertThatThrownBy(() -> parse("aggregation=zip"))
                .hasMessage("test.properties: Invalid value for aggregation: 'zip' (allowed: kpl, delimited or none)");
        assertThatThrownBy(() -> parse("max_buffered_bytes=12 bytes"))
                .hasMessageContaining("Invalid value for max_buffered_bytes: '12 bytes' (allowed: a whole number of "
                        + "bytes, optionally with KiB, MiB or GiB");
        assertThatThrownBy(() -> parse("max_buffered_bytes=1KiB"))
                .hasMessage("test.properties: Invalid value for max_buffered_bytes: '1KiB' (allowed: 1 MiB (1048576) "
                        + "to 1 TiB)");
        assertThatThrownBy(() -> parse("stream_name=bad name!"))
                .hasMessageStartingWith("test.properties: Invalid value for stream_name: 'bad name!' (allowed: a stream "
                        + "name (1-128");
        assertThatThrownBy(() -> parse("KinesisPort=70000\nKinesisEndpoint=h"))
                .hasMessage("test.properties: Invalid value for KinesisPort: '70000' (allowed: 1 to 65535)");
        assertThatThrownBy(() -> parse("KinesisEndpoint=https://h:1"))
                .hasMessageContaining("Invalid value for KinesisEndpoint: 'https://h:1' (allowed: a host name only");
        assertThatThrownBy(() -> parse("AggregationMaxCount=-1"))
                .hasMessage("test.properties: Invalid value for AggregationMaxCount: '-1' (allowed: an integer from 1 "
                        + "to 2147483647)");
    }

    @Test
    void anEmptyValueOfTheProducersOwnKeysIsAnErrorNotTheDefault() {
        assertThatThrownBy(() -> parse("record_ttl=")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value for record_ttl: ''");
    }

    @Test
    void twoKeysForOneSettingAreRefused() {
        assertThatThrownBy(() -> parse("record_ttl=30\nRecordTtl=30000")).isInstanceOf(ConfigException.class)
                .hasMessage("test.properties: RecordTtl and record_ttl both set record_ttl; keep one of them");
        assertThatThrownBy(() -> parse("endpoint_url=http://127.0.0.1:1\nKinesisEndpoint=h"))
                .hasMessageContaining("both set endpoint_url");
    }

    @Test
    void theDelimiterKeepsWhitespaceAndPropertiesEscapes() {
        assertThat(config("aggregation=delimited\nrecord_delimiter=\\r\\n").recordDelimiter())
                .isEqualTo("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void laterBuilderCallsWinOverTheFile() {
        ProducerConfig c = parse("record_ttl=90\nkinesis_concurrency=2").toBuilder().streamName("s")
                .maxConcurrency(7).build();
        assertThat(c.maxConcurrency()).isEqualTo(7);
        assertThat(c.recordTtl()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void crossSettingChecksHappenAtBuild() {
        ConfigFile f = parse("buffer_size_limit=2MiB");
        assertThatThrownBy(() -> f.toBuilder().streamName("s").build()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("buffer_size_limit (2097152) must not exceed max_record_size");
    }

    @Test
    void filesAreReadAsUtf8OrElseLatin1() throws IOException {
        Path utf8 = Files.write(dir.resolve("u.properties"), "aggregation=delimited\nrecord_delimiter=¦\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(ConfigFile.load(utf8).toBuilder().streamName("s").build().recordDelimiter())
                .isEqualTo("¦".getBytes(StandardCharsets.UTF_8));
        Path latin1 = Files.write(dir.resolve("l.properties"), "aggregation=delimited\nrecord_delimiter=¦\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(ConfigFile.load(latin1).toBuilder().streamName("s").build().recordDelimiter())
                .isEqualTo("¦".getBytes(StandardCharsets.UTF_8));
        assertThat(ConfigFile.load(latin1).source()).isEqualTo(latin1.toString());
        assertThat(ConfigFile.load(latin1).settings()).containsKeys("aggregation", "record_delimiter");
    }

    @Test
    void theKplsRecordDistributionDefaultMapsItsOwnValuesIncludingItsDefaultUnset() {
        assertThat(config("RecordDistributionStrategyDefault = UNSET").recordDistribution())
                .isEqualTo(RecordDistribution.DETECT);
        assertThat(config("RecordDistributionStrategyDefault = USER_PARTITION_KEY").recordDistribution())
                .isEqualTo(RecordDistribution.DETECT);
        assertThat(config("RecordDistributionStrategyDefault = AUTO").recordDistribution())
                .isEqualTo(RecordDistribution.AUTO);
        assertThatThrownBy(() -> config("RecordDistributionStrategyDefault = sometimes"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RecordDistributionStrategyDefault")
                .hasMessageContaining("UNSET, AUTO or USER_PARTITION_KEY");
        assertThat(config("record_distribution = user_partition_key").recordDistribution())
                .isEqualTo(RecordDistribution.USER_PARTITION_KEY);
    }
}
