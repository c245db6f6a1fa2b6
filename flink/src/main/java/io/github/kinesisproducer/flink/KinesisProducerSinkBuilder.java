package io.github.kinesisproducer.flink;

import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.flink.internal.SinkSettings;
import java.net.URI;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link KinesisProducerSink}. Required: {@link #streamName} (or {@code stream_name} in the producer
 * settings) or a {@link #streamSelector}, and {@link #serializationSchema}. Everything else has the producer's defaults (the README's
 * configuration table) or the default named on its method.
 *
 * <p>Settings are applied in this order, later ones winning: {@link #properties}, then {@link #producerConfig},
 * then the stream, region, endpoint and credentials set by name. {@link #build()} checks them all, so a wrong value
 * fails when the job is built, not on a task manager.
 *
 * @param <T> the element type
 */
public final class KinesisProducerSinkBuilder<T> {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisProducerSinkBuilder.class);

    private String streamName;
    private String region;
    private URI endpoint;
    private AwsCredentials credentials;
    private Properties properties;
    private ProducerSettings settings;
    SerializationSchema<T> schema;
    ElementFunction<T, String> partitionKey;
    ElementFunction<T, String> explicitHashKey;
    ElementFunction<T, String> streamSelector;
    RecordFailurePolicy policy = RecordFailurePolicy.FAIL_JOB;
    FailedRecordHandler handler;

    KinesisProducerSinkBuilder() {
    }

    /**
     * The stream to write to (the producer's {@code stream_name}), by name or ARN. Required unless a
     * {@link #streamSelector} names each element's stream; with one, it is the stream for elements it returns null
     * for.
     */
    public KinesisProducerSinkBuilder<T> streamName(String streamName) {
        this.streamName = Objects.requireNonNull(streamName, "streamName");
        return this;
    }

    /** The AWS region, e.g. {@code eu-west-1}; default: the SDK's region chain on the task manager. */
    public KinesisProducerSinkBuilder<T> region(String region) {
        this.region = Objects.requireNonNull(region, "region");
        return this;
    }

    /** An endpoint such as a VPC endpoint or, in tests, {@code http://127.0.0.1:4567}; default: the region's. */
    public KinesisProducerSinkBuilder<T> endpoint(URI endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        return this;
    }

    /** {@link #endpoint(URI)} from text. */
    public KinesisProducerSinkBuilder<T> endpoint(String endpoint) {
        return endpoint(URI.create(Objects.requireNonNull(endpoint, "endpoint")));
    }

    /** Where credentials come from on the task managers; default: the SDK's default chain. */
    public KinesisProducerSinkBuilder<T> credentials(AwsCredentials credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        return this;
    }

    /** Turns an element into the record's data, e.g. Flink's {@code JsonSerializationSchema}. Required. */
    public KinesisProducerSinkBuilder<T> serializationSchema(SerializationSchema<T> schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        return this;
    }

    /**
     * The record's partition key: 1 to 256 characters, never null. It places the record on a shard (the MD5 of the
     * key) and keeps records of one key on one shard. Default: a random key per record, which spreads records evenly
     * and is still aggregated per shard.
     */
    public KinesisProducerSinkBuilder<T> partitionKey(ElementFunction<T, String> partitionKey) {
        this.partitionKey = Objects.requireNonNull(partitionKey, "partitionKey");
        return this;
    }

    /**
     * An explicit hash key (a decimal 0 to 2^128-1) that places the record instead of the partition key's MD5; null
     * from the function means "none" for that element. Needs {@link #partitionKey}.
     */
    public KinesisProducerSinkBuilder<T> explicitHashKey(ElementFunction<T, String> explicitHashKey) {
        this.explicitHashKey = Objects.requireNonNull(explicitHashKey, "explicitHashKey");
        return this;
    }

    /**
     * The stream each element goes to, by name or ARN; null from the function means {@link #streamName}. One producer
     * per subtask serves every stream chosen (one memory budget, one sender thread, one connection pool; a stream
     * holds at most {@code stream_buffer_share} of the buffer once there are two). With a selector,
     * {@link #streamName} is optional: without it every element must get a stream, and one that gets null is a
     * failed record ({@code stream is missing}), handled as {@link #onRecordFailure} says.
     */
    public KinesisProducerSinkBuilder<T> streamSelector(ElementFunction<T, String> streamSelector) {
        this.streamSelector = Objects.requireNonNull(streamSelector, "streamSelector");
        return this;
    }

    /**
     * Any producer setting, by the producer's own names and with its defaults:
     * {@code .producerConfig(c -> c.aggregation(Aggregation.KPL).maxBufferedTime(Duration.ofMillis(200)))}.
     * A later call replaces an earlier one.
     */
    public KinesisProducerSinkBuilder<T> producerConfig(ProducerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        return this;
    }

    /**
     * Settings as properties: the producer's snake_case keys ({@code record_ttl=60}), the KPL's keys
     * ({@code AggregationMaxCount}, {@code RecordTtl}, ..., as in {@code FlinkKinesisProducer}'s configuration),
     * and Flink's AWS keys ({@code aws.region}, {@code aws.endpoint}, {@code aws.credentials.provider} and its
     * {@code .basic.accesskeyid}/{@code .basic.secretkey}/{@code .profile.name}/{@code .profile.path}). Unknown keys
     * and bad values fail {@link #build()}; KPL keys with no meaning here are logged once. Copied.
     */
    public KinesisProducerSinkBuilder<T> properties(Properties properties) {
        Properties copy = new Properties();
        copy.putAll(Objects.requireNonNull(properties, "properties"));
        this.properties = copy;
        return this;
    }

    /**
     * What happens to a record that failed for good: {@link RecordFailurePolicy#FAIL_JOB} (default) or
     * {@link RecordFailurePolicy#DROP}. Replaces a handler set before.
     */
    public KinesisProducerSinkBuilder<T> onRecordFailure(RecordFailurePolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.handler = null;
        return this;
    }

    /** Hands every record that failed for good to {@code handler} instead (see {@link FailedRecordHandler}). */
    public KinesisProducerSinkBuilder<T> onRecordFailure(FailedRecordHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Checks the settings and builds the sink.
     *
     * @throws ConfigException for a missing or wrong setting, naming it
     */
    public KinesisProducerSink<T> build() {
        if (schema == null) {
            throw new ConfigException("serializationSchema is required: how an element becomes a record's data, e.g. "
                    + "new SimpleStringSchema() or new JsonSerializationSchema<>()");
        }
        if (explicitHashKey != null && partitionKey == null) {
            throw new ConfigException("explicitHashKey needs a partitionKey function too: Kinesis stores a "
                    + "partition key with every record, and the explicit hash key only places it");
        }
        SinkSettings sinkSettings = new SinkSettings(streamName, region, endpoint, credentials, properties, settings);
        ProducerConfig config = sinkSettings.producerConfig(); // every check, now rather than on a task manager
        if (config.streamName() == null && streamSelector == null) {
            throw new ConfigException("stream_name is required: the name (or ARN) of the Kinesis stream to write to "
                    + "(streamName(...) or stream_name in the properties); or give a streamSelector that names each "
                    + "element's stream");
        }
        sinkSettings.ignoredKeys().forEach(LOG::warn);
        return new KinesisProducerSink<>(this, sinkSettings, config.streamName());
    }
}
