package io.github.kinesisproducer.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.Aggregation;
import java.time.Duration;
import org.apache.flink.formats.json.JsonSerializationSchema;
import org.junit.jupiter.api.Test;

/** The builder chains of the README and docs/flink.md, as written there, compile and build. */
class DocsExampleTest {
    /** The docs' element type. */
    public record Order(String orderId, String customerId, String hashKey) {
    }

    @Test
    void theReadmeAndDocsExamplesBuild() {
        KinesisProducerSink<Order> sink = KinesisProducerSink.<Order>builder()
            .streamName("orders").region("eu-west-1")
            .serializationSchema(new JsonSerializationSchema<>())     // Flink's own SerializationSchema
            .partitionKey(order -> order.customerId())                // a serializable function; default: random keys
            .explicitHashKey(order -> order.hashKey())                // optional; null for an element means "none"
            .producerConfig(c -> c.aggregation(Aggregation.KPL)       // every producer setting, same names and defaults
                                  .maxBufferedTime(Duration.ofMillis(200)))
            .build();
        assertThat(sink.streamName()).isEqualTo("orders");
        assertThat(sink.producerConfig().aggregation()).isEqualTo(Aggregation.KPL);
        assertThat(sink.producerConfig().maxBufferedTime()).isEqualTo(Duration.ofMillis(200));
        assertThat(sink.producerConfig().region()).isEqualTo("eu-west-1");
    }
}
