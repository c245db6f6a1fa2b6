package io.github.kinesisproducer.flink.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

class RowDataPartitionKeyTest {
    private static final RowData.FieldGetter REGION = RowData.createFieldGetter(VarCharType.STRING_TYPE, 0);
    private static final RowData.FieldGetter SHOP = RowData.createFieldGetter(new IntType(), 1);

    @Test
    void joinsThePartitionColumnsWithTheDelimiter() {
        RowDataPartitionKey key = new RowDataPartitionKey(List.of(REGION, SHOP), "|");
        assertThat(key.apply(GenericRowData.of(StringData.fromString("eu"), 42))).isEqualTo("eu|42");
        assertThat(key.apply(GenericRowData.of(null, 7))).isEqualTo("null|7");
        assertThat(new RowDataPartitionKey(List.of(SHOP), "|").apply(GenericRowData.of(null, 7))).isEqualTo("7");
    }

    @Test
    void alwaysAKeyKinesisTakes() {
        RowDataPartitionKey key = new RowDataPartitionKey(List.of(REGION), "|");
        assertThat(key.apply(GenericRowData.of(StringData.fromString(""), 0))).isEqualTo("(empty)");
        assertThat(key.apply(GenericRowData.of(StringData.fromString("x".repeat(300)), 0))).hasSize(256);
        String surrogates = "a" + "\uD83D\uDE00".repeat(200); // a pair must not be cut in half
        assertThat(key.apply(GenericRowData.of(StringData.fromString(surrogates), 0))).hasSize(255);
    }
}
