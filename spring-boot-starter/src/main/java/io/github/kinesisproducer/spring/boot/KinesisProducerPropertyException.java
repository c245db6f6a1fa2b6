package io.github.kinesisproducer.spring.boot;

import io.github.kinesisproducer.ConfigException;

/**
 * A {@code kinesis.producer.*} property is missing, out of range or inconsistent with another. The message names the
 * property, the value and what is allowed; {@link #property()} is the (first) property at fault.
 */
public class KinesisProducerPropertyException extends ConfigException {
    private static final long serialVersionUID = 1L;

    private final String property;

    public KinesisProducerPropertyException(String property, String message) {
        super(message);
        this.property = property;
    }

    /** The full name of the property at fault, e.g. {@code kinesis.producer.record-ttl}. */
    public String property() {
        return property;
    }
}
