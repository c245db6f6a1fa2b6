package io.github.kinesisproducer.flink;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.flink.internal.KinesisProducerSinkWriter;
import io.github.kinesisproducer.flink.internal.SinkSettings;
import io.github.kinesisproducer.flink.internal.StreamRouter;
import io.github.kinesisproducer.flink.internal.WriterMetrics;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink sink that writes to a Kinesis data stream through kinesis-producer: each parallel subtask runs one
 * {@link KinesisProducer}, which packs records into KPL aggregates per shard, batches them into PutRecords calls,
 * keeps to each shard's rate limit and retries exactly the records that failed.
 *
 * <pre>{@code
 * KinesisProducerSink<Order> sink = KinesisProducerSink.<Order>builder()
 *     .streamName("orders").region("eu-west-1")
 *     .serializationSchema(new JsonSerializationSchema<>())
 *     .partitionKey(order -> order.customerId())
 *     .producerConfig(c -> c.aggregation(Aggregation.KPL))
 *     .build();
 * stream.sinkTo(sink);
 * }</pre>
 *
 * <p>Guarantee: at least once. The writer's {@code flush}, which Flink calls before every checkpoint barrier and at
 * end of input, returns only when every record written before it is acknowledged by Kinesis; a record that failed
 * for good fails the job by default (see {@link RecordFailurePolicy} and {@link FailedRecordHandler}), so a
 * checkpoint never completes while a record is unacknowledged. After a restart, records written after the restored
 * checkpoint are sent again and may be stored twice.
 *
 * <p>Back-pressure: when the producer's buffer ({@code max_buffered_bytes}, {@code max_buffered_records}) is full,
 * the writer blocks the task until there is room, so Flink slows the job down: memory stays bounded and nothing is
 * dropped.
 *
 * @param <T> the element type
 */
public final class KinesisProducerSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final SinkSettings settings;
    private final String streamName;
    private final SerializationSchema<T> schema;
    private final ElementFunction<T, String> partitionKey;
    private final ElementFunction<T, String> explicitHashKey;
    private final ElementFunction<T, String> streamSelector;
    private final RecordFailurePolicy policy;
    private final FailedRecordHandler handler;

    KinesisProducerSink(KinesisProducerSinkBuilder<T> b, SinkSettings settings, String streamName) {
        this.settings = settings;
        this.streamName = streamName;
        this.schema = b.schema;
        this.partitionKey = b.partitionKey;
        this.explicitHashKey = b.explicitHashKey;
        this.streamSelector = b.streamSelector;
        this.policy = b.policy;
        this.handler = b.handler;
    }

    /** A builder; {@code serializationSchema} and {@code streamName} or a {@code streamSelector} are required. */
    public static <T> KinesisProducerSinkBuilder<T> builder() {
        return new KinesisProducerSinkBuilder<>();
    }

    /**
     * The stream records go to unless a stream selector names another (see the builder); null when the sink has no
     * default stream and its selector names every record's.
     */
    public String streamName() {
        return streamName;
    }

    /** The producer configuration each subtask's producer is built with. */
    public ProducerConfig producerConfig() {
        return settings.producerConfig();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        try {
            schema.open(context.asSerializationSchemaInitializationContext());
        } catch (Exception e) {
            throw new IOException("opening the serialization schema " + schema.getClass().getName() + " failed: " + e,
                    e);
        }
        String description = "kinesis-producer sink for " + streams() + ", subtask "
                + (context.getTaskInfo().getIndexOfThisSubtask() + 1) + "/"
                + context.getTaskInfo().getNumberOfParallelSubtasks();
        if (handler != null) {
            try {
                handler.open();
            } catch (Exception e) {
                throw new IOException(description + ": the failed-record handler's open() failed: " + e, e);
            }
        }
        WriterMetrics metrics = new WriterMetrics(context.metricGroup());
        KinesisProducer producer = settings.createProducer(metrics);
        return new KinesisProducerSinkWriter<>(producer, new StreamRouter(producer, streamName), schema, partitionKey,
                explicitHashKey, streamSelector, policy, handler, metrics, description);
    }

    private String streams() {
        if (streamSelector == null) {
            return "stream '" + streamName + "'";
        }
        return streamName == null ? "the streams its selector chooses"
                : "stream '" + streamName + "' and the streams its selector chooses";
    }

    @Override
    public String toString() {
        return "KinesisProducerSink[stream=" + streamName + (streamSelector == null ? "" : ", streamSelector")
                + ", failures=" + (handler != null ? "handler" : policy)
                + "]";
    }
}
