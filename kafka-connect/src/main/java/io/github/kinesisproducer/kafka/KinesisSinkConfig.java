package io.github.kinesisproducer.kafka;

import io.github.kinesisproducer.ProducerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.storage.Converter;

/**
 * Every key of the connector, in one {@link ConfigDef}: the producer's settings ({@link ProducerSettings}) and the
 * connector's own (placement, values, credentials, commits). Parsed once per task into immutable values.
 */
public final class KinesisSinkConfig extends AbstractConfig {
    static final String STREAM_MAPPING = "kinesis.stream.mapping";
    static final String PARTITION_KEY = "kinesis.partition.key";
    static final String PARTITION_KEY_FIELD = "kinesis.partition.key.field";
    static final String PARTITION_KEY_HEADER = "kinesis.partition.key.header";
    static final String EXPLICIT_HASH_KEY_HEADER = "kinesis.explicit.hash.key.header";
    static final String VALUE_CONVERTER = "kinesis.value.converter";
    static final String VALUE_CONVERTER_PREFIX = VALUE_CONVERTER + ".";
    static final String NULL_VALUES = "kinesis.null.values";
    static final String FLUSH_TIMEOUT = "kinesis.flush.timeout.ms";
    static final String STARTUP_CHECK_TIMEOUT = "kinesis.startup.check.timeout.ms";
    static final String CREDENTIALS_PROFILE = "kinesis.credentials.profile";
    static final String ACCESS_KEY_ID = "kinesis.access.key.id";
    static final String SECRET_ACCESS_KEY = "kinesis.secret.access.key";
    static final String ROLE_ARN = "kinesis.role.arn";
    static final String ROLE_SESSION_NAME = "kinesis.role.session.name";
    static final String ROLE_EXTERNAL_ID = "kinesis.role.external.id";
    static final String ROLE_DURATION = "kinesis.role.duration.seconds";
    /** Set by the connector in each task's config (not by users): the task's number, for its JMX name. */
    static final String TASK_ID = "kinesis.task.id";

    static final String GROUP_RECORDS = "Records";
    static final String GROUP_CREDENTIALS = "Credentials";
    static final String GROUP_COMMITS = "Commits";

    /** What becomes of a record whose value is null (a tombstone). */
    enum NullValues { SKIP, EMPTY, FAIL }

    static final ConfigDef DEFINITION = definition();

    private final ProducerConfig producerConfig;
    private final List<ConfigException> problems;

    /**
     * Parses and checks the settings.
     *
     * @throws ConfigException naming the first key that is wrong
     */
    public KinesisSinkConfig(Map<?, ?> props) {
        this(props, true);
    }

    private KinesisSinkConfig(Map<?, ?> props, boolean strict) {
        super(DEFINITION, props, strict); // validation runs on every keystroke of a UI: only tasks log their config
        List<ConfigException> found = new ArrayList<>();
        ProducerConfig p = null;
        try {
            p = ProducerSettings.toProducerConfig(values());
        } catch (ConfigException e) {
            found.add(e);
        }
        producerConfig = p;
        // Each check names its key; all of them run, so validation reports every problem at once.
        check(found, this::partitionKey);
        check(found, this::nullValues);
        check(found, () -> StreamRouting.of(getList(STREAM_MAPPING), getString(ProducerSettings.STREAM)));
        check(found, this::credentialsCheck);
        problems = List.copyOf(found);
        if (strict && !problems.isEmpty()) {
            throw problems.get(0);
        }
    }

    /** The problems across keys of settings whose keys are each valid, every one naming its key. */
    static List<ConfigException> problems(Map<String, String> props) {
        return new KinesisSinkConfig(props, false).problems;
    }

    /** Runs one check (what it returns is not needed here), keeping the problem it finds. */
    private static void check(List<ConfigException> found, Runnable check) {
        try {
            check.run();
        } catch (ConfigException e) {
            found.add(e);
        }
    }

    /** The connector's configuration definition: what Connect validates and documents. */
    public static ConfigDef configDef() {
        return new ConfigDef(DEFINITION);
    }

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef();
        ProducerSettings.define(def);
        int order = 0;
        def.define(STREAM_MAPPING, ConfigDef.Type.LIST, "", StreamRouting.validator(), Importance.LOW,
                "Topic-to-stream routing as topic:stream pairs, e.g. orders:orders-stream,refunds:refunds-stream "
                        + "(a stream by name or ARN). Topics not listed go to kinesis.stream. One producer per task "
                        + "writes to every stream.", GROUP_RECORDS, ++order, Width.LONG,
                STREAM_MAPPING);
        def.define(PARTITION_KEY, ConfigDef.Type.STRING, PartitionKeys.Source.RECORD_KEY.configName(),
                enumValidator(PartitionKeys.Source.names()), Importance.HIGH,
                "Where each record's Kinesis partition key comes from: record-key (the Kafka key as text; a null key "
                        + "gets a random one), topic-partition (topic-partition, e.g. orders-3: Kafka's partition "
                        + "order on one shard, with kinesis.strict.ordering=true), field (kinesis.partition.key.field "
                        + "of a Struct or Map value), header (the value of kinesis.partition.key.header) or random.",
                GROUP_RECORDS, ++order, Width.SHORT, PARTITION_KEY);
        def.define(PARTITION_KEY_FIELD, ConfigDef.Type.STRING, null, Importance.MEDIUM,
                "With kinesis.partition.key=field: the value's field holding the key; a dotted path reaches into "
                        + "nested Structs and Maps (customer.id). A record without it is an errant record.",
                GROUP_RECORDS, ++order, Width.MEDIUM, PARTITION_KEY_FIELD);
        def.define(PARTITION_KEY_HEADER, ConfigDef.Type.STRING, null, Importance.LOW,
                "With kinesis.partition.key=header: the Kafka header holding the key (its last value). A record "
                        + "without it is an errant record.", GROUP_RECORDS, ++order, Width.MEDIUM,
                PARTITION_KEY_HEADER);
        def.define(EXPLICIT_HASH_KEY_HEADER, ConfigDef.Type.STRING, null, Importance.LOW,
                "A Kafka header holding an explicit hash key (decimal, 0 to 2^128-1) that places the record instead "
                        + "of its partition key's MD5; records without the header are placed by their key. Other "
                        + "headers are not written to Kinesis (Kinesis records have no headers).", GROUP_RECORDS,
                ++order, Width.MEDIUM, EXPLICIT_HASH_KEY_HEADER);
        def.define(VALUE_CONVERTER, ConfigDef.Type.CLASS, null, converterValidator(), Importance.LOW,
                "A Converter that writes each value's bytes (its settings under kinesis.value.converter.*), e.g. "
                        + "org.apache.kafka.connect.json.JsonConverter with schemas.enable=true, or a schema "
                        + "registry's Avro converter. Unset: bytes as they are, text as UTF-8, anything else "
                        + "(Struct, Map, List, numbers) as JSON without schema.", GROUP_RECORDS, ++order, Width.LONG,
                VALUE_CONVERTER);
        def.define(NULL_VALUES, ConfigDef.Type.STRING, "skip", enumValidator(List.of("skip", "empty", "fail")),
                Importance.LOW, "Records with a null value (tombstones): skip (not sent, offset committed), empty "
                        + "(a Kinesis record of 0 bytes) or fail (an errant record: dead letter queue or task "
                        + "failure).", GROUP_RECORDS, ++order, Width.SHORT, NULL_VALUES);
        order = 0;
        def.define(FLUSH_TIMEOUT, ConfigDef.Type.LONG, 5_000L, ConfigDef.Range.between(0, 600_000), Importance.LOW,
                "How long each offset commit waits for records in flight to be acknowledged by Kinesis. Only "
                        + "acknowledged records are committed; the others at a later commit.", GROUP_COMMITS,
                ++order, Width.SHORT, FLUSH_TIMEOUT);
        def.define(STARTUP_CHECK_TIMEOUT, ConfigDef.Type.LONG, 10_000L, ConfigDef.Range.between(0, 600_000),
                Importance.LOW,
                "How long a starting task waits for the stream's shard list. A missing stream or refused "
                        + "credentials fail the task at once; an endpoint that does not answer in time is logged and "
                        + "retried by the producer. 0 skips the check.", GROUP_COMMITS, ++order, Width.SHORT,
                STARTUP_CHECK_TIMEOUT);
        order = 0;
        def.define(CREDENTIALS_PROFILE, ConfigDef.Type.STRING, null, Importance.MEDIUM,
                "A profile of the AWS config and credentials files. Unset (and no keys set): the AWS SDK's default "
                        + "credentials chain (environment, system properties, web identity, profile, container, "
                        + "instance role).", GROUP_CREDENTIALS, ++order, Width.MEDIUM, CREDENTIALS_PROFILE);
        def.define(ACCESS_KEY_ID, ConfigDef.Type.STRING, null, Importance.MEDIUM,
                "Static access key id (with kinesis.secret.access.key). Prefer roles or the default chain.",
                GROUP_CREDENTIALS, ++order, Width.MEDIUM, ACCESS_KEY_ID);
        def.define(SECRET_ACCESS_KEY, ConfigDef.Type.PASSWORD, null, Importance.MEDIUM,
                "Static secret access key (with kinesis.access.key.id); hidden in Connect's REST answers and logs.",
                GROUP_CREDENTIALS, ++order, Width.MEDIUM, SECRET_ACCESS_KEY);
        def.define(ROLE_ARN, ConfigDef.Type.STRING, null, Importance.MEDIUM,
                "An IAM role to assume with STS, with the credentials above (or the default chain) as the source.",
                GROUP_CREDENTIALS, ++order, Width.LONG, ROLE_ARN);
        def.define(ROLE_SESSION_NAME, ConfigDef.Type.STRING, "kinesis-producer-kafka-connect", Importance.LOW,
                "Session name for kinesis.role.arn (shows in CloudTrail).", GROUP_CREDENTIALS, ++order, Width.MEDIUM,
                ROLE_SESSION_NAME);
        def.define(ROLE_EXTERNAL_ID, ConfigDef.Type.STRING, null, Importance.LOW, "External id for kinesis.role.arn.",
                GROUP_CREDENTIALS, ++order, Width.MEDIUM, ROLE_EXTERNAL_ID);
        def.define(ROLE_DURATION, ConfigDef.Type.INT, 3600, ConfigDef.Range.between(900, 43_200), Importance.LOW,
                "Lifetime of the assumed role's sessions, renewed before they expire.", GROUP_CREDENTIALS, ++order,
                Width.SHORT, ROLE_DURATION);
        return def;
    }

    /** Lower-case names, compared case-insensitively; the message lists them. */
    static ConfigDef.Validator enumValidator(List<String> allowed) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null || allowed.stream().noneMatch(a -> a.equalsIgnoreCase(((String) value).strip()))) {
                    throw new ConfigException(name, value, "allowed: " + String.join(", ", allowed));
                }
            }

            @Override
            public String toString() {
                return String.join(", ", allowed);
            }
        };
    }

    private static ConfigDef.Validator converterValidator() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null && !Converter.class.isAssignableFrom((Class<?>) value)) {
                    throw new ConfigException(name, ((Class<?>) value).getName(),
                            "a class implementing org.apache.kafka.connect.storage.Converter");
                }
            }

            @Override
            public String toString() {
                return "a Converter class";
            }
        };
    }

    private void credentialsCheck() {
        boolean id = getString(ACCESS_KEY_ID) != null;
        boolean secret = getPassword(SECRET_ACCESS_KEY) != null;
        if (id != secret) {
            String missing = id ? SECRET_ACCESS_KEY : ACCESS_KEY_ID;
            throw new ConfigException(missing, null, "set both " + ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY
                    + ", or neither (the default credentials chain)");
        }
        if (id && getString(CREDENTIALS_PROFILE) != null) {
            throw new ConfigException(CREDENTIALS_PROFILE, getString(CREDENTIALS_PROFILE),
                    "set a profile or static keys, not both");
        }
    }

    ProducerConfig producerConfig() {
        return producerConfig;
    }

    PartitionKeys partitionKey() {
        PartitionKeys.Source source = PartitionKeys.Source.of(getString(PARTITION_KEY));
        String field = getString(PARTITION_KEY_FIELD);
        String header = getString(PARTITION_KEY_HEADER);
        if (source == PartitionKeys.Source.FIELD && (field == null || field.isBlank())) {
            throw new ConfigException(PARTITION_KEY_FIELD, field, "required with " + PARTITION_KEY + "=field");
        }
        if (source == PartitionKeys.Source.HEADER && (header == null || header.isBlank())) {
            throw new ConfigException(PARTITION_KEY_HEADER, header, "required with " + PARTITION_KEY + "=header");
        }
        return new PartitionKeys(source, field, header, getString(EXPLICIT_HASH_KEY_HEADER));
    }

    NullValues nullValues() {
        return NullValues.valueOf(getString(NULL_VALUES).strip().toUpperCase(java.util.Locale.ROOT));
    }

    StreamRouting streamRouting() {
        return StreamRouting.of(getList(STREAM_MAPPING), producerConfig.streamName());
    }

    Duration flushTimeout() {
        return Duration.ofMillis(getLong(FLUSH_TIMEOUT));
    }

    Duration startupCheckTimeout() {
        return Duration.ofMillis(getLong(STARTUP_CHECK_TIMEOUT));
    }

    /** The value converter class, or null for the built-in encoding. */
    Class<?> valueConverterClass() {
        return getClass(VALUE_CONVERTER);
    }

    Map<String, Object> valueConverterSettings() {
        return originalsWithPrefix(VALUE_CONVERTER_PREFIX);
    }

    Credentials credentials() {
        Password secret = getPassword(SECRET_ACCESS_KEY);
        return new Credentials(getString(CREDENTIALS_PROFILE), getString(ACCESS_KEY_ID),
                secret == null ? null : secret.value(), getString(ROLE_ARN), getString(ROLE_SESSION_NAME),
                getString(ROLE_EXTERNAL_ID), getInt(ROLE_DURATION), producerConfig.region());
    }
}
