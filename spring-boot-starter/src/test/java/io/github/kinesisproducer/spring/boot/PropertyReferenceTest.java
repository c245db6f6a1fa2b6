package io.github.kinesisproducer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.ProducerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Every producer setting is a property, reaches the producer, has a description and the producer's default in the
 * configuration metadata; and the README's property reference is generated from that metadata. A setting added to
 * {@code ProducerConfig} fails these tests until it has a property, a sample value here and a README row.
 */
class PropertyReferenceTest {
    private static final String PREFIX = KinesisProducerProperties.PREFIX + ".";
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final String START = "<!-- spring-properties:start -->";
    private static final String END = "<!-- spring-properties:end -->";

    /** Unset by default: the producer then asks elsewhere (region and proxy chains) or has none. */
    private static final Set<String> NO_DEFAULT = Set.of("stream-name", "region", "endpoint", "proxy-url",
            "non-proxy-hosts");
    /** A value unlike the default, per property. */
    private static final Map<String, String> SAMPLES = Map.ofEntries(Map.entry("stream-name", "orders"),
            Map.entry("region", "eu-west-1"), Map.entry("endpoint", "http://127.0.0.1:4567"),
            Map.entry("aggregation", "delimited"), Map.entry("record-delimiter", "|"),
            Map.entry("aggregation-max-size", "100KB"), Map.entry("aggregation-max-count", "50"),
            Map.entry("max-buffered-time", "250ms"), Map.entry("max-concurrency", "8"),
            Map.entry("max-attempts", "3"), Map.entry("record-ttl", "2m"), Map.entry("retry-backoff", "50ms"),
            Map.entry("throttle-backoff", "1s"), Map.entry("max-backoff", "20s"), Map.entry("request-timeout", "9s"),
            Map.entry("max-record-size", "2MB"), Map.entry("max-records-per-request", "100"),
            Map.entry("max-request-bytes", "8MB"), Map.entry("max-buffered-bytes", "128MB"),
            Map.entry("max-buffered-records", "5000"), Map.entry("max-block", "5s"),
            Map.entry("rate-limit-percent", "80"), Map.entry("strict-ordering", "true"),
            Map.entry("record-distribution", "user-partition-key"),
            Map.entry("record-distribution-check-interval", "10m"),
            Map.entry("proxy-url", "http://app:hunter2@proxy.corp:3128"), Map.entry("non-proxy-hosts", ".internal"),
            Map.entry("use-system-proxy", "false"), Map.entry("stream-idle-timeout", "10m"),
            Map.entry("stream-buffer-share", "30"));

    @Test
    void everySettingOfTheBuilderIsAProperty() {
        Set<String> builderSettings = Arrays.stream(ProducerConfig.Builder.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getReturnType() == ProducerConfig.Builder.class)
                .map(m -> kebab(m.getName())).collect(Collectors.toCollection(TreeSet::new));
        Set<String> table = PropertyTable.SETTINGS.stream().map(PropertyTable.Setting::property)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(table).isEqualTo(builderSettings);
        assertThat(metadataProperties().keySet()).containsAll(table.stream().map(p -> PREFIX + p).toList());
        assertThat(SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(table);
    }

    @Test
    void everyKeyOfTheReadmesConfigurationTableIsAProperty() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String configTable = readme.substring(readme.indexOf("<!-- config-table:start -->"),
                readme.indexOf("<!-- config-table:end -->"));
        Matcher m = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|").matcher(configTable);
        List<String> keys = new ArrayList<>();
        while (m.find()) {
            keys.add(m.group(1));
        }
        assertThat(keys).hasSizeGreaterThan(20);
        assertThat(PropertyTable.SETTINGS.stream().map(PropertyTable.Setting::key).toList())
                .containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void everyPropertyReachesTheProducersConfig() throws Exception {
        ProducerConfig defaults = build(Map.of("stream-name", "s"));
        for (PropertyTable.Setting<?> s : PropertyTable.SETTINGS) {
            Map<String, String> values = new TreeMap<>(Map.of("stream-name", "s"));
            values.put(s.property(), SAMPLES.get(s.property()));
            if (s.property().equals("max-record-size")) {
                values.put("max-request-bytes", "8MB"); // at least the record size
            }
            ProducerConfig c = build(values);
            Method accessor = ProducerConfig.class.getMethod(camel(s.property()));
            assertThat(same(accessor.invoke(c), accessor.invoke(defaults))).as(s.property() + " changes "
                    + accessor.getName() + "()").isFalse();
        }
    }

    @Test
    void theMetadataListsTheProducersDefaultsAndDescribesEveryProperty() throws Exception {
        ProducerConfig defaults = build(Map.of("stream-name", "s"));
        Map<String, Map<String, Object>> metadata = metadataProperties();
        int checked = 0;
        for (PropertyTable.Setting<?> s : PropertyTable.SETTINGS) {
            Map<String, Object> entry = metadata.get(PREFIX + s.property());
            assertThat((String) entry.get("description")).as(s.property()).isNotBlank().doesNotContain("{@");
            Object defaultValue = entry.get("defaultValue");
            if (NO_DEFAULT.contains(s.property())) {
                assertThat(defaultValue).as(s.property() + " has no default").isNull();
                continue;
            }
            assertThat(defaultValue).as(s.property() + " default").isNotNull();
            ProducerConfig c = build(Map.of("stream-name", "s", s.property(), String.valueOf(defaultValue)));
            Method accessor = ProducerConfig.class.getMethod(camel(s.property()));
            assertThat(same(accessor.invoke(c), accessor.invoke(defaults)))
                    .as(s.property() + " default " + defaultValue).isTrue();
            checked++;
        }
        assertThat(checked).isEqualTo(PropertyTable.SETTINGS.size() - NO_DEFAULT.size());
    }

    @Test
    void theReadmesPropertyReferenceIsGeneratedFromTheMetadata() throws IOException {
        Path readmePath = ROOT.resolve("README.md");
        String readme = Files.readString(readmePath);
        String expected = START + "\n" + reference() + END;
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("README has " + START).isPositive();
        String actual = readme.substring(start, end + END.length());
        if (!actual.equals(expected) && Boolean.getBoolean("update.readme")) {
            Files.writeString(readmePath, readme.substring(0, start) + expected + readme.substring(end + END.length()));
            return;
        }
        assertThat(actual).as("README's Spring Boot property reference (regenerate: mvn -pl spring-boot-starter "
                + "-am test -Dtest=PropertyReferenceTest -Dupdate.readme=true -Dsurefire.failIfNoSpecifiedTests=false)")
                .isEqualTo(expected);
    }

    /** The markdown table: every kinesis.* and management.*.kinesis.* key, with its default and description. */
    static String reference() {
        StringBuilder out = new StringBuilder("| property | default | description |\n|---|---|---|\n");
        for (Map.Entry<String, Map<String, Object>> e : metadataProperties().entrySet()) {
            if (!e.getKey().startsWith(PREFIX) && !e.getKey().contains(".kinesis.")) {
                continue;
            }
            Object d = e.getValue().get("defaultValue");
            String shown = d == null ? "" : "`" + String.valueOf(d).replace("\n", "\\n") + "`";
            out.append("| `").append(e.getKey()).append("` | ").append(shown).append(" | ")
                    .append(String.valueOf(e.getValue().get("description")).replace("|", "\\|").replace("\n", " "))
                    .append(" |\n");
        }
        out.append("| `").append(PREFIX).append("producers.NAME.*` | | every setting above except enabled, for "
                + "the producer named NAME |\n");
        return out.toString();
    }

    static Map<String, Map<String, Object>> metadataProperties() {
        try (InputStream in = PropertyReferenceTest.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            Objects.requireNonNull(in, "spring-configuration-metadata.json on the class path");
            // The SDK's JSON reader (on the class path with the producer): Spring Boot's own parser depends on which
            // JSON library the Boot line brings.
            JsonNode json = JsonNode.parser().parse(in);
            Map<String, Map<String, Object>> byName = new TreeMap<>();
            for (JsonNode p : json.field("properties").orElseThrow().asArray()) {
                Map<String, Object> entry = new TreeMap<>();
                p.asObject().forEach((k, v) -> entry.put(k, value(v)));
                byName.put((String) entry.get("name"), entry);
            }
            return byName;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Object value(JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        return v.isBoolean() ? (Object) v.asBoolean() : v.isNumber() ? v.asNumber() : v.asString();
    }

    /** Binds {@code kinesis.producer.*} values as Spring Boot does and builds the producer's config. */
    private static ProducerConfig build(Map<String, String> values) {
        Map<String, String> source = new TreeMap<>();
        values.forEach((k, v) -> source.put(PREFIX + k, v));
        KinesisProducerProperties p = new Binder(new MapConfigurationPropertySource(source))
                .bind(KinesisProducerProperties.PREFIX, KinesisProducerProperties.class).get();
        ProducerConfig.Builder b = ProducerConfig.builder();
        PropertyTable.apply(p, KinesisProducerProperties.PREFIX, b);
        return PropertyTable.build(b, KinesisProducerProperties.PREFIX);
    }

    private static boolean same(Object a, Object b) {
        return a instanceof byte[] x && b instanceof byte[] y ? Arrays.equals(x, y) : Objects.equals(a, b);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return out.toString();
    }
}
