package io.github.kinesisproducer;

/**
 * A configuration key or value was wrong. The message names the key, the value and what is allowed.
 *
 * <p>A {@link KinesisProducerException} like every error of this library (it was an {@code IllegalArgumentException}
 * before 0.1.0).
 */
public class ConfigException extends KinesisProducerException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
