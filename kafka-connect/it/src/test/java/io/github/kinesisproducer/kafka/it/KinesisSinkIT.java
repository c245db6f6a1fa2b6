package io.github.kinesisproducer.kafka.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.emulator.EmulatorClients;
import io.github.kinesisproducer.emulator.ForwardProxy;
import io.github.kinesisproducer.emulator.Kinesalite;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connector on a real Connect cluster (one KRaft broker, two workers, in process) against kinesalite, loaded from
 * the plugin zip the build made, read back through the KCL's deaggregator.
 */
@Timeout(300)
class KinesisSinkIT {
    private static Kinesalite kinesalite;
    private static StreamAdmin admin;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        EmulatorClients.disableCbor();
        kinesalite = Kinesalite.start();
        admin = StreamAdmin.forEndpoint(kinesalite.endpoint());
        connect = ConnectSupport.startCluster("kinesis-sink-it");
    }

    @AfterAll
    static void stop() {
        ConnectSupport.stopAll(connect, admin, kinesalite);
    }

    @Test
    void theWorkersLoadTheConnectorFromThePluginZipAndNotFromTheClasspath() throws Exception {
        assertThatThrownBy(() -> Class.forName(ConnectSupport.CONNECTOR_CLASS))
                .as("the connector must not be on the test classpath, or it would win over plugin.path silently")
                .isInstanceOf(ClassNotFoundException.class);
        Path plugin = ConnectSupport.pluginDirectory();
        assertThat(plugin.resolve("manifest.json")).exists();
        assertThat(Files.readString(plugin.resolve("manifest.json"))).contains("\"component_types\": [\"sink\"]")
                .doesNotContain("${project.version}");
        List<String> jars;
        try (Stream<Path> lib = Files.list(plugin.resolve("lib"))) {
            jars = lib.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(jars).anyMatch(j -> j.startsWith("kinesis-producer-kafka-connect-"))
                .anyMatch(j -> j.startsWith("kinesis-producer-0")).noneMatch(j -> j.startsWith("kafka-clients"))
                .noneMatch(j -> j.startsWith("connect-api")).noneMatch(j -> j.startsWith("slf4j-api"));

        String plugins = (String) connect.requestGet(connect.endpointForResource("connector-plugins")).getEntity();
        assertThat(plugins).contains(ConnectSupport.CONNECTOR_CLASS).contains("\"type\":\"sink\"");
        // The version comes from the plugin jar's manifest: classes from a directory would say "unknown".
        assertThat(plugins).containsPattern("KinesisSinkConnector\",\"type\":\"sink\",\"version\":\"\\d[^\"]*\"");
    }

    @Test
    void aHundredThousandRecordsFromThreePartitionsArriveAggregatedInPartitionOrder() throws Exception {
        String topic = "orders";
        String stream = "orders-stream";
        int partitions = 3;
        long perPartition = 33_334; // 100,002 records
        connect.kafka().createTopic(topic, partitions);
        admin.createStream(stream, 4);
        try (KafkaProducer<byte[], byte[]> producer = ConnectSupport.producer(connect)) {
            ConnectSupport.produce(producer, topic, partitions, 0, perPartition, 100);
        }
        String name = "orders-to-kinesis";
        connect.configureConnector(name, ConnectSupport.connectorConfig(topic, stream, kinesalite.endpoint()));
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 2, "connector did not start");
        ConnectSupport.awaitCommitted(connect, name, topic, partitions, perPartition, Duration.ofSeconds(150));

        Delivery d = new Delivery(topic, expected(partitions, perPartition),
                KclReadBack.readAll(admin, stream));
        assertThat(d.missing()).as(d.toString()).isZero();
        assertThat(d.duplicates()).as(d.toString()).isZero();
        assertThat(d.outOfOrder()).as("partitions whose records arrived out of offset order").isEmpty();
        assertThat(d.aggregated).as("user records that came out of KPL aggregates").isEqualTo(d.total);
        long kinesisRecords = admin.readAll(stream).size();
        assertThat(kinesisRecords).as("Kinesis records for %d user records", d.total).isLessThan(d.total / 20);
        System.out.printf("[kafka-connect IT] %d records over %d partitions in %d Kinesis records%n", d.total,
                partitions, kinesisRecords);
        connect.deleteConnector(name);
    }

    @Test
    void recordsKinesisCanNeverTakeGoToTheDeadLetterQueueAndTheRestToTheStream() throws Exception {
        String topic = "with-bad-records";
        String stream = "dlq-stream";
        String dlq = "kinesis-dlq";
        connect.kafka().createTopic(topic, 1);
        connect.kafka().createTopic(dlq, 1);
        admin.createStream(stream, 1);
        List<String> good = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = ConnectSupport.producer(connect)) {
            for (int i = 0; i < 200; i++) {
                byte[] value;
                String key = "key-" + i;
                if (i == 50) {
                    value = new byte[1_100_000]; // over Kinesis's 1 MiB per record
                    java.util.Arrays.fill(value, (byte) 'x');
                } else if (i == 120) {
                    key = "k".repeat(300); // Kinesis keys are 1 to 256 characters
                    value = "bad key".getBytes(StandardCharsets.UTF_8);
                } else {
                    value = ("good-" + i).getBytes(StandardCharsets.UTF_8);
                    good.add("good-" + i);
                }
                producer.send(new ProducerRecord<>(topic, 0, key.getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
        }
        Map<String, String> c = ConnectSupport.connectorConfig(topic, stream, kinesalite.endpoint());
        c.put("tasks.max", "1");
        c.put("kinesis.partition.key", "record-key");
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", dlq);
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        String name = "dlq-to-kinesis";
        connect.configureConnector(name, c);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "connector did not start");
        ConnectSupport.awaitCommitted(connect, name, topic, 1, 200, Duration.ofSeconds(60));

        ConsumerRecords<byte[], byte[]> dead = connect.kafka().consume(2, 30_000, dlq);
        List<String> reasons = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            sizes.add(r.value().length);
            Header h = r.headers().lastHeader("__connect.errors.exception.message");
            reasons.add(h == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        assertThat(sizes).containsExactlyInAnyOrder(1_100_000, "bad key".length());
        assertThat(reasons).anyMatch(m -> m.contains("too large")).anyMatch(m -> m.contains("partitionKey"));
        assertThat(KclReadBack.readAll(admin, stream)).extracting(KclReadBack.Read::data)
                .containsExactlyElementsOf(good);
        connect.deleteConnector(name);
    }

    /**
     * A producer buffer of 100 records, drained at a tenth of a shard's rate: put blocks, pauses the partition, rewinds
     * what it did not take and resumes, until every record is on the stream in order. The task's JMX bean (the workers
     * run in this JVM) counts the pauses.
     */
    @Test
    void aFullBufferPausesThePartitionAndResumesItWithoutLosingARecord() throws Exception {
        String topic = "slow-drain";
        String stream = "slow-drain-stream";
        connect.kafka().createTopic(topic, 1);
        admin.createStream(stream, 1);
        long records = 2_000;
        try (KafkaProducer<byte[], byte[]> producer = ConnectSupport.producer(connect)) {
            ConnectSupport.produce(producer, topic, 1, 0, records, 200);
        }
        Map<String, String> c = ConnectSupport.connectorConfig(topic, stream, kinesalite.endpoint());
        c.put("tasks.max", "1");
        c.put("kinesis.max.buffered.records", "100");
        c.put("kinesis.max.block.ms", "200");
        c.put("kinesis.rate.limit.percent", "10");
        String name = "slow-drain-to-kinesis";
        connect.configureConnector(name, c);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "connector did not start");
        ConnectSupport.awaitCommitted(connect, name, topic, 1, records, Duration.ofSeconds(90));

        ObjectName bean = new ObjectName("kafka.connect:type=kinesis-sink-task-metrics,connector=" + name + ",task=0");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long pauses = (Long) server.getAttribute(bean, "pauses");
        assertThat(pauses).as("pauses while the buffer was full").isPositive();
        assertThat((Long) server.getAttribute(bean, "records-acknowledged")).isGreaterThanOrEqualTo(records);
        assertThat((Long) server.getAttribute(bean, "user-records-put")).isGreaterThanOrEqualTo(records);
        assertThat((Long) server.getAttribute(bean, "commits")).isPositive();

        Delivery d = new Delivery(topic, Map.of(0, records), KclReadBack.readAll(admin, stream));
        assertThat(d.missing()).as(d.toString()).isZero();
        assertThat(d.duplicates()).as(d.toString()).isZero();
        assertThat(d.outOfOrder()).isEmpty();
        System.out.printf("[kafka-connect IT] back-pressure: %d records through a 100-record buffer, %d pauses%n",
                records, pauses);
        connect.deleteConnector(name);
        ConnectSupport.awaitCondition(() -> !server.isRegistered(bean), Duration.ofSeconds(30),
                () -> bean + " still registered after the connector was deleted");
    }

    /**
     * kinesis.proxy.url with Basic credentials: every Kinesis call of the task goes through a real forward proxy (its
     * own log counts the requests), and every record is read back in order. Wrong credentials fail the task at start
     * with an error that names the proxy and not the credentials.
     */
    @Test
    void throughAnAuthenticatedHttpProxyEveryRecordArrives() throws Exception {
        String topic = "via-proxy";
        String stream = "via-proxy-stream";
        long records = 1_000;
        connect.kafka().createTopic(topic, 1);
        admin.createStream(stream, 1);
        try (ForwardProxy proxy = ForwardProxy.start("connect-user", "s3cret:pw@x")) {
            try (KafkaProducer<byte[], byte[]> producer = ConnectSupport.producer(connect)) {
                ConnectSupport.produce(producer, topic, 1, 0, records, 100);
            }
            Map<String, String> c = ConnectSupport.connectorConfig(topic, stream, kinesalite.endpoint());
            c.put("tasks.max", "1");
            c.put("kinesis.proxy.url", proxy.url("connect-user", "s3cret:pw@x").toString());
            String name = "via-proxy-to-kinesis";
            connect.configureConnector(name, c);
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "connector did not start");
            ConnectSupport.awaitCommitted(connect, name, topic, 1, records, Duration.ofSeconds(60));

            Delivery d = new Delivery(topic, Map.of(0, records), KclReadBack.readAll(admin, stream));
            assertThat(d.missing()).as(d.toString()).isZero();
            assertThat(d.duplicates()).as(d.toString()).isZero();
            assertThat(d.outOfOrder()).isEmpty();
            assertThat(proxy.log()).as("PutRecords through the proxy")
                    .contains("REQUEST POST " + kinesalite.endpoint() + "/");
            assertThat(proxy.authFailures()).isZero();
            connect.deleteConnector(name);

            // Wrong credentials: the task fails at start, saying so, without the credentials.
            c.put("kinesis.proxy.url", proxy.url("connect-user", "wrong-pw-77").toString());
            String refused = "via-proxy-refused";
            connect.configureConnector(refused, c);
            connect.assertions().assertConnectorIsRunningAndTasksHaveFailed(refused, 1, "the task did not fail");
            String trace = connect.connectorStatus(refused).tasks().get(0).trace();
            assertThat(trace).contains("407").contains("127.0.0.1:" + proxy.port()).doesNotContain("wrong-pw-77")
                    .doesNotContain("connect-user");
            connect.deleteConnector(refused);
        }
    }

    @Test
    void twoTopicsMappedToTwoStreamsArriveEachOnItsOwnStreamThroughOneProducerPerTask() throws Exception {
        String orders = "routed-orders";
        String refunds = "routed-refunds";
        String ordersStream = "routed-orders-stream";
        String refundsStream = "routed-refunds-stream";
        int partitions = 2;
        long perPartition = 2_000;
        connect.kafka().createTopic(orders, partitions);
        connect.kafka().createTopic(refunds, partitions);
        admin.createStream(ordersStream, 2);
        admin.createStream(refundsStream, 1);
        try (KafkaProducer<byte[], byte[]> producer = ConnectSupport.producer(connect)) {
            ConnectSupport.produce(producer, orders, partitions, 0, perPartition, 100);
            ConnectSupport.produce(producer, refunds, partitions, 0, perPartition, 100);
        }
        // kinesis.stream is the stream for topics the mapping leaves out; here it maps both.
        Map<String, String> c = ConnectSupport.connectorConfig(orders + "," + refunds, ordersStream,
                kinesalite.endpoint());
        c.put("kinesis.stream.mapping", orders + ":" + ordersStream + "," + refunds + ":" + refundsStream);
        String name = "two-streams";
        connect.configureConnector(name, c);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 2, "connector did not start");
        ConnectSupport.awaitCommitted(connect, name, orders, partitions, perPartition, Duration.ofSeconds(120));
        ConnectSupport.awaitCommitted(connect, name, refunds, partitions, perPartition, Duration.ofSeconds(120));

        Delivery toOrders = new Delivery(orders, expected(partitions, perPartition),
                KclReadBack.readAll(admin, ordersStream));
        Delivery toRefunds = new Delivery(refunds, expected(partitions, perPartition),
                KclReadBack.readAll(admin, refundsStream));
        for (Delivery d : List.of(toOrders, toRefunds)) {
            assertThat(d.missing()).as(d.toString()).isZero();
            assertThat(d.duplicates()).as(d.toString()).isZero();
            assertThat(d.outOfOrder()).as("partitions whose records arrived out of offset order").isEmpty();
            assertThat(d.otherTopics).as("records of the other topic on this stream").isZero();
        }
        connect.deleteConnector(name);
    }

    @Test
    void theValidateEndpointReportsEachBadValueAgainstItsKey() {
        Map<String, String> c = ConnectSupport.connectorConfig("t", "s", kinesalite.endpoint());
        c.put("name", "validated");
        c.put("kinesis.concurrency", "0");
        c.put("kinesis.aggregation", "zip");
        c.put("kinesis.partition.key", "shard-of-my-choice");
        c.put("kinesis.record.ttl.ms", "ten");
        ConfigInfos infos = connect.validateConnectorConfig("KinesisSinkConnector", c);
        Map<String, List<String>> errors = errorsByKey(infos);
        assertThat(errors).containsOnlyKeys("kinesis.concurrency", "kinesis.aggregation", "kinesis.partition.key",
                "kinesis.record.ttl.ms");
        assertThat(errors.get("kinesis.concurrency")).singleElement().asString().contains("1 to 256");
        assertThat(errors.get("kinesis.aggregation")).singleElement().asString().contains("kpl, delimited, none");
        assertThat(errors.get("kinesis.partition.key")).singleElement().asString().contains("topic-partition");
        assertThat(infos.errorCount()).isEqualTo(4);

        // Settings that are wrong together; a mapping to another stream is fine.
        Map<String, String> together = ConnectSupport.connectorConfig("t", "s", kinesalite.endpoint());
        together.put("name", "validated");
        together.put("kinesis.aggregation.max.size", "2097152");
        together.put("kinesis.stream.mapping", "t:another-stream");
        together.put("kinesis.partition.key", "field");
        Map<String, List<String>> crossErrors = errorsByKey(
                connect.validateConnectorConfig("KinesisSinkConnector", together));
        assertThat(crossErrors).containsOnlyKeys("kinesis.aggregation.max.size", "kinesis.partition.key.field");
        assertThat(crossErrors.get("kinesis.aggregation.max.size")).singleElement().asString()
                .contains("must not exceed kinesis.max.record.size");
        assertThat(crossErrors.get("kinesis.partition.key.field")).singleElement().asString()
                .contains("required with kinesis.partition.key=field");
    }

    @Test
    void aMissingStreamFailsTheTaskAtStartSayingSo() throws Exception {
        String topic = "to-nowhere";
        connect.kafka().createTopic(topic, 1);
        Map<String, String> c = ConnectSupport.connectorConfig(topic, "no-such-stream", kinesalite.endpoint());
        c.put("tasks.max", "1");
        String name = "missing-stream";
        connect.configureConnector(name, c);
        connect.assertions().assertConnectorIsRunningAndTasksHaveFailed(name, 1, "the task did not fail");
        String trace = connect.connectorStatus(name).tasks().get(0).trace();
        assertThat(trace).contains("Kinesis stream no-such-stream does not exist", "ResourceNotFoundException");
        connect.deleteConnector(name);
    }

    private static Map<Integer, Long> expected(int partitions, long perPartition) {
        Map<Integer, Long> m = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            m.put(p, perPartition);
        }
        return m;
    }

    private static Map<String, List<String>> errorsByKey(ConfigInfos infos) {
        Map<String, List<String>> out = new HashMap<>();
        for (ConfigInfo i : infos.configs()) {
            if (!i.configValue().errors().isEmpty()) {
                out.put(i.configValue().name(), i.configValue().errors());
            }
        }
        return out;
    }
}
