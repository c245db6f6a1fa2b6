package io.github.kinesisproducer.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code kinesis.producer.*}: the settings of the default producer (bean {@code kinesisProducer}), whether the
 * auto-configuration is on, and more producers by name under {@code kinesis.producer.producers.<name>.*}.
 */
@ConfigurationProperties(prefix = KinesisProducerProperties.PREFIX)
public class KinesisProducerProperties extends ProducerSettings {
    /** The prefix of every property. */
    public static final String PREFIX = "kinesis.producer";

    /** Whether to create producer beans at all. */
    private boolean enabled = true;

    /**
     * More producers by name, one bean each (for the name audit: bean auditKinesisProducer, qualifier audit), with
     * the same settings as the top level. Each needs its own stream-name; every other setting it leaves unset takes
     * the top-level value, else the default.
     */
    private Map<String, ProducerSettings> producers = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Map<String, ProducerSettings> getProducers() {
        return producers;
    }

    public void setProducers(Map<String, ProducerSettings> producers) {
        this.producers = producers;
    }
}
