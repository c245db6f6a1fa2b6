package io.github.kinesisproducer.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A record's partition key and explicit hash key, as {@code kinesis.partition.key} and
 * {@code kinesis.explicit.hash.key.header} say. Keys become text the same way wherever they come from: text as it is,
 * bytes as UTF-8 (Base64 when they are not valid UTF-8), numbers and booleans in decimal, anything else through the
 * value encoder (JSON), so equal keys always land on the same shard.
 */
final class PartitionKeys {

    /** Where the partition key comes from. */
    enum Source {
        RECORD_KEY, TOPIC_PARTITION, FIELD, HEADER, RANDOM;

        String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static List<String> names() {
            return Arrays.stream(values()).map(Source::configName).toList();
        }

        static Source of(String configName) {
            return valueOf(configName.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** A record whose key cannot be found where the configuration says: an errant record. */
    static final class MissingKeyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingKeyException(String message) {
            super(message);
        }
    }

    private final Source source;
    private final String[] fieldPath;
    private final String header;
    private final String explicitHashKeyHeader;

    PartitionKeys(Source source, String field, String header, String explicitHashKeyHeader) {
        this.source = source;
        this.fieldPath = field == null ? new String[0] : field.strip().split("\\.");
        this.header = header;
        this.explicitHashKeyHeader = explicitHashKeyHeader;
    }

    Source source() {
        return source;
    }

    /**
     * The record's partition key, or null for a random one (source random, or a null record key).
     *
     * @throws MissingKeyException if the configured field or header is not there
     */
    String partitionKey(SinkRecord record, ValueEncoder encoder) {
        return switch (source) {
            case RECORD_KEY -> record.key() == null ? null : text(record.key(), record.keySchema(), record, encoder);
            case TOPIC_PARTITION -> record.topic() + "-" + record.kafkaPartition();
            case FIELD -> {
                SchemaAndValue v = field(record.valueSchema(), record.value());
                if (v.value() == null) {
                    throw new MissingKeyException("the value has no field " + String.join(".", fieldPath)
                            + " (kinesis.partition.key.field) to take the partition key from");
                }
                yield text(v.value(), v.schema(), record, encoder);
            }
            case HEADER -> {
                Header h = record.headers().lastWithName(header);
                if (h == null || h.value() == null) {
                    throw new MissingKeyException("the record has no header " + header
                            + " (kinesis.partition.key.header) to take the partition key from");
                }
                yield text(h.value(), h.schema(), record, encoder);
            }
            case RANDOM -> null;
        };
    }

    /** The explicit hash key from its header, or null (none configured, or the header is absent). */
    String explicitHashKey(SinkRecord record, ValueEncoder encoder) {
        if (explicitHashKeyHeader == null) {
            return null;
        }
        Header h = record.headers().lastWithName(explicitHashKeyHeader);
        return h == null || h.value() == null ? null : text(h.value(), h.schema(), record, encoder).strip();
    }

    /** The value at the field path, with its schema when the value has one. */
    private SchemaAndValue field(Schema schema, Object value) {
        Schema currentSchema = schema;
        Object current = value;
        for (String name : fieldPath) {
            if (current instanceof Struct s) {
                Field f = s.schema().field(name);
                current = f == null ? null : s.get(f);
                currentSchema = f == null ? null : f.schema();
            } else if (current instanceof Map<?, ?> m) {
                current = m.get(name);
                currentSchema = currentSchema == null || currentSchema.type() != Schema.Type.MAP ? null
                        : currentSchema.valueSchema();
            } else {
                return SchemaAndValue.NULL;
            }
        }
        return new SchemaAndValue(currentSchema, current);
    }

    private static String text(Object key, Schema schema, SinkRecord record, ValueEncoder encoder) {
        if (key instanceof String s) {
            return s;
        }
        if (key instanceof byte[] b) {
            return bytesAsText(b);
        }
        if (key instanceof ByteBuffer buffer) {
            ByteBuffer d = buffer.duplicate();
            byte[] b = new byte[d.remaining()];
            d.get(b);
            return bytesAsText(b);
        }
        if (key instanceof Number || key instanceof Boolean || key instanceof Character) {
            return key.toString();
        }
        return new String(encoder.json(record.topic(), schema, key), StandardCharsets.UTF_8);
    }

    private static String bytesAsText(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return Base64.getEncoder().encodeToString(b);
        }
    }
}
