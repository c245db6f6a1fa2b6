package io.github.kinesisproducer.flink.internal;

import io.github.kinesisproducer.ConfigFile;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.flink.AwsCredentials;
import io.github.kinesisproducer.flink.ProducerSettings;
import java.io.Serializable;
import java.net.URI;
import java.util.List;
import java.util.Properties;

/**
 * Everything a subtask needs to build its producer, in a form Flink can serialize: the producer's own classes are
 * not serializable, so the settings are kept as given and turned into a {@link ProducerConfig} on each side.
 *
 * <p>Precedence, lowest first: the producer's defaults, then {@code properties} (the producer's snake_case keys, the
 * KPL's keys, and the {@code aws.*} keys of {@link AwsProperties}), then the {@link ProducerSettings} function, then
 * the stream, region, endpoint and credentials set by name.
 */
public final class SinkSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String streamName;
    private final String region;
    private final String endpoint;
    private final AwsCredentials credentials;
    private final Properties properties;
    private final ProducerSettings settings;

    /**
     * @param streamName null to take it from {@code settings} or {@code properties}
     * @param region null for the properties' or the SDK's default chain
     * @param endpoint null for the properties' or the region's endpoint
     * @param credentials null for the properties' or the SDK's default chain
     * @param properties null for none (copied)
     * @param settings null for none
     */
    public SinkSettings(String streamName, String region, URI endpoint, AwsCredentials credentials,
            Properties properties, ProducerSettings settings) {
        this.streamName = streamName;
        this.region = region;
        this.endpoint = endpoint == null ? null : endpoint.toString();
        this.credentials = credentials;
        Properties copy = new Properties();
        if (properties != null) {
            copy.putAll(properties);
        }
        this.properties = copy;
        this.settings = settings;
    }

    /**
     * The producer configuration these settings make; checks every value.
     *
     * @throws io.github.kinesisproducer.ConfigException naming what is wrong
     */
    public ProducerConfig producerConfig() {
        ProducerConfig.Builder b = ProducerConfig.builder();
        producerFile().applyTo(b);
        AwsProperties aws = AwsProperties.from(properties, "sink properties");
        if (aws.region() != null) {
            b.region(aws.region());
        }
        if (aws.endpoint() != null) {
            b.endpoint(aws.endpoint());
        }
        if (settings != null) {
            settings.apply(b);
        }
        if (streamName != null) {
            b.streamName(streamName);
        }
        if (region != null) {
            b.region(region);
        }
        if (endpoint != null) {
            b.endpoint(URI.create(endpoint));
        }
        return b.build();
    }

    /** KPL keys in the properties that mean nothing here, one line each with what to use instead. */
    public List<String> ignoredKeys() {
        return producerFile().ignored();
    }

    private ConfigFile producerFile() {
        Properties producerKeys = new Properties();
        for (String name : properties.stringPropertyNames()) {
            if (!AwsProperties.isAwsKey(name)) {
                producerKeys.setProperty(AwsProperties.LEGACY_PRODUCER_KEYS.getOrDefault(name, name),
                        properties.getProperty(name));
            }
        }
        return ConfigFile.fromProperties(producerKeys, "sink properties");
    }

    /** The credentials recipe in force: set by name, else from the properties, else null (the SDK's chain). */
    AwsCredentials credentials() {
        if (credentials != null) {
            return credentials;
        }
        return AwsProperties.from(properties, "sink properties").credentials();
    }

    /** Builds a started producer for one subtask. */
    public KinesisProducer createProducer(ProducerListener listener) {
        KinesisProducer.Builder b = KinesisProducer.builder().config(producerConfig()).listener(listener);
        AwsCredentials c = credentials();
        if (c != null) {
            b.credentialsProvider(c.provider());
        }
        return b.build();
    }
}
