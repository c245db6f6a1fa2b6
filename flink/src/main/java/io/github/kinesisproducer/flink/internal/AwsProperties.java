package io.github.kinesisproducer.flink.internal;

import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.flink.AwsCredentials;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The {@code aws.*} keys Flink's AWS connectors use (their {@code AWSConfigConstants}; {@code FlinkKinesisProducer}
 * took them in its {@code Properties}), so that existing configurations carry over:
 * {@code aws.region}, {@code aws.endpoint}, {@code aws.credentials.provider} ({@code AUTO}, {@code BASIC},
 * {@code ENV_VAR}, {@code SYS_PROP}, {@code PROFILE}) with {@code aws.credentials.provider.basic.accesskeyid},
 * {@code .basic.secretkey}, {@code .profile.name} and {@code .profile.path}. The SQL connectors' shorter forms
 * ({@code aws.credentials.basic.accesskeyid}, ...) mean the same.
 *
 * @param region null if not set
 * @param endpoint null if not set
 * @param credentials null if not set (the producer then uses the SDK's default chain)
 */
public record AwsProperties(String region, URI endpoint, AwsCredentials credentials) {
    /** The prefix of every key read here. */
    public static final String PREFIX = "aws.";
    public static final String REGION = "aws.region";
    public static final String ENDPOINT = "aws.endpoint";
    public static final String PROVIDER = "aws.credentials.provider";
    public static final String ACCESS_KEY_ID = "aws.credentials.provider.basic.accesskeyid";
    public static final String SECRET_KEY = "aws.credentials.provider.basic.secretkey";
    public static final String PROFILE_NAME = "aws.credentials.provider.profile.name";
    public static final String PROFILE_PATH = "aws.credentials.provider.profile.path";

    private static final java.util.Set<String> KNOWN =
            java.util.Set.of(REGION, ENDPOINT, PROVIDER, ACCESS_KEY_ID, SECRET_KEY, PROFILE_NAME, PROFILE_PATH);

    /**
     * {@code FlinkKinesisProducer}'s own two keys under {@code aws.producer.}, and the KPL keys they stood for: they
     * are producer settings, not AWS ones.
     */
    static final Map<String, String> LEGACY_PRODUCER_KEYS = Map.of(
            "aws.producer.collectionMaxCount", "CollectionMaxCount",
            "aws.producer.aggregationMaxCount", "AggregationMaxCount");

    /** True for keys this class reads (the rest of a configuration is the producer's). */
    public static boolean isAwsKey(String key) {
        return key.startsWith(PREFIX) && !LEGACY_PRODUCER_KEYS.containsKey(key);
    }

    /** Reads the {@code aws.*} entries of {@code properties}; other keys are ignored here. */
    public static AwsProperties from(Properties properties, String source) {
        Map<String, String> aws = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (isAwsKey(name)) {
                aws.put(normalize(name), properties.getProperty(name).trim());
            }
        }
        return from(aws, source);
    }

    /** Reads {@code aws.*} entries (already without other keys). */
    public static AwsProperties from(Map<String, String> aws, String source) {
        for (String key : aws.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new ConfigException(source + ": unknown key '" + key + "' (allowed aws.* keys: "
                        + new java.util.TreeSet<>(KNOWN) + "; other credentials through the builder's "
                        + "credentials(AwsCredentials.of(...)))");
            }
        }
        String region = aws.get(REGION);
        URI endpoint = null;
        if (aws.containsKey(ENDPOINT)) {
            try {
                endpoint = URI.create(aws.get(ENDPOINT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source + ": " + ENDPOINT + " is not a URI: '" + aws.get(ENDPOINT)
                        + "' (allowed: e.g. http://127.0.0.1:4567 or https://kinesis.eu-west-1.amazonaws.com)");
            }
        }
        return new AwsProperties(region, endpoint, credentials(aws, source));
    }

    /** The SQL connectors' {@code aws.credentials.basic.*} is {@code aws.credentials.provider.basic.*}. */
    static String normalize(String key) {
        String credentials = "aws.credentials.";
        if (key.startsWith(credentials) && !key.equals(PROVIDER) && !key.startsWith(PROVIDER + ".")) {
            return PROVIDER + "." + key.substring(credentials.length());
        }
        return key;
    }

    private static AwsCredentials credentials(Map<String, String> aws, String source) {
        String type = aws.get(PROVIDER);
        boolean basicKeys = aws.containsKey(ACCESS_KEY_ID) || aws.containsKey(SECRET_KEY);
        if (type == null) {
            // As Flink's AWS connectors: keys without a provider type mean BASIC.
            type = basicKeys ? "BASIC" : null;
        }
        if (type == null) {
            return null;
        }
        return switch (type.toUpperCase(Locale.ROOT)) {
            case "AUTO" -> AwsCredentials.defaultChain();
            case "BASIC" -> AwsCredentials.basic(require(aws, ACCESS_KEY_ID, source), require(aws, SECRET_KEY, source));
            case "ENV_VAR" -> AwsCredentials.environment();
            case "SYS_PROP" -> AwsCredentials.systemProperties();
            case "PROFILE" -> {
                String name = aws.getOrDefault(PROFILE_NAME, "default");
                String path = aws.get(PROFILE_PATH);
                yield path == null ? AwsCredentials.profile(name) : AwsCredentials.profile(name, path);
            }
            default -> throw new ConfigException(source + ": " + PROVIDER + "=" + type + " is not supported here "
                    + "(allowed: AUTO, BASIC, ENV_VAR, SYS_PROP, PROFILE). AUTO is the SDK's default chain, which "
                    + "includes web identity tokens (EKS) when the SDK's sts module is on the class path; for an "
                    + "assumed role use the builder's credentials(AwsCredentials.of(() -> ...))");
        };
    }

    private static String require(Map<String, String> aws, String key, String source) {
        String v = aws.get(key);
        if (v == null || v.isEmpty()) {
            throw new ConfigException(source + ": " + PROVIDER + "=BASIC needs " + key);
        }
        return v;
    }
}
