package io.github.kinesisproducer.spring.boot;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Publishes each producer's meters ({@link MicrometerMetrics}) to the application's {@link MeterRegistry}, tagged
 * {@code stream=<stream name>} and {@code producer=<name>} ({@code default} for {@code kinesis.producer.*}). The
 * registry is looked up when a producer is built, so its auto-configuration may come before or after this one.
 */
final class MicrometerInstrumentation implements ProducerInstrumentation {
    private final ObjectProvider<MeterRegistry> registry;

    MicrometerInstrumentation(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public Attachment attach(String name, ProducerConfig config) {
        MeterRegistry meters = registry.getIfUnique();
        if (meters == null) {
            return null;
        }
        MicrometerMetrics metrics = new MicrometerMetrics(meters,
                Tags.of("stream", config.streamName(), "producer", name));
        return new Attachment() {
            @Override
            public ProducerListener listener() {
                return metrics;
            }

            @Override
            public void attached(KinesisProducer producer) {
                metrics.bindTo(producer);
            }
        };
    }
}
