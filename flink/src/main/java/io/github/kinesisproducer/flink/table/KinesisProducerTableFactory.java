package io.github.kinesisproducer.flink.table;

import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.flink.ElementFunction;
import io.github.kinesisproducer.flink.RecordFailurePolicy;
import io.github.kinesisproducer.flink.internal.SinkSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * {@code 'connector' = 'kinesis-producer'}: a SQL/Table sink on {@link io.github.kinesisproducer.flink.KinesisProducerSink}.
 *
 * <pre>{@code
 * CREATE TABLE orders (customer_id STRING, total DECIMAL(10, 2)) PARTITIONED BY (customer_id) WITH (
 *   'connector' = 'kinesis-producer',
 *   'stream' = 'orders',
 *   'aws.region' = 'eu-west-1',
 *   'format' = 'json'
 * );
 * INSERT INTO orders SELECT customer_id, total FROM checkout;
 * }</pre>
 *
 * <p>Options: see {@link KinesisProducerTableOptions}. The partition key is made from the {@code PARTITIONED BY}
 * columns ({@link RowDataPartitionKey}); without them each row gets a random key. Registered through
 * {@code META-INF/services/org.apache.flink.table.factories.Factory}.
 */
public final class KinesisProducerTableFactory implements DynamicTableSinkFactory {
    /** The {@code 'connector'} value. */
    public static final String IDENTIFIER = "kinesis-producer";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(KinesisProducerTableOptions.STREAM, FactoryUtil.FORMAT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(KinesisProducerTableOptions.AWS_REGION, KinesisProducerTableOptions.AWS_ENDPOINT,
                KinesisProducerTableOptions.FAILURE_HANDLING, KinesisProducerTableOptions.PARTITION_KEY_DELIMITER,
                KinesisProducerTableOptions.PROXY_URL, KinesisProducerTableOptions.PROXY_PASSWORD,
                KinesisProducerTableOptions.NON_PROXY_HOSTS, KinesisProducerTableOptions.USE_SYSTEM_PROXY,
                FactoryUtil.SINK_PARALLELISM);
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        EncodingFormat<SerializationSchema<RowData>> format =
                helper.discoverEncodingFormat(SerializationFormatFactory.class, FactoryUtil.FORMAT);
        // aws.* credentials keys and producer.* settings are checked below by the producer's own rules.
        helper.validateExcept(KinesisProducerTableOptions.AWS_PREFIX, KinesisProducerTableOptions.PRODUCER_PREFIX);
        ReadableConfig options = helper.getOptions();
        String table = context.getObjectIdentifier().asSummaryString();

        Properties properties = new Properties();
        for (Map.Entry<String, String> e : context.getCatalogTable().getOptions().entrySet()) {
            String key = e.getKey();
            if (key.startsWith(KinesisProducerTableOptions.PRODUCER_PREFIX)) {
                properties.setProperty(key.substring(KinesisProducerTableOptions.PRODUCER_PREFIX.length()),
                        e.getValue());
            } else if (key.startsWith(KinesisProducerTableOptions.AWS_PREFIX)) {
                properties.setProperty(key, e.getValue());
            }
        }
        ProxyOptions.addTo(properties, options, table);
        String stream = options.get(KinesisProducerTableOptions.STREAM);
        try {
            new SinkSettings(stream, null, null, null, properties, null).producerConfig();
        } catch (ConfigException e) {
            throw new ValidationException("table " + table + ": " + e.getMessage(), e);
        }

        DataType physical = context.getPhysicalRowDataType();
        return new KinesisProducerTableSink(stream, properties, format, physical,
                partitionKey(context, physical, options.get(KinesisProducerTableOptions.PARTITION_KEY_DELIMITER), table),
                policy(options.get(KinesisProducerTableOptions.FAILURE_HANDLING), table),
                options.getOptional(FactoryUtil.SINK_PARALLELISM).orElse(null));
    }

    private static ElementFunction<RowData, String> partitionKey(Context context, DataType physical, String delimiter,
            String table) {
        List<String> columns = context.getCatalogTable().getPartitionKeys();
        if (columns.isEmpty()) {
            return null;
        }
        RowType row = (RowType) physical.getLogicalType();
        List<RowData.FieldGetter> getters = new ArrayList<>();
        for (String column : columns) {
            int index = row.getFieldNames().indexOf(column);
            if (index < 0) {
                throw new ValidationException("table " + table + ": PARTITIONED BY column '" + column + "' is not a "
                        + "physical column (columns: " + row.getFieldNames() + ")");
            }
            getters.add(RowData.createFieldGetter(row.getTypeAt(index), index));
        }
        return new RowDataPartitionKey(getters, delimiter);
    }

    private static RecordFailurePolicy policy(String value, String table) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "fail" -> RecordFailurePolicy.FAIL_JOB;
            case "drop" -> RecordFailurePolicy.DROP;
            default -> throw new ValidationException("table " + table + ": '"
                    + KinesisProducerTableOptions.FAILURE_HANDLING.key() + "' = '" + value
                    + "' is not allowed (allowed: 'fail', 'drop')");
        };
    }
}
