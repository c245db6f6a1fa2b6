package io.github.kinesisproducer.flink.table;

import io.github.kinesisproducer.ProducerConfig;
import java.util.List;
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

    /** The HTTP proxy for every Kinesis call; see the README's "Behind a proxy". */
    public static final ConfigOption<String> PROXY_URL = ConfigOptions.key("sink.proxy-url").stringType()
            .noDefaultValue().withDescription("HTTP proxy for every Kinesis call: http://[user@]host[:port] "
                    + "(https:// endpoints through a CONNECT tunnel, Basic authentication). Put the password in "
                    + "'sink.proxy-password': Flink hides the values of keys that name a password when it lists a "
                    + "table's options in an error, and shows the others in clear. Default: the JVM's proxy "
                    + "properties, then HTTPS_PROXY/HTTP_PROXY (see 'sink.use-system-proxy').");

    /** The proxy's password, kept out of the URL so that Flink hides it. */
    public static final ConfigOption<String> PROXY_PASSWORD = ConfigOptions.key("sink.proxy-password").stringType()
            .noDefaultValue().withDescription("Password for the user named in 'sink.proxy-url'.");

    /** Hosts reached without the proxy. */
    public static final ConfigOption<List<String>> NON_PROXY_HOSTS = ConfigOptions.key("sink.non-proxy-hosts")
            .stringType().asList().noDefaultValue().withDescription("Hosts reached directly whatever names the "
                    + "proxy, separated by ';': host, .domain, *.domain, 10.0.0.0/8, host:port, *.");

    /** Whether the JVM's proxy properties and the environment may name a proxy. */
    public static final ConfigOption<Boolean> USE_SYSTEM_PROXY = ConfigOptions.key("sink.use-system-proxy")
            .booleanType().defaultValue(ProducerConfig.DEFAULT_USE_SYSTEM_PROXY).withDescription("Without "
                    + "'sink.proxy-url': let the JVM's proxy properties (https.proxyHost, ...) and the environment "
                    + "(HTTPS_PROXY, HTTP_PROXY, NO_PROXY) name a proxy, never for loopback endpoints. false: ignore "
                    + "both.");

    private KinesisProducerTableOptions() {
    }
}
