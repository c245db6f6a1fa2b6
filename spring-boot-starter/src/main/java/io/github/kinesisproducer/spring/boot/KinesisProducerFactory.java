package io.github.kinesisproducer.spring.boot;

import io.github.kinesisproducer.Clock;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.ProducerListener;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

/**
 * Builds one auto-configured producer from the properties: the top-level settings, a named producer's own laid over
 * them, region and credentials from the application's AWS beans when the properties leave them open, its listeners
 * (health, meters, the application's {@link ProducerListener} beans) and the customizer beans.
 */
final class KinesisProducerFactory {
    /** The default producer's name, for {@code kinesis.producer.*}. */
    static final String DEFAULT = "default";

    private final KinesisProducerProperties properties;
    private final ObjectProvider<AwsRegionProvider> regionProvider;
    private final ObjectProvider<AwsCredentialsProvider> credentialsProvider;
    private final ObjectProvider<ProducerInstrumentation> instrumentation;
    private final ObjectProvider<ProducerListener> listeners;
    private final ObjectProvider<KinesisProducerBuilderCustomizer> customizers;
    private final Clock clock;

    KinesisProducerFactory(KinesisProducerProperties properties, ObjectProvider<AwsRegionProvider> regionProvider,
            ObjectProvider<AwsCredentialsProvider> credentialsProvider,
            ObjectProvider<ProducerInstrumentation> instrumentation, ObjectProvider<ProducerListener> listeners,
            ObjectProvider<KinesisProducerBuilderCustomizer> customizers, Clock clock) {
        this.properties = properties;
        this.regionProvider = regionProvider;
        this.credentialsProvider = credentialsProvider;
        this.instrumentation = instrumentation;
        this.listeners = listeners;
        this.customizers = customizers;
        this.clock = clock;
    }

    /** The producer's settings as the properties give them, checked; errors name the property. */
    ProducerConfig config(String name) {
        String prefix = prefix(name);
        ProducerConfig.Builder builder = ProducerConfig.builder();
        ProducerSettings own = properties;
        if (!DEFAULT.equals(name)) {
            own = properties.getProducers().get(name);
            if (own == null) {
                throw new KinesisProducerPropertyException(prefix, "No producer named '" + name + "' under "
                        + KinesisProducerProperties.PREFIX + ".producers");
            }
            // The top level's settings are the named producer's defaults, except the stream: one producer per stream.
            ProducerSettings inherited = properties;
            PropertyTable.apply(inherited, KinesisProducerProperties.PREFIX, builder);
        }
        PropertyTable.apply(own, prefix, builder);
        if (own.getStreamName() == null) {
            throw new KinesisProducerPropertyException(prefix + ".stream-name", prefix + ".stream-name is required: "
                    + "the name of the Kinesis stream to write to (or set " + KinesisProducerProperties.PREFIX
                    + ".enabled=false to turn the auto-configured producer off)");
        }
        builder.streamName(own.getStreamName());
        if (properties.getRegion() == null && own.getRegion() == null) {
            AwsRegionProvider provider = regionProvider.getIfUnique();
            if (provider != null) {
                builder.region(provider.getRegion().id());
            }
        }
        return PropertyTable.build(builder, prefix);
    }

    /** Builds and starts the producer named {@code name}. */
    ManagedProducer create(String name) {
        ProducerConfig config = config(name);
        ProducerHealth health = new ProducerHealth(config.streamName(), clock);
        List<ProducerListener> all = new ArrayList<>();
        all.add(health);
        ProducerInstrumentation instruments = instrumentation.getIfAvailable();
        ProducerInstrumentation.Attachment attachment = instruments == null ? null : instruments.attach(name, config);
        if (attachment != null) {
            all.add(attachment.listener());
        }
        listeners.orderedStream().forEach(all::add);

        KinesisProducer.Builder builder = KinesisProducer.builder().config(config);
        AwsCredentialsProvider credentials = credentialsProvider.getIfUnique();
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        customizers.orderedStream().forEach(c -> c.customize(name, builder));
        builder.listener(new FanOutListener(all));
        KinesisProducer producer = builder.build();
        if (attachment != null) {
            attachment.attached(producer);
        }
        return new ManagedProducer(name, producer, health);
    }

    /**
     * The names of the producers {@code properties} configure: {@code default} when the top level names a stream or
     * nothing else is configured (so that a missing stream-name is reported, naming the property), then every named
     * one.
     */
    static List<String> names(KinesisProducerProperties properties) {
        List<String> names = new ArrayList<>();
        if (properties.getStreamName() != null || properties.getProducers().isEmpty()) {
            names.add(DEFAULT);
        }
        for (String name : properties.getProducers().keySet()) {
            if (DEFAULT.equals(name)) {
                throw new KinesisProducerPropertyException(KinesisProducerProperties.PREFIX + ".producers." + name, "'"
                        + DEFAULT + "' is the name of the "
                        + "producer configured at the top level (" + KinesisProducerProperties.PREFIX
                        + ".stream-name, ...): give the named producer another name");
            }
            names.add(name);
        }
        return names;
    }

    static String prefix(String name) {
        return DEFAULT.equals(name) ? KinesisProducerProperties.PREFIX
                : KinesisProducerProperties.PREFIX + ".producers." + name;
    }
}
