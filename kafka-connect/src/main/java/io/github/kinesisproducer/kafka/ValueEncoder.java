package io.github.kinesisproducer.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.Converter;

/**
 * The bytes written to Kinesis for a record's value. The worker's converter has already turned Kafka's bytes into
 * Connect data; this turns that back into bytes: with {@code kinesis.value.converter} when set, else bytes as they
 * are (ByteArrayConverter), text as UTF-8 (StringConverter) and structured data as JSON without schema (JsonConverter,
 * or a registry's Avro converter on the worker side).
 */
final class ValueEncoder implements AutoCloseable {
    private final Converter custom;
    private final JsonConverter json;

    private ValueEncoder(Converter custom) {
        this.custom = custom;
        this.json = new JsonConverter();
        Map<String, Object> settings = new HashMap<>();
        settings.put(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, false);
        // Decimals as JSON numbers, not Base64 of their unscaled bytes: what a Kinesis consumer can read.
        settings.put(JsonConverterConfig.DECIMAL_FORMAT_CONFIG, "NUMERIC");
        json.configure(settings, false);
    }

    /** The built-in encoding. */
    static ValueEncoder builtIn() {
        return new ValueEncoder(null);
    }

    /** Encoding through the given converter class, configured with {@code settings} as a value converter. */
    static ValueEncoder withConverter(Class<?> converterClass, Map<String, Object> settings) {
        if (converterClass == null) {
            return builtIn();
        }
        Converter c;
        try {
            c = (Converter) converterClass.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new org.apache.kafka.common.config.ConfigException(KinesisSinkConfig.VALUE_CONVERTER,
                    converterClass.getName(), "cannot be created: " + e);
        }
        c.configure(settings, false);
        return new ValueEncoder(c);
    }

    /** The value's bytes, or null for a null value (without a converter that writes something for null). */
    byte[] encode(String topic, Schema schema, Object value) {
        if (custom != null) {
            return custom.fromConnectData(topic, schema, value);
        }
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer d = buffer.duplicate();
            byte[] b = new byte[d.remaining()];
            d.get(b);
            return b;
        }
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        return json(topic, schema, value);
    }

    /** JSON without schema, as the built-in encoding writes structured values (and keys, for placement). */
    byte[] json(String topic, Schema schema, Object value) {
        return json.fromConnectData(topic, schema, value);
    }

    @Override
    public void close() {
        json.close();
        if (custom != null) {
            try {
                custom.close();
            } catch (Exception e) {
                // closing a converter releases nothing we depend on
            }
        }
    }
}
