package io.github.kinesisproducer.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Which stream each topic's records go to: {@code kinesis.stream.mapping} pairs, else {@code kinesis.stream}.
 *
 * <p>One producer serves a task and every stream its topics map to ({@code KinesisRecord.withStream}): one memory
 * budget, one sender thread and one connection pool, whatever the number of streams.
 */
final class StreamRouting {
    /** A Kafka topic name, and a Kinesis stream name or ARN. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern STREAM = Pattern.compile("[a-zA-Z0-9_.-]{1,128}|arn:aws[a-z-]*:kinesis:[^\\s,]+");

    private final Map<String, String> streamByTopic;
    private final String defaultStream;

    private StreamRouting(Map<String, String> streamByTopic, String defaultStream) {
        this.streamByTopic = Map.copyOf(streamByTopic);
        this.defaultStream = defaultStream;
    }

    /**
     * The routing for {@code kinesis.stream.mapping} entries and the default stream.
     *
     * @throws ConfigException naming {@code kinesis.stream.mapping} for a malformed or repeated pair
     */
    static StreamRouting of(List<String> pairs, String defaultStream) {
        return new StreamRouting(parse(pairs), defaultStream);
    }

    /** The topics mapped to {@code stream} by {@code kinesis.stream.mapping}, sorted. */
    List<String> topicsFor(String stream) {
        return streamByTopic.entrySet().stream().filter(e -> e.getValue().equals(stream)).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /** The stream for a topic's records. */
    String streamFor(String topic) {
        return streamByTopic.getOrDefault(topic, defaultStream);
    }

    static ConfigDef.Validator validator() {
        return new ConfigDef.Validator() {
            @Override
            @SuppressWarnings("unchecked")
            public void ensureValid(String name, Object value) {
                parse((List<String>) value);
            }

            @Override
            public String toString() {
                return "comma-separated topic:stream pairs, one per topic";
            }
        };
    }

    private static Map<String, String> parse(List<String> pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        if (pairs == null) {
            return map;
        }
        for (String raw : pairs) {
            String pair = raw.strip();
            if (pair.isEmpty()) {
                continue;
            }
            int colon = pair.indexOf(':');
            String topic = colon < 0 ? "" : pair.substring(0, colon).strip();
            String stream = colon < 0 ? "" : pair.substring(colon + 1).strip();
            if (!TOPIC.matcher(topic).matches() || !STREAM.matcher(stream).matches()) {
                throw new ConfigException(KinesisSinkConfig.STREAM_MAPPING, String.join(",", pairs),
                        "'" + pair + "' is not topic:stream (a Kafka topic name, a colon, a stream name or ARN)");
            }
            if (map.putIfAbsent(topic, stream) != null) {
                throw new ConfigException(KinesisSinkConfig.STREAM_MAPPING, String.join(",", pairs),
                        "topic " + topic + " is mapped twice");
            }
        }
        return map;
    }
}
