package io.github.kinesisproducer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.KinesisRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** Partition keys from each source and values through the built-in encoding or a converter. */
class RecordConversionTest {
    private static final Schema CUSTOMER = SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA)
            .field("tier", Schema.INT32_SCHEMA).build();
    private static final Schema ORDER = SchemaBuilder.struct().field("orderId", Schema.INT64_SCHEMA)
            .field("customer", CUSTOMER).build();

    private final ValueEncoder encoder = ValueEncoder.builtIn();

    private static Struct order() {
        return new Struct(ORDER).put("orderId", 17L).put("customer", new Struct(CUSTOMER).put("id", "c-9").put("tier", 2));
    }

    private static SinkRecord record(Object key, Schema valueSchema, Object value) {
        return new SinkRecord("orders", 2, null, key, valueSchema, value, 40);
    }

    private String key(PartitionKeys keys, SinkRecord r) {
        return keys.partitionKey(r, encoder);
    }

    @Test
    void recordKeysBecomeTheSameTextWhateverTheirType() {
        PartitionKeys keys = new PartitionKeys(PartitionKeys.Source.RECORD_KEY, null, null, null);
        assertThat(key(keys, record("order-17", null, "v"))).isEqualTo("order-17");
        assertThat(key(keys, record("order-17".getBytes(StandardCharsets.UTF_8), null, "v"))).isEqualTo("order-17");
        assertThat(key(keys, record(ByteBuffer.wrap("order-17".getBytes(StandardCharsets.UTF_8)), null, "v")))
                .isEqualTo("order-17");
        byte[] binary = {(byte) 0xff, 0, (byte) 0xfe};
        assertThat(key(keys, record(binary, null, "v"))).isEqualTo(Base64.getEncoder().encodeToString(binary));
        assertThat(key(keys, record(42L, null, "v"))).isEqualTo("42");
        assertThat(key(keys, new SinkRecord("orders", 2, ORDER, order(), null, "v", 40)))
                .isEqualTo("{\"orderId\":17,\"customer\":{\"id\":\"c-9\",\"tier\":2}}");
        assertThat(key(keys, record(null, null, "v"))).as("null key: a random one").isNull();
    }

    @Test
    void topicPartitionKeysKeepAPartitionOnOneShard() {
        PartitionKeys keys = new PartitionKeys(PartitionKeys.Source.TOPIC_PARTITION, null, null, null);
        assertThat(key(keys, record("ignored", null, "v"))).isEqualTo("orders-2");
    }

    @Test
    void fieldKeysReachIntoStructsAndMaps() {
        PartitionKeys nested = new PartitionKeys(PartitionKeys.Source.FIELD, "customer.id", null, null);
        assertThat(key(nested, record(null, ORDER, order()))).isEqualTo("c-9");
        assertThat(key(nested, record(null, null, Map.of("customer", Map.of("id", "c-3"))))).isEqualTo("c-3");
        PartitionKeys whole = new PartitionKeys(PartitionKeys.Source.FIELD, "customer", null, null);
        assertThat(key(whole, record(null, ORDER, order()))).isEqualTo("{\"id\":\"c-9\",\"tier\":2}");
        assertThatThrownBy(() -> key(nested, record(null, null, "plain text")))
                .isInstanceOf(PartitionKeys.MissingKeyException.class).hasMessageContaining("customer.id");
    }

    @Test
    void headersGiveKeysWhenAsked_andAreOtherwiseNotWritten() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("tenant", "t-1").addString("tenant", "t-2").addString("ehk", "12345");
        SinkRecord r = new SinkRecord("orders", 0, null, "k", null, "v", 1, null, null, headers);
        PartitionKeys keys = new PartitionKeys(PartitionKeys.Source.HEADER, null, "tenant", "ehk");
        assertThat(key(keys, r)).as("the last value").isEqualTo("t-2");
        assertThat(keys.explicitHashKey(r, encoder)).isEqualTo("12345");

        RecordConverter converter = new RecordConverter(keys, encoder, KinesisSinkConfig.NullValues.SKIP);
        KinesisRecord k = converter.convert(r);
        assertThat(k.partitionKey()).isEqualTo("t-2");
        assertThat(k.explicitHashKey()).isEqualTo("12345");
        assertThat(k.data()).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> converter.convert(record("k", null, "v")))
                .isInstanceOf(RecordConverter.ErrantRecordException.class).hasMessageContaining("tenant");
    }

    @Test
    void aBadExplicitHashKeyIsAnErrantRecord() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("ehk", "not-a-number");
        SinkRecord r = new SinkRecord("orders", 0, null, "k", null, "v", 1, null, null, headers);
        RecordConverter converter = new RecordConverter(
                new PartitionKeys(PartitionKeys.Source.RECORD_KEY, null, null, "ehk"), encoder,
                KinesisSinkConfig.NullValues.SKIP);
        assertThatThrownBy(() -> converter.convert(r)).isInstanceOf(RecordConverter.ErrantRecordException.class)
                .hasMessageContaining("explicitHashKey");
    }

    @Test
    void valuesAreWrittenAsBytesTextOrJson() {
        assertThat(encoder.encode("t", null, new byte[] {1, 2})).containsExactly(1, 2);
        assertThat(encoder.encode("t", null, ByteBuffer.wrap(new byte[] {3}))).containsExactly(3);
        assertThat(encoder.encode("t", null, "héllo")).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(encoder.encode("t", ORDER, order()), StandardCharsets.UTF_8))
                .isEqualTo("{\"orderId\":17,\"customer\":{\"id\":\"c-9\",\"tier\":2}}");
        assertThat(new String(encoder.encode("t", null, Map.of("a", List.of(1, 2))), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":[1,2]}");
        assertThat(encoder.encode("t", null, null)).isNull();
    }

    @Test
    void aConfiguredConverterWritesTheValue() {
        ValueEncoder withSchemas = ValueEncoder.withConverter(JsonConverter.class, Map.of("schemas.enable", "true"));
        String json = new String(withSchemas.encode("t", ORDER, order()), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"schema\":").contains("\"payload\":{\"orderId\":17");
        withSchemas.close();
    }
}
