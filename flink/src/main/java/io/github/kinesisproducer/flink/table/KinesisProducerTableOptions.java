package io.github.kinesisproducer.flink.table;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of the {@code 'connector' = 'kinesis-producer'} table. Besides these: {@code 'format'} (required,
 * e.g. {@code json}) with the format's own options, {@code 'sink.parallelism'}, every {@code aws.*} key of Flink's AWS
 * connectors that names credentials ({@code 'aws.credentials.provider'}, {@code 'aws.credentials.basic.accesskeyid'},
 * ...), and every producer setting as {@code 'producer.<key>'} with the producer's snake_case keys or the KPL's keys
 * ({@code 'producer.record_ttl' = '60'}, {@code 'producer.AggregationMaxCount' = '1000'}).
 */
public final class KinesisProducerTableOptions {
    /** Prefix of the producer's own settings. */
    public static final String PRODUCER_PREFIX = "producer.";
    /** Prefix of the AWS settings (region, endpoint, credentials). */
    public static final String AWS_PREFIX = "aws.";

    /** The stream to write to. */
    public static final ConfigOption<String> STREAM = ConfigOptions.key("stream").stringType().noDefaultValue()
            .withDescription("The Kinesis data stream to write to.");

    /** The AWS region. */
    public static final ConfigOption<String> AWS_REGION = ConfigOptions.key("aws.region").stringType()
            .noDefaultValue().withDescription("The AWS region, e.g. eu-west-1; default: the SDK's region chain.");

    /** An endpoint override. */
    public static final ConfigOption<String> AWS_ENDPOINT = ConfigOptions.key("aws.endpoint").stringType()
            .noDefaultValue().withDescription("An endpoint such as a VPC endpoint or a local emulator "
                    + "(http://127.0.0.1:4567); default: the region's endpoint.");

    /** What happens to a record that failed for good. */
    public static final ConfigOption<String> FAILURE_HANDLING = ConfigOptions.key("sink.failure-handling")
            .stringType().defaultValue("fail").withDescription("'fail' (default): a record that failed for good "
                    + "fails the job, which restarts from its last checkpoint and sends it again. 'drop': count it in "
                    + "numRecordsSendErrors and go on; the record is lost.");

    /** Joins the values of the PARTITIONED BY columns into the partition key. */
    public static final ConfigOption<String> PARTITION_KEY_DELIMITER = ConfigOptions
            .key("sink.partitioner-field-delimiter").stringType().defaultValue("|")
            .withDescription("Joins the values of the PARTITIONED BY columns into a partition key.");

    private KinesisProducerTableOptions() {
    }
}
