package io.github.kinesisproducer.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Kafka Connect sink connector: Kafka topics into a Kinesis data stream, through kinesis-producer (KPL aggregation,
 * bounded memory, retries of exactly the failed records), at least once with Connect's offset commits.
 *
 * <pre>{@code
 * { "name": "orders-to-kinesis",
 *   "config": { "connector.class": "io.github.kinesisproducer.kafka.KinesisSinkConnector",
 *               "topics": "orders", "tasks.max": "4",
 *               "kinesis.stream": "orders", "kinesis.region": "eu-west-1" } }
 * }</pre>
 *
 * <p>Every key is in {@link KinesisSinkConfig#configDef()} and in docs/kafka-connect.md.
 */
public class KinesisSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new KinesisSinkConfig(props); // fails the connector, not each task, on a bad config
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return KinesisSinkTask.class;
    }

    /** Each task gets the connector's settings and its own number (for its JMX name and log lines). */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> c = new HashMap<>(props);
            c.put(KinesisSinkConfig.TASK_ID, Integer.toString(i));
            configs.add(c);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return KinesisSinkConfig.configDef();
    }

    /**
     * Each key's own checks (ConfigDef), then those across keys (the producer's, the partition key's, the stream
     * mapping's, the credentials'), each reported against the key it names, so the validate endpoint shows every error
     * where it belongs.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        // Connect's own keys (name, topics, ...) are checked by the worker; only this connector's keys matter here.
        java.util.Set<String> own = KinesisSinkConfig.DEFINITION.names();
        boolean perKeyErrors = config.configValues().stream()
                .anyMatch(v -> own.contains(v.name()) && !v.errorMessages().isEmpty());
        if (!perKeyErrors) {
            for (ConfigException e : KinesisSinkConfig.problems(connectorConfigs)) {
                addError(config, e);
            }
        }
        return config;
    }

    private static void addError(Config config, ConfigException e) {
        String message = e.getMessage();
        String key = keyOf(message, config);
        for (ConfigValue v : config.configValues()) {
            if (v.name().equals(key)) {
                v.addErrorMessage(message);
                return;
            }
        }
        config.configValues().get(0).addErrorMessage(message);
    }

    /** Connect's messages read "Invalid value V for configuration KEY: ...": the key, else the first one named. */
    private static String keyOf(String message, Config config) {
        String marker = "for configuration ";
        int i = message.indexOf(marker);
        if (i >= 0) {
            int start = i + marker.length();
            int end = message.indexOf(':', start);
            return message.substring(start, end < 0 ? message.length() : end).strip();
        }
        for (ConfigValue v : config.configValues()) {
            if (message.contains(v.name())) {
                return v.name();
            }
        }
        return ProducerSettings.SETTINGS.get(0).name();
    }
}
