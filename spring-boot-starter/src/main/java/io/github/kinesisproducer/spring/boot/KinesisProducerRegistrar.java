package io.github.kinesisproducer.spring.boot;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.Producer;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link KinesisProducer} bean per configured producer: {@code kinesisProducer} (primary) for
 * {@code kinesis.producer.*}, and {@code <name>KinesisProducer} with qualifier {@code <name>} for each entry of
 * {@code kinesis.producer.producers}; each is made by {@link KinesisProducers#create(String)}, which also registers it
 * for the lifecycle. Registers nothing when the application defines a bean of {@link Producer} (the interface or
 * {@code KinesisProducer}, e.g. the test kit's {@code MockKinesisProducer}): bean definitions from the application's
 * configuration are known by now, as for {@code @ConditionalOnMissingBean}.
 */
final class KinesisProducerRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {
    /** The registry's bean name. */
    static final String PRODUCERS_BEAN = "kinesisProducers";
    /** The default producer's bean name. */
    static final String DEFAULT_BEAN = "kinesisProducer";

    /** Spring Boot's property for how long each shutdown phase may take, and its default. */
    static final String SHUTDOWN_TIMEOUT = "spring.lifecycle.timeout-per-shutdown-phase";
    static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(KinesisProducerRegistrar.class);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        if (registry instanceof ListableBeanFactory beans) {
            String[] own = beans.getBeanNamesForType(Producer.class, true, false);
            if (own.length > 0) {
                LOG.debug("Not configuring a Kinesis producer: the application defines {}", Arrays.toString(own));
                return;
            }
        }
        KinesisProducerProperties properties = Binder.get(environment)
                .bind(KinesisProducerProperties.PREFIX, KinesisProducerProperties.class)
                .orElseGet(KinesisProducerProperties::new);

        Duration shutdownTimeout = Binder.get(environment).bind(SHUTDOWN_TIMEOUT, Duration.class)
                .orElse(DEFAULT_SHUTDOWN_TIMEOUT);
        RootBeanDefinition producers = new RootBeanDefinition(KinesisProducers.class);
        producers.getConstructorArgumentValues().addIndexedArgumentValue(0,
                new RuntimeBeanReference(KinesisProducerFactory.class));
        producers.getConstructorArgumentValues().addIndexedArgumentValue(1, shutdownTimeout);
        producers.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
        registry.registerBeanDefinition(PRODUCERS_BEAN, producers);

        for (String name : KinesisProducerFactory.names(properties)) {
            RootBeanDefinition producer = new RootBeanDefinition(KinesisProducer.class);
            producer.setFactoryBeanName(PRODUCERS_BEAN);
            producer.setFactoryMethodName("create");
            producer.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
            // Closed by KinesisProducers (lifecycle, or destroy after a failed refresh), not by an inferred close().
            producer.setDestroyMethodName(null);
            if (KinesisProducerFactory.DEFAULT.equals(name)) {
                producer.setPrimary(true);
                registry.registerBeanDefinition(DEFAULT_BEAN, producer);
            } else {
                producer.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
                registry.registerBeanDefinition(name + "KinesisProducer", producer);
            }
        }
    }
}
