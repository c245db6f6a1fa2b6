package io.github.kinesisproducer.flink.table;

import io.github.kinesisproducer.flink.ElementFunction;
import io.github.kinesisproducer.flink.KinesisProducerSink;
import io.github.kinesisproducer.flink.KinesisProducerSinkBuilder;
import io.github.kinesisproducer.flink.RecordFailurePolicy;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.sink.abilities.SupportsPartitioning;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/**
 * The table sink of {@code 'connector' = 'kinesis-producer'}: rows encoded by the table's format, keyed by the
 * {@code PARTITIONED BY} columns (random keys without them), written by a {@link KinesisProducerSink}.
 */
final class KinesisProducerTableSink implements DynamicTableSink, SupportsPartitioning {
    private final String stream;
    private final Properties properties;
    private final EncodingFormat<SerializationSchema<RowData>> format;
    private final DataType physicalType;
    private final ElementFunction<RowData, String> partitionKey;
    private final RecordFailurePolicy policy;
    private final Integer parallelism;

    KinesisProducerTableSink(String stream, Properties properties, EncodingFormat<SerializationSchema<RowData>> format,
            DataType physicalType, ElementFunction<RowData, String> partitionKey, RecordFailurePolicy policy,
            Integer parallelism) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.properties = properties;
        this.format = format;
        this.physicalType = physicalType;
        this.partitionKey = partitionKey;
        this.policy = policy;
        this.parallelism = parallelism;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return format.getChangelogMode(); // Kinesis only appends: what the format can encode is what the sink takes
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        KinesisProducerSinkBuilder<RowData> b = KinesisProducerSink.<RowData>builder()
                .streamName(stream)
                .properties(properties)
                .serializationSchema(format.createRuntimeEncoder(context, physicalType))
                .onRecordFailure(policy);
        if (partitionKey != null) {
            b.partitionKey(partitionKey);
        }
        return SinkV2Provider.of(b.build(), parallelism);
    }

    @Override
    public DynamicTableSink copy() {
        return new KinesisProducerTableSink(stream, properties, format, physicalType, partitionKey, policy,
                parallelism);
    }

    @Override
    public String asSummaryString() {
        return "kinesis-producer(" + stream + ")";
    }

    /**
     * {@code INSERT INTO t PARTITION (region = 'eu') ...}: the planner fills the column with the value, so the key
     * is made from the row as usual.
     */
    @Override
    public void applyStaticPartition(Map<String, String> partition) {
    }
}
