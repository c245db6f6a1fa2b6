package io.github.kinesisproducer.spring.boot;

import io.github.kinesisproducer.Clock;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

/**
 * Auto-configures {@link KinesisProducer} beans from {@code kinesis.producer.*} (see {@link KinesisProducerRegistrar}
 * for the beans and when it backs off), closed through {@link KinesisProducers}' lifecycle. With Micrometer and a
 * {@link MeterRegistry} bean, each producer's meters are published there, tagged with {@code stream} and
 * {@code producer}. {@code kinesis.producer.enabled=false} turns all of it off.
 */
@AutoConfiguration
@ConditionalOnClass(KinesisProducer.class)
@ConditionalOnProperty(prefix = KinesisProducerProperties.PREFIX, name = "enabled", havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(KinesisProducerProperties.class)
@Import(KinesisProducerRegistrar.class)
public class KinesisProducerAutoConfiguration {

    @Bean
    KinesisProducerFactory kinesisProducerFactory(KinesisProducerProperties properties,
            ObjectProvider<AwsRegionProvider> regionProvider,
            ObjectProvider<AwsCredentialsProvider> credentialsProvider,
            ObjectProvider<ProducerInstrumentation> instrumentation, ObjectProvider<ProducerListener> listeners,
            ObjectProvider<KinesisProducerBuilderCustomizer> customizers) {
        return new KinesisProducerFactory(properties, regionProvider, credentialsProvider, instrumentation, listeners,
                customizers, Clock.SYSTEM);
    }

    /** Meters per producer in the application's registry, when Micrometer is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MicrometerConfiguration {
        @Bean
        ProducerInstrumentation kinesisProducerMeters(ObjectProvider<MeterRegistry> registry) {
            return new MicrometerInstrumentation(registry);
        }
    }
}
