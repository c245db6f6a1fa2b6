package software.amazon.kinesis.producer;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a KPL properties file into a {@link KinesisProducerConfiguration}: KPL keys through their setters (so each
 * value is checked as the setter checks it), kinesis-producer's snake_case keys through
 * {@link KinesisProducerConfiguration#setProducerProperty}.
 */
final class KplProperties {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisProducerConfiguration.class);
    static final Pattern SNAKE_KEY = Pattern.compile("[a-z][a-z0-9_]*");

    private KplProperties() {
    }

    static KinesisProducerConfiguration load(String path) {
        LOG.info("Loading the KPL configuration from {}", path);
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            props.load(in);
        } catch (IOException e) {
            throw new RuntimeException("Error loading config from properties file " + path + ": " + e, e);
        }
        return read(props);
    }

    static KinesisProducerConfiguration read(Properties props) {
        KinesisProducerConfiguration config = new KinesisProducerConfiguration();
        for (String key : new TreeSet<>(props.stringPropertyNames())) {
            String value = props.getProperty(key).strip();
            if (SNAKE_KEY.matcher(key).matches()) {
                config.setProducerProperty(key, value);
            } else if (!applyKplProperty(config, key, value)) {
                LOG.warn("Property {} ignored as there is no corresponding set method in {}", key,
                        KinesisProducerConfiguration.class.getSimpleName());
            }
        }
        return config;
    }

    /** Calls {@code set<key>(value)} converted to the setter's type; false if there is no such setter. */
    private static boolean applyKplProperty(KinesisProducerConfiguration config, String key, String value) {
        for (Method m : KinesisProducerConfiguration.class.getMethods()) {
            if (!m.getName().equals("set" + key) || m.getParameterCount() != 1) {
                continue;
            }
            Class<?> type = m.getParameterTypes()[0];
            try {
                if (type == long.class) {
                    m.invoke(config, Long.valueOf(value));
                } else if (type == int.class) {
                    m.invoke(config, Integer.valueOf(value));
                } else if (type == boolean.class) {
                    m.invoke(config, parseBoolean(value));
                } else if (type == String.class) {
                    m.invoke(config, value);
                } else {
                    continue; // credentials providers, enums (their String overload is used)
                }
                return true;
            } catch (IllegalArgumentException | IllegalAccessException e) {
                throw invalidProperty(key, value, e);
            } catch (InvocationTargetException e) {
                throw invalidProperty(key, value, e.getCause());
            }
        }
        return false;
    }

    private static boolean parseBoolean(String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("not a boolean (true or false)");
    }

    private static IllegalArgumentException invalidProperty(String key, String value, Throwable cause) {
        return new IllegalArgumentException(String.format("Error trying to set field %s with the value '%s': %s", key,
                value, cause.getMessage()), cause);
    }
}
