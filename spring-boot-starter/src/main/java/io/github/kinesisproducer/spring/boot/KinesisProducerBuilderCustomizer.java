package io.github.kinesisproducer.spring.boot;

import io.github.kinesisproducer.KinesisProducer;

/**
 * A bean of this type adjusts each auto-configured producer's builder after the properties are applied and before
 * it is built: settings the properties do not cover, such as a TLS trust manager or a callback executor. Record
 * events with {@link io.github.kinesisproducer.ProducerListener} beans rather than {@code builder.listener(...)}: the
 * starter sets the builder's listener last (its metrics and health listen there, followed by every listener bean).
 */
@FunctionalInterface
public interface KinesisProducerBuilderCustomizer {
    /**
     * Adjusts the builder of the producer named {@code name}.
     *
     * @param name the producer's name: {@code default} for {@code kinesis.producer.*}, else its key under
     *     {@code kinesis.producer.producers}
     * @param builder the builder, with the properties applied
     */
    void customize(String name, KinesisProducer.Builder builder);
}
