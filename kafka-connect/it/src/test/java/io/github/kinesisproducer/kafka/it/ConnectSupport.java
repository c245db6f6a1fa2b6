package io.github.kinesisproducer.kafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.emulator.EmulatorClients;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;

/** An in-process Connect cluster that loads the connector from the plugin zip only, and helpers around it. */
final class ConnectSupport {
    static final String CONNECTOR_CLASS = "io.github.kinesisproducer.kafka.KinesisSinkConnector";
    /** Broker, topics and clients take records up to this size, so an oversized Kinesis record fits in Kafka. */
    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private ConnectSupport() {
    }

    /** target/plugins: the zip kafka-connect built at package, unpacked by the build (see this module's pom). */
    static Path pluginPath() {
        String dir = System.getProperty("connect.plugin.path");
        assertThat(dir).as("system property connect.plugin.path (set by failsafe)").isNotNull();
        return Path.of(dir);
    }

    /** The plugin's directory (the one entry of plugin.path), in the connector-hub layout. */
    static Path pluginDirectory() throws Exception {
        try (Stream<Path> entries = Files.list(pluginPath())) {
            List<Path> dirs = entries.filter(Files::isDirectory).toList();
            assertThat(dirs).as("plugin directories under " + pluginPath()).hasSize(1);
            return dirs.get(0);
        }
    }

    /**
     * One KRaft broker and two workers; the plugin from plugin.path by its ServiceLoader manifest (the discovery mode
     * that needs META-INF/services, and skips scanning), offsets committed every second, and a lost worker's tasks
     * reassigned after 2 s instead of Connect's default 5 minutes.
     */
    static EmbeddedConnectCluster startCluster(String name) {
        Map<String, String> worker = new HashMap<>();
        worker.put("plugin.path", pluginPath().toAbsolutePath().toString());
        worker.put("plugin.discovery", "service_load");
        worker.put("offset.flush.interval.ms", "1000");
        worker.put("scheduled.rebalance.max.delay.ms", "2000");
        worker.put("producer.max.request.size", Integer.toString(MAX_MESSAGE_BYTES));
        Properties broker = new Properties();
        broker.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder().name(name).numWorkers(2)
                .numBrokers(1).workerProps(worker).brokerProps(broker).build();
        connect.start();
        return connect;
    }

    /** Stops what a test class started (any of them may be null: its start failed), the cluster first. */
    static void stopAll(EmbeddedConnectCluster connect, AutoCloseable... others) {
        if (connect != null) {
            connect.stop();
        }
        for (AutoCloseable c : others) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("closing " + c + ": " + e);
                }
            }
        }
    }

    /** The connector's settings for a stream of the emulator, with strings as keys and values. */
    static Map<String, String> connectorConfig(String topic, String stream, URI endpoint) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", CONNECTOR_CLASS);
        c.put("topics", topic);
        c.put("tasks.max", "2");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("kinesis.stream", stream);
        c.put("kinesis.region", EmulatorClients.REGION.id());
        c.put("kinesis.endpoint", endpoint.toString());
        c.put("kinesis.access.key.id", EmulatorClients.ACCESS_KEY_ID);
        c.put("kinesis.secret.access.key", EmulatorClients.SECRET_ACCESS_KEY);
        c.put("kinesis.partition.key", "topic-partition");
        c.put("kinesis.strict.ordering", "true");
        c.put("kinesis.aggregation", "kpl");
        return c;
    }

    static KafkaProducer<byte[], byte[]> producer(EmbeddedConnectCluster connect) {
        return connect.kafka().createProducer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024));
    }

    /** Writes {@code perPartition} records to each partition: offset n of partition p carries topic|p|n|padding. */
    static void produce(KafkaProducer<byte[], byte[]> producer, String topic, int partitions, long from, long to,
            int size) {
        for (long n = from; n < to; n++) {
            for (int p = 0; p < partitions; p++) {
                producer.send(new ProducerRecord<>(topic, p, ("key-" + n).getBytes(),
                        Delivery.payload(topic, p, n, size).getBytes()));
            }
        }
        producer.flush();
    }

    /** The offsets the connector's consumer group has committed, per partition of the topic. */
    static Map<Integer, Long> committed(EmbeddedConnectCluster connect, String connector, String topic)
            throws ExecutionException, InterruptedException {
        try (Admin admin = connect.kafka().createAdminClient()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("connect-" + connector)
                    .partitionsToOffsetAndMetadata().get();
            Map<Integer, Long> out = new HashMap<>();
            offsets.forEach((tp, o) -> {
                if (tp.topic().equals(topic) && o != null) {
                    out.put(tp.partition(), o.offset());
                }
            });
            return out;
        }
    }

    /** Waits until the connector has committed {@code perPartition} on every partition, i.e. Kinesis has it all. */
    static void awaitCommitted(EmbeddedConnectCluster connect, String connector, String topic, int partitions,
            long perPartition, Duration timeout) throws Exception {
        awaitCondition(() -> {
            try {
                Map<Integer, Long> c = committed(connect, connector, topic);
                return c.size() == partitions && c.values().stream().allMatch(o -> o >= perPartition);
            } catch (Exception e) {
                return false;
            }
        }, timeout, () -> "committed offsets of " + connector + " " + safeCommitted(connect, connector, topic)
                + ", expected " + perPartition + " on each of " + partitions + " partitions");
    }

    private static Object safeCommitted(EmbeddedConnectCluster connect, String connector, String topic) {
        try {
            return committed(connect, connector, topic);
        } catch (Exception e) {
            return e.toString();
        }
    }

    static void awaitCondition(BooleanSupplier condition, Duration timeout,
            java.util.function.Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what.get());
            }
            Thread.sleep(200);
        }
    }

    /** Task number to the worker running it, from the REST status. */
    static Map<Integer, String> taskWorkers(EmbeddedConnectCluster connect, String connector) {
        Map<Integer, String> out = new HashMap<>();
        ConnectorStateInfo status = connect.connectorStatus(connector);
        for (ConnectorStateInfo.TaskState t : status.tasks()) {
            out.put(t.id(), t.workerId() + " " + t.state());
        }
        return out;
    }

    /** A worker that is not the group's leader (stopping the leader would rebalance at once, hiding the delay). */
    static WorkerHandle nonLeader(EmbeddedConnectCluster connect) throws Exception {
        for (WorkerHandle w : connect.workers()) {
            if (!isLeader(w)) {
                return w;
            }
        }
        throw new AssertionError("every worker says it leads");
    }

    private static boolean isLeader(WorkerHandle worker) throws Exception {
        Field f = WorkerHandle.class.getDeclaredField("worker");
        f.setAccessible(true);
        Connect<?> connect = (Connect<?>) f.get(worker);
        DistributedHerder herder = (DistributedHerder) connect.herder();
        Method m = DistributedHerder.class.getDeclaredMethod("isLeader");
        m.setAccessible(true);
        return (Boolean) m.invoke(herder);
    }
}
