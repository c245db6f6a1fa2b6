package io.github.kinesisproducer.flink.table;

import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.flink.ElementFunction;
import java.util.List;
import org.apache.flink.table.data.RowData;

/**
 * The partition key of a row: the values of its {@code PARTITIONED BY} columns as text, joined by a delimiter
 * ({@code "eu|42"}), a null value as {@code null}, cut to Kinesis's 256 characters. Rows with equal values share a key,
 * so they share a shard and keep their order there.
 */
final class RowDataPartitionKey implements ElementFunction<RowData, String> {
    private static final long serialVersionUID = 1L;

    private final RowData.FieldGetter[] fields;
    private final String delimiter;

    RowDataPartitionKey(List<RowData.FieldGetter> fields, String delimiter) {
        this.fields = fields.toArray(new RowData.FieldGetter[0]);
        this.delimiter = delimiter;
    }

    @Override
    public String apply(RowData row) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                key.append(delimiter);
            }
            key.append(fields[i].getFieldOrNull(row));
        }
        if (key.length() == 0) {
            return "(empty)"; // Kinesis refuses an empty key; one column holding '' still gets a stable key
        }
        int max = ProducerConfig.KINESIS_MAX_PARTITION_KEY_LENGTH;
        if (key.length() > max) {
            int end = Character.isHighSurrogate(key.charAt(max - 1)) ? max - 1 : max;
            return key.substring(0, end);
        }
        return key.toString();
    }
}
