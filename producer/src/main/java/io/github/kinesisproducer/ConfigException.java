package io.github.kinesisproducer;

/** A configuration key or value was wrong. The message names the key, the value and what is allowed. */
public class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}
