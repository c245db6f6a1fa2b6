package io.github.kinesisproducer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.ProducerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class KinesisSinkConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("kinesis.stream", "orders");
        return m;
    }

    private static KinesisSinkConfig config(String... keyValues) {
        Map<String, String> m = minimal();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return new KinesisSinkConfig(m);
    }

    @Test
    void unsetKeysGiveTheProducersOwnDefaults() {
        ProducerConfig c = config().producerConfig();
        ProducerConfig d = ProducerConfig.builder("orders").build();
        assertThat(c.toString()).isEqualTo(d.toString());
        assertThat(c.recordDelimiter()).isEqualTo(d.recordDelimiter());
        assertThat(List.of(c.aggregationMaxSize(), c.aggregationMaxCount(), c.maxRecordSize(), c.maxRecordsPerRequest(),
                c.maxRequestBytes(), c.maxBufferedRecords(), c.rateLimitPercent()))
                .isEqualTo(List.of(d.aggregationMaxSize(), d.aggregationMaxCount(), d.maxRecordSize(),
                        d.maxRecordsPerRequest(), d.maxRequestBytes(), d.maxBufferedRecords(), d.rateLimitPercent()));
        assertThat(List.of(c.retryBackoff(), c.throttleBackoff(), c.maxBackoff(), c.requestTimeout(), c.maxBlock(),
                c.recordDistributionCheckInterval())).isEqualTo(List.of(d.retryBackoff(), d.throttleBackoff(),
                        d.maxBackoff(), d.requestTimeout(), d.maxBlock(), d.recordDistributionCheckInterval()));
        assertThat(c.maxRecordSizeSet()).as("unset: the stream's own limit applies once read").isFalse();
    }

    @Test
    void everyProducerSettingReachesTheProducer() {
        ProducerConfig c = config("kinesis.region", "eu-west-1", "kinesis.endpoint", "http://127.0.0.1:4567",
                "kinesis.aggregation", "NONE", "kinesis.record.delimiter", "\\r\\n", "kinesis.buffer.time.ms", "250",
                "kinesis.concurrency", "8", "kinesis.max.attempts", "3", "kinesis.record.ttl.ms", "90000",
                "kinesis.max.record.size", "2097152", "kinesis.max.request.bytes", "4194304",
                "kinesis.max.buffered.bytes", "8388608", "kinesis.max.block.ms", "5000",
                "kinesis.strict.ordering", "true", "kinesis.record.distribution", "user_partition_key").producerConfig();
        assertThat(c.region()).isEqualTo("eu-west-1");
        assertThat(c.endpoint()).hasToString("http://127.0.0.1:4567");
        assertThat(c.aggregation()).hasToString("NONE");
        assertThat(new String(c.recordDelimiter(), StandardCharsets.UTF_8)).isEqualTo("\r\n");
        assertThat(c.maxBufferedTime().toMillis()).isEqualTo(250);
        assertThat(c.maxConcurrency()).isEqualTo(8);
        assertThat(c.maxAttempts()).isEqualTo(3);
        assertThat(c.recordTtl().toSeconds()).isEqualTo(90);
        assertThat(c.maxRecordSize()).isEqualTo(2097152);
        assertThat(c.maxBufferedBytes()).isEqualTo(8388608);
        assertThat(c.maxBlock().toMillis()).isEqualTo(5000);
        assertThat(c.strictOrdering()).isTrue();
        assertThat(c.recordDistribution()).hasToString("USER_PARTITION_KEY");
    }

    /** The documented ranges are the producer's: both ends accepted, one past either end refused naming the key. */
    @Test
    void documentedRangesAreExactlyWhatTheProducerAccepts() {
        Pattern range = Pattern.compile("\\[(\\d+),\\.\\.\\.,(\\d+)\\]");
        int checked = 0;
        for (ProducerSettings.Setting s : ProducerSettings.SETTINGS) {
            Matcher m = range.matcher(s.validValues());
            if (!m.lookingAt()) {
                continue;
            }
            long min = Long.parseLong(m.group(1));
            long max = Long.parseLong(m.group(2));
            ConfigDef.Validator v = s.validator();
            v.ensureValid(s.name(), value(s, min));
            v.ensureValid(s.name(), value(s, max));
            if (min > 0) {
                assertThatThrownBy(() -> v.ensureValid(s.name(), value(s, min - 1)))
                        .isInstanceOf(ConfigException.class).hasMessageContaining(s.name());
            }
            if (max < Integer.MAX_VALUE || s.type() == ConfigDef.Type.LONG) {
                assertThatThrownBy(() -> v.ensureValid(s.name(), value(s, max + 1)))
                        .isInstanceOf(ConfigException.class).hasMessageContaining(s.name());
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(18);
    }

    private static Object value(ProducerSettings.Setting s, long v) {
        return s.type() == ConfigDef.Type.INT ? (Object) (int) v : (Object) v;
    }

    @Test
    void wrongValuesAreRefusedNamingTheKeyAndWhatIsAllowed() {
        assertThatThrownBy(() -> config("kinesis.concurrency", "0")).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 0 for configuration kinesis.concurrency: allowed: an integer from 1 to 256");
        assertThatThrownBy(() -> config("kinesis.aggregation", "zip")).hasMessageContaining("kinesis.aggregation")
                .hasMessageContaining("kpl, delimited, none");
        assertThatThrownBy(() -> config("kinesis.endpoint", "ftp://x")).hasMessageContaining("kinesis.endpoint")
                .hasMessageContaining("http");
        assertThatThrownBy(() -> config("kinesis.stream", "no spaces")).hasMessageContaining("kinesis.stream");
        assertThatThrownBy(() -> new KinesisSinkConfig(Map.of())).hasMessageContaining("kinesis.stream");
        assertThatThrownBy(() -> config("kinesis.record.delimiter", "\\u12")).hasMessageContaining("four hex");
    }

    @Test
    void proxySettingsReachTheProducer_andTheProxyUrlIsAPasswordConnectNeverPrints() {
        KinesisSinkConfig config = config("kinesis.proxy.url", "http://app:hunter2@proxy.corp:3128",
                "kinesis.non.proxy.hosts", ".internal, 10.0.0.0/8", "kinesis.use.system.proxy", "false");
        ProducerConfig c = config.producerConfig();
        assertThat(c.proxyUrl()).hasToString("http://app:hunter2@proxy.corp:3128");
        assertThat(c.nonProxyHosts()).containsExactly(".internal", "10.0.0.0/8");
        assertThat(c.useSystemProxy()).isFalse();
        assertThat(c.toString()).doesNotContain("hunter2");
        // What Connect logs and returns for a password key.
        assertThat(String.valueOf(config.values().get("kinesis.proxy.url"))).isEqualTo("[hidden]");
        assertThat(KinesisSinkConfig.configDef().configKeys().get("kinesis.proxy.url").type)
                .isEqualTo(ConfigDef.Type.PASSWORD);
        ProducerConfig unset = config().producerConfig();
        assertThat(unset.proxyUrl()).isNull();
        assertThat(unset.useSystemProxy()).isEqualTo(ProducerConfig.DEFAULT_USE_SYSTEM_PROXY);
    }

    @Test
    void aWrongProxyUrlIsRefusedNamingTheKeyButNeverShowingTheUrl() {
        for (String bad : List.of("http://app:hunter2@proxy corp:3128", "ftp://app:hunter2@proxy.corp:3128")) {
            assertThatThrownBy(() -> config("kinesis.proxy.url", bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("kinesis.proxy.url").hasMessageNotContaining("hunter2")
                    .hasMessageNotContaining("proxy_url");
        }
        Map<String, String> m = minimal();
        m.put("kinesis.proxy.url", "ftp://app:hunter2@proxy.corp:3128");
        List<ConfigValue> values = new KinesisSinkConnector().validate(m).configValues();
        ConfigValue proxy = values.stream().filter(v -> v.name().equals("kinesis.proxy.url")).findFirst().orElseThrow();
        assertThat(proxy.errorMessages()).singleElement().asString().doesNotContain("hunter2");
    }

    @Test
    void settingsWrongTogetherNameTheConnectorKeysNotTheProducers() {
        assertThatThrownBy(() -> config("kinesis.aggregation.max.size", "2097152"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("for configuration kinesis.aggregation.max.size")
                .hasMessageContaining("kinesis.aggregation.max.size (2097152) must not exceed kinesis.max.record.size")
                .hasMessageNotContaining("buffer_size_limit");
        assertThatThrownBy(() -> config("kinesis.strict.ordering", "true", "kinesis.record.distribution", "auto"))
                .hasMessageContaining("for configuration kinesis.strict.ordering");
    }

    @Test
    void theDelimiterIsWrittenWithEscapesBecauseConnectTrimsValues() {
        assertThat(ProducerSettings.escape("\n")).isEqualTo("\\n");
        for (String d : List.of("\n", "\r\n", "\t|\t", "\\", "\u0001;")) {
            assertThat(ProducerSettings.unescape(ProducerSettings.escape(d))).isEqualTo(d);
        }
        assertThat(new String(config("kinesis.record.delimiter", "\\u001e").producerConfig().recordDelimiter(),
                StandardCharsets.UTF_8)).isEqualTo("\u001e");
    }

    @Test
    void partitionKeySourcesNeedTheirField() {
        assertThat(config("kinesis.partition.key", "FIELD", "kinesis.partition.key.field", "id").partitionKey()
                .source()).isEqualTo(PartitionKeys.Source.FIELD);
        assertThatThrownBy(() -> config("kinesis.partition.key", "field"))
                .hasMessageContaining("kinesis.partition.key.field");
        assertThatThrownBy(() -> config("kinesis.partition.key", "header"))
                .hasMessageContaining("kinesis.partition.key.header");
        assertThatThrownBy(() -> config("kinesis.partition.key", "offset")).hasMessageContaining(
                "record-key, topic-partition, field, header, random");
    }

    @Test
    void streamMappingsAreCheckedAndMayNameAnyStream() {
        StreamRouting r = config("kinesis.stream.mapping", "orders:orders, refunds:refunds-stream, "
                + "audit:arn:aws:kinesis:us-east-1:123456789012:stream/audit, returns:refunds-stream").streamRouting();
        assertThat(r.streamFor("refunds")).isEqualTo("refunds-stream");
        assertThat(r.streamFor("audit")).isEqualTo("arn:aws:kinesis:us-east-1:123456789012:stream/audit");
        assertThat(r.streamFor("anything-else")).isEqualTo("orders");
        assertThat(r.topicsFor("refunds-stream")).containsExactly("refunds", "returns");
        assertThatThrownBy(() -> config("kinesis.stream.mapping", "no-colon"))
                .hasMessageContaining("kinesis.stream.mapping").hasMessageContaining("not topic:stream");
        assertThatThrownBy(() -> config("kinesis.stream.mapping", "a:orders,a:orders"))
                .hasMessageContaining("mapped twice");
        assertThatThrownBy(() -> config("kinesis.stream.mapping", "a:bad stream"))
                .hasMessageContaining("kinesis.stream.mapping");
    }

    @Test
    void credentialsTakeBothKeysOrNeither() throws Exception {
        assertThatThrownBy(() -> config("kinesis.access.key.id", "AKIA")).hasMessageContaining(
                "kinesis.secret.access.key");
        assertThatThrownBy(() -> config("kinesis.access.key.id", "AKIA", "kinesis.secret.access.key", "s",
                "kinesis.credentials.profile", "p")).hasMessageContaining("kinesis.credentials.profile");
        Credentials c = config("kinesis.access.key.id", "AKIA", "kinesis.secret.access.key", "shh").credentials();
        assertThat(c.build().provider().resolveCredentials().secretAccessKey()).isEqualTo("shh");
        assertThat(c.toString()).doesNotContain("shh");
        assertThat(config().credentials().build()).as("the producer's default chain").isNull();
        Credentials.Provider role = config("kinesis.role.arn", "arn:aws:iam::123456789012:role/writer",
                "kinesis.region", "us-east-1", "kinesis.access.key.id", "AKIA", "kinesis.secret.access.key", "shh")
                .credentials().build();
        assertThat(role.provider().getClass().getSimpleName()).isEqualTo("StsAssumeRoleCredentialsProvider");
        role.resources().close(); // built, never asked: no call to STS
    }

    @Test
    void theConnectorsValidateReportsEveryProblemAgainstItsKey() {
        Map<String, String> m = minimal();
        m.put("kinesis.aggregation.max.size", "2097152");
        m.put("kinesis.stream.mapping", "orders:elsewhere"); // any stream: no error
        m.put("kinesis.partition.key", "field");
        Config result = new KinesisSinkConnector().validate(m);
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue v : result.configValues()) {
            if (!v.errorMessages().isEmpty()) {
                errors.put(v.name(), v.errorMessages());
            }
        }
        assertThat(errors).containsOnlyKeys("kinesis.aggregation.max.size", "kinesis.partition.key.field");

        m.put("kinesis.concurrency", "-1");
        Config perKey = new KinesisSinkConnector().validate(m);
        assertThat(perKey.configValues()).filteredOn(v -> !v.errorMessages().isEmpty())
                .extracting(ConfigValue::name).containsExactly("kinesis.concurrency");
    }

    @Test
    void eachTaskGetsTheSettingsAndItsNumber() {
        KinesisSinkConnector connector = new KinesisSinkConnector();
        connector.start(minimal());
        List<Map<String, String>> tasks = connector.taskConfigs(3);
        assertThat(tasks).extracting(t -> t.get(KinesisSinkConfig.TASK_ID)).containsExactly("0", "1", "2");
        assertThat(tasks).allMatch(t -> "orders".equals(t.get("kinesis.stream")));
        assertThat(connector.taskClass()).isEqualTo(KinesisSinkTask.class);
    }

    /** docs/kafka-connect.md carries the generated reference; -Dconfig.docs.write=true rewrites it. */
    @Test
    void theDocsConfigReferenceMatchesTheConfigDef() throws Exception {
        Path doc = Path.of("..", "docs", "kafka-connect.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int start = text.indexOf(ConfigDocs.START);
        int end = text.indexOf(ConfigDocs.END);
        assertThat(start).as("start marker in " + doc).isNotNegative();
        String generated = ConfigDocs.markdown();
        if (Boolean.getBoolean("config.docs.write")) {
            text = text.substring(0, start + ConfigDocs.START.length()) + generated + text.substring(end);
            Files.writeString(doc, text, StandardCharsets.UTF_8);
        }
        String table = text.substring(start + ConfigDocs.START.length(), text.indexOf(ConfigDocs.END));
        assertThat(table).as("docs/kafka-connect.md config reference is stale: run this test with "
                + "-Dconfig.docs.write=true").isEqualTo(generated);
        for (String key : KinesisSinkConfig.configDef().names()) {
            assertThat(table).contains("`" + key + "`");
        }
    }
}
