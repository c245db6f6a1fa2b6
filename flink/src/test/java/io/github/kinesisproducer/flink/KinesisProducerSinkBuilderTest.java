package io.github.kinesisproducer.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.ProducerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class KinesisProducerSinkBuilderTest {

    private static KinesisProducerSinkBuilder<String> minimal() {
        return KinesisProducerSink.<String>builder().streamName("orders").serializationSchema(new SimpleStringSchema());
    }

    @Test
    void theProducersDefaultsApplyUnlessSet() {
        ProducerConfig c = minimal().build().producerConfig();
        ProducerConfig defaults = ProducerConfig.builder("orders").build();
        assertThat(c.streamName()).isEqualTo("orders");
        assertThat(c.aggregation()).isEqualTo(defaults.aggregation());
        assertThat(c.maxBufferedBytes()).isEqualTo(defaults.maxBufferedBytes());
        assertThat(c.recordTtl()).isEqualTo(defaults.recordTtl());
        assertThat(c.maxBufferedTime()).isEqualTo(defaults.maxBufferedTime());
    }

    @Test
    void everyProducerSettingByItsOwnName() {
        ProducerConfig c = minimal().region("eu-west-1").endpoint("http://127.0.0.1:4567")
                .producerConfig(p -> p.aggregation(Aggregation.NONE).recordTtl(Duration.ofMinutes(2))
                        .maxBufferedRecords(500).rateLimitPercent(100))
                .build().producerConfig();
        assertThat(c.aggregation()).isEqualTo(Aggregation.NONE);
        assertThat(c.recordTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.maxBufferedRecords()).isEqualTo(500);
        assertThat(c.rateLimitPercent()).isEqualTo(100);
        assertThat(c.region()).isEqualTo("eu-west-1");
        assertThat(c.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4567"));
    }

    @Test
    void proxySettingsInThePropertiesReachTheProducer_andAWrongOneNeverShowsTheUrl() {
        Properties p = new Properties();
        p.setProperty("proxy_url", "http://app:hunter2@proxy.corp:3128");
        p.setProperty("non_proxy_hosts", ".internal,10.0.0.0/8");
        p.setProperty("use_system_proxy", "false");
        ProducerConfig c = minimal().properties(p).build().producerConfig();
        assertThat(c.proxyUrl()).isEqualTo(URI.create("http://app:hunter2@proxy.corp:3128"));
        assertThat(c.nonProxyHosts()).containsExactly(".internal", "10.0.0.0/8");
        assertThat(c.useSystemProxy()).isFalse();
        Properties kpl = new Properties();
        kpl.setProperty("ProxyHost", "proxy.corp");
        kpl.setProperty("ProxyPort", "8080");
        assertThat(minimal().properties(kpl).build().producerConfig().proxyUrl())
                .isEqualTo(URI.create("http://proxy.corp:8080"));
        Properties bad = new Properties();
        bad.setProperty("proxy_url", "http://app:hunter2@proxy corp:3128");
        assertThatThrownBy(() -> minimal().properties(bad).build()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("proxy_url").hasMessageNotContaining("hunter2");
    }

    @Test
    void propertiesTakeTheProducersKeysTheKplsKeysAndFlinksAwsKeys() {
        Properties p = new Properties();
        p.setProperty("aws.region", "eu-central-1");
        p.setProperty("aws.endpoint", "http://127.0.0.1:4567");
        p.setProperty("RecordTtl", "60000");
        p.setProperty("AggregationMaxCount", "100");
        p.setProperty("strict_ordering", "true");
        p.setProperty("MetricsLevel", "none"); // a KPL key with no meaning here: logged, not an error
        p.setProperty("aws.producer.collectionMaxCount", "250"); // FlinkKinesisProducer's own spelling
        ProducerConfig c = KinesisProducerSink.<String>builder().serializationSchema(new SimpleStringSchema())
                .streamName("orders").properties(p).build().producerConfig();
        assertThat(c.region()).isEqualTo("eu-central-1");
        assertThat(c.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4567"));
        assertThat(c.recordTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.aggregationMaxCount()).isEqualTo(100);
        assertThat(c.strictOrdering()).isTrue();
        assertThat(c.maxRecordsPerRequest()).isEqualTo(250);
    }

    @Test
    void namedSettingsWinOverTheFunctionWhichWinsOverProperties() {
        Properties p = new Properties();
        p.setProperty("aws.region", "eu-central-1");
        p.setProperty("record_ttl", "60");
        p.setProperty("kinesis_concurrency", "2");
        ProducerConfig c = minimal().properties(p).producerConfig(s -> s.recordTtl(Duration.ofSeconds(90))
                .region("ap-south-1")).region("us-west-2").build().producerConfig();
        assertThat(c.region()).isEqualTo("us-west-2");
        assertThat(c.recordTtl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.maxConcurrency()).isEqualTo(2);
    }

    @Test
    void wrongSettingsFailAtBuildNamingWhatIsWrong() {
        assertThatThrownBy(() -> KinesisProducerSink.<String>builder().streamName("orders").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("serializationSchema is required");
        assertThatThrownBy(() -> KinesisProducerSink.<String>builder().serializationSchema(new SimpleStringSchema())
                .build()).isInstanceOf(ConfigException.class).hasMessageContaining("stream_name is required")
                .hasMessageContaining("streamSelector");
        assertThatThrownBy(() -> minimal().producerConfig(c -> c.maxBufferedRecords(0)).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("max_buffered_records");
        assertThatThrownBy(() -> minimal().explicitHashKey(e -> "1").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs a partitionKey");
        Properties typo = new Properties();
        typo.setProperty("RecordTTL", "1000");
        assertThatThrownBy(() -> minimal().properties(typo).build()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'RecordTTL'").hasMessageContaining("did you mean 'RecordTtl'");
        Properties aws = new Properties();
        aws.setProperty("aws.credentials.provider", "ASSUME_ROLE");
        assertThatThrownBy(() -> minimal().properties(aws).build()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ASSUME_ROLE is not supported here").hasMessageContaining("AwsCredentials.of");
        Properties unknownAws = new Properties();
        unknownAws.setProperty("aws.http.protocol.version", "HTTP2");
        assertThatThrownBy(() -> minimal().properties(unknownAws).build()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'aws.http.protocol.version'");
    }

    @Test
    void aStreamSelectorMakesTheStreamNameOptional() {
        KinesisProducerSink<String> sink = KinesisProducerSink.<String>builder()
                .serializationSchema(new SimpleStringSchema()).streamSelector(s -> s.startsWith("a") ? "audit" : "orders")
                .build();
        assertThat(sink.streamName()).isNull();
        assertThat(sink.producerConfig().streamName()).isNull();
        assertThat(sink.toString()).contains("streamSelector");
        KinesisProducerSink<String> withDefault = minimal().streamSelector(s -> null).build();
        assertThat(withDefault.streamName()).isEqualTo("orders");
    }

    @Test
    void theSinkSurvivesJavaSerializationWithItsFunctions() throws Exception {
        KinesisProducerSink<String> sink = minimal().region("eu-west-1")
                .partitionKey(s -> s.substring(0, 1))
                .explicitHashKey(s -> null)
                .streamSelector(s -> "orders")
                .credentials(AwsCredentials.basic("AKIDEXAMPLE", "secret"))
                .producerConfig(c -> c.maxBufferedTime(Duration.ofMillis(250)))
                .onRecordFailure(r -> { })
                .build();
        KinesisProducerSink<String> copy = InstantiationUtil.clone(sink);
        assertThat(copy.streamName()).isEqualTo("orders");
        assertThat(copy.producerConfig().maxBufferedTime()).isEqualTo(Duration.ofMillis(250));
        assertThat(copy.producerConfig().region()).isEqualTo("eu-west-1");
    }

    @Test
    void credentialsRecipesBuildTheSdkProviders() throws Exception {
        AwsCredentials basic = InstantiationUtil.clone(AwsCredentials.basic("AKIDEXAMPLE", "secret"));
        AwsCredentialsProvider p = basic.provider();
        assertThat(p).isInstanceOf(StaticCredentialsProvider.class);
        assertThat(p.resolveCredentials().accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(AwsCredentials.environment().provider().getClass().getSimpleName())
                .isEqualTo("EnvironmentVariableCredentialsProvider");
        assertThat(AwsCredentials.systemProperties().provider().getClass().getSimpleName())
                .isEqualTo("SystemPropertyCredentialsProvider");
        assertThat(AwsCredentials.profile("dev").provider().getClass().getSimpleName())
                .isEqualTo("ProfileCredentialsProvider");
    }
}
