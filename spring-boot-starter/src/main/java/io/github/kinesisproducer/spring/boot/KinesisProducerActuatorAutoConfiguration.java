package io.github.kinesisproducer.spring.boot;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The actuator's {@code kinesis} health indicator and info for the auto-configured producers, when the actuator is on
 * the class path ({@code management.health.kinesis.enabled=false} / {@code management.info.kinesis.enabled=false}
 * turn either off). Spring Boot 4 keeps health types in {@code org.springframework.boot.health}; Spring Boot 3's
 * indicator is {@link Boot3HealthIndicatorRegistrar}'s.
 */
@AutoConfiguration(after = KinesisProducerAutoConfiguration.class)
@ConditionalOnBean(KinesisProducers.class)
public class KinesisProducerActuatorAutoConfiguration {

    /** Spring Boot 4: {@code org.springframework.boot.health.contributor.HealthIndicator}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnProperty(prefix = "management.health.kinesis", name = "enabled", matchIfMissing = true)
    static class HealthConfiguration {
        @Bean
        KinesisHealthIndicator kinesisHealthIndicator(KinesisProducers producers) {
            return new KinesisHealthIndicator(producers);
        }
    }

    /** Spring Boot 3: {@code org.springframework.boot.actuate.health.HealthIndicator}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = Boot3HealthIndicatorRegistrar.INDICATOR)
    @ConditionalOnProperty(prefix = "management.health.kinesis", name = "enabled", matchIfMissing = true)
    @Import(Boot3HealthIndicatorRegistrar.class)
    static class Boot3HealthConfiguration {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(InfoContributor.class)
    @ConditionalOnProperty(prefix = "management.info.kinesis", name = "enabled", matchIfMissing = true)
    static class InfoConfiguration {
        @Bean
        KinesisInfoContributor kinesisInfoContributor(KinesisProducers producers) {
            return new KinesisInfoContributor(producers);
        }
    }
}
