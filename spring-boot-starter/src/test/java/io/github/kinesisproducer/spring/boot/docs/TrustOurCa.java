package io.github.kinesisproducer.spring.boot.docs;

import io.github.kinesisproducer.spring.boot.KinesisProducerBuilderCustomizer;
import javax.net.ssl.X509TrustManager;
import org.springframework.context.annotation.Bean;

/**
 * docs/spring-boot.md's customizer example, a bean method as it would stand in one of the application's configuration
 * classes (not one here: the example application has no trust manager to give it). DocsTest keeps the block equal.
 */
class TrustOurCa {
    @Bean
    KinesisProducerBuilderCustomizer trustOurCa(X509TrustManager ca) {
        return (name, builder) -> builder.tlsTrustManager(ca);   // name: "default" or the key under producers
    }
}
