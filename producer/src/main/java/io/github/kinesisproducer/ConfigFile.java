package io.github.kinesisproducer;

import io.github.kinesisproducer.internal.config.PropertyKeys;
import io.github.kinesisproducer.internal.config.PropertyValues;
import io.github.kinesisproducer.internal.http.ProxyUrls;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Producer settings from a Java properties file: the one format the library, the {@code kinesis-producer} command
 * ({@code --config FILE}) and the KPL-compatible module read.
 *
 * <p>Two sets of keys are understood, and may be mixed:
 * <ul>
 *   <li>the producer's own snake_case keys, as in the map constructor and the README's configuration table
 *       ({@code record_ttl=30}, {@code buffer_time_limit=0.2}, {@code strict_ordering=true}). Durations are seconds,
 *       or a number with a unit ({@code 200ms}, {@code 30s}, {@code 5m}, {@code 1h}); byte sizes may end in
 *       {@code KiB}, {@code MiB} or {@code GiB};</li>
 *   <li>the KPL's {@code default_config.properties} keys ({@code AggregationEnabled}, {@code RecordTtl}, ...), with the
 *       KPL's units (milliseconds), mapped to the settings that mean the same here. {@code KinesisEndpoint} and
 *       {@code KinesisPort} become an {@code https://} endpoint, as the KPL always uses TLS; {@code ProxyHost},
 *       {@code ProxyPort} (default 443), {@code ProxyUserName} and {@code ProxyPassword} one {@code proxy_url}. An empty KPL value means
 *       "not set", as in the KPL.</li>
 * </ul>
 *
 * <p>KPL keys that mean nothing here ({@code NativeExecutable}, {@code MetricsLevel}, ...) are not errors: they are
 * listed by {@link #ignored()}, each with what to use instead, for the caller to show once. Everything else is checked
 * when the file is read: an unknown key, a value that does not parse or is out of range, two keys for one setting,
 * and {@code VerifyCertificate=false} throw {@link ConfigException} naming the source, the key as written, the value
 * and what is allowed.
 *
 * <p>Unlike the map constructor, nothing here defaults to delimited aggregation: unset settings keep the
 * {@link ProducerConfig} defaults (KPL aggregation).
 *
 * <pre>{@code
 * ConfigFile file = ConfigFile.load(Path.of("producer.properties"));
 * file.ignored().forEach(note -> log.warn(note));
 * KinesisProducer p = KinesisProducer.builder().config(file.toBuilder().streamName("orders").build()).build();
 * }</pre>
 */
public final class ConfigFile {
    private final String source;
    /** Keys as written → values as written, for the keys that set something, in key order. */
    private final Map<String, String> settings;
    private final List<String> ignored;

    private ConfigFile(String source, Map<String, String> settings, List<String> ignored) {
        this.source = source;
        this.settings = Collections.unmodifiableMap(settings);
        this.ignored = List.copyOf(ignored);
    }

    /**
     * Reads a properties file (UTF-8, or ISO-8859-1 when it is not valid UTF-8, as {@link Properties} files used to
     * be).
     *
     * @throws IOException if the file cannot be read
     * @throws ConfigException if a key or value is wrong; the message starts with the file's name
     */
    public static ConfigFile load(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readAllBytes();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        Properties p = new Properties();
        p.load(new StringReader(text));
        return fromProperties(p, file.toString());
    }

    /** Reads settings from properties; messages name the source as "properties". */
    public static ConfigFile fromProperties(Properties properties) {
        return fromProperties(properties, "properties");
    }

    /**
     * Reads settings from properties.
     *
     * @param source how to name where they came from in messages, e.g. a file name
     * @throws ConfigException if a key or value is wrong
     */
    public static ConfigFile fromProperties(Properties properties, String source) {
        Map<String, String> values = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        Map<String, String> targets = new TreeMap<>(); // setting → the key that set it
        for (Map.Entry<String, String> e : values.entrySet()) {
            String name = e.getKey();
            PropertyKeys.Key key = PropertyKeys.KEYS.get(name);
            if (key == null) {
                throw new ConfigException(source + ": unknown key '" + name + "'" + suggestion(name)
                        + " (allowed: the producer's snake_case keys such as record_ttl, or the KPL's keys such as "
                        + "RecordTtl; see the README's configuration table)");
            }
            if (key.kpl() && e.getValue().isBlank()) {
                continue; // the KPL's "not set"
            }
            if (key.ignored()) {
                ignored.add(source + ": " + name + " is ignored: " + key.note());
                continue;
            }
            if (key.target() != null) {
                String earlier = targets.putIfAbsent(key.target(), name);
                if (earlier != null) {
                    throw new ConfigException(source + ": " + earlier + " and " + name + " both set " + key.target()
                            + "; keep one of them");
                }
            }
            settings.put(name, e.getValue());
        }
        if (settings.containsKey("KinesisPort") && !settings.containsKey("KinesisEndpoint")) {
            // The KPL's port applies to its KinesisEndpoint only (the sample file sets 443 without an endpoint).
            settings.remove("KinesisPort");
            ignored.add(source + ": KinesisPort is ignored: it only applies with KinesisEndpoint");
        }
        for (String part : new String[] {"ProxyPort", "ProxyUserName", "ProxyPassword"}) {
            if (settings.containsKey(part) && !settings.containsKey("ProxyHost")) {
                settings.remove(part);
                ignored.add(source + ": " + part + " is ignored: it only applies with ProxyHost");
            }
        }
        ConfigFile file = new ConfigFile(source, settings, ignored);
        file.applyTo(ProducerConfig.builder()); // every value is checked now, not when it is first used
        return file;
    }

    /**
     * Sets this file's settings on {@code builder}, leaving the others as they are; later calls on the builder win.
     * Cross-setting checks (e.g. {@code buffer_size_limit} within {@code max_record_size}) happen at
     * {@link ProducerConfig.Builder#build()}.
     */
    public ProducerConfig.Builder applyTo(ProducerConfig.Builder builder) {
        for (Map.Entry<String, String> e : settings.entrySet()) {
            PropertyKeys.Key key = PropertyKeys.KEYS.get(e.getKey());
            try {
                key.setter().apply(builder, e.getValue());
            } catch (ConfigException ex) {
                throw new ConfigException(source + ": " + ex.getMessage());
            }
        }
        String host = settings.get("KinesisEndpoint");
        String port = settings.get("KinesisPort");
        if (host != null) {
            builder.endpoint(kplEndpoint(host, port));
        }
        String proxyHost = settings.get("ProxyHost");
        if (proxyHost != null) {
            try {
                builder.proxyUrl(kplProxy(proxyHost, settings.get("ProxyPort"), settings.get("ProxyUserName"),
                        settings.get("ProxyPassword")));
            } catch (ConfigException e) {
                throw new ConfigException(source + ": " + e.getMessage());
            }
        }
        return builder;
    }

    /** A builder with the defaults and this file's settings. */
    public ProducerConfig.Builder toBuilder() {
        return applyTo(ProducerConfig.builder());
    }

    /** The keys that set something, as written, with their values as written. */
    public Map<String, String> settings() {
        return settings;
    }

    /** One line per key that means nothing here, with what to use instead: for the caller to show once. */
    public List<String> ignored() {
        return ignored;
    }

    /**
     * A duration written as config files write them: a number of seconds ({@code 0.2}) or a number with a unit
     * ({@code 200ms}, {@code 30s}, {@code 5m}, {@code 1h}); for tools that take durations in the same words.
     *
     * @throws ConfigException naming {@code key}, the text and what is allowed
     */
    public static java.time.Duration parseDuration(String key, String text) {
        return PropertyValues.duration(key, text, PropertyValues.TimeUnit.SECONDS);
    }

    /**
     * A size written as config files write them: bytes, optionally with {@code KiB}, {@code MiB} or {@code GiB}.
     *
     * @throws ConfigException naming {@code key}, the text and what is allowed
     */
    public static long parseBytes(String key, String text) {
        return PropertyValues.bytes(key, text);
    }

    /** Where the settings came from, as named in messages. */
    public String source() {
        return source;
    }

    /** The KPL's endpoint: a host name (TLS always) and a port, default 443. */
    private java.net.URI kplEndpoint(String host, String port) {
        int p = 443;
        if (port != null) {
            p = PropertyValues.intValue("KinesisPort", port, false);
            if (p < 1 || p > 65535) {
                throw new ConfigException(source + ": " + PropertyValues.invalid("KinesisPort", port, "1 to 65535")
                        .getMessage());
            }
        }
        String h = host.strip();
        if (h.contains("://") || h.contains("/") || (h.contains(":") && !h.startsWith("["))) {
            throw new ConfigException(source + ": " + PropertyValues.invalid("KinesisEndpoint", host,
                    "a host name only, e.g. kinesis.eu-west-1.amazonaws.com (with KinesisPort for the port; for "
                            + "http:// use endpoint_url)").getMessage());
        }
        try {
            return new java.net.URI("https", null, h, p, null, null, null);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(source + ": " + PropertyValues.invalid("KinesisEndpoint", host,
                    "a host name").getMessage());
        }
    }

    /** The KPL's proxy: a host name, a port (default 443, as the KPL's), optionally a user name and password. */
    private static java.net.URI kplProxy(String host, String port, String user, String password) {
        int p = 443;
        if (port != null) {
            p = PropertyValues.intValue("ProxyPort", port, false);
            if (p < 1 || p > 65535) {
                throw PropertyValues.invalid("ProxyPort", port, "1 to 65535");
            }
        }
        String h = host.strip();
        if (!h.matches("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+]|[0-9A-Fa-f:]+")) {
            throw PropertyValues.invalid("ProxyHost", host, "a host name or address only, e.g. proxy.corp (with "
                    + "ProxyPort for the port; or proxy_url=http://proxy.corp:3128)");
        }
        return ProxyUrls.of(h.startsWith("[") ? h.substring(1, h.length() - 1) : h, p, user, password);
    }

    /** {@code ; did you mean 'RecordTtl'?} for a near miss (a typo or the wrong case), else nothing. */
    private static String suggestion(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : PropertyKeys.KEYS.keySet()) {
            int d = distance(name.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        return bestDistance <= Math.max(1, name.length() / 4) ? "; did you mean '" + best + "'?" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
