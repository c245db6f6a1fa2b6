package io.github.kinesisproducer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.test.MockKinesisProducer;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {

    @Test
    void theProducersMetricsAndTheTasksAreOneJmxBeanNamedAfterTheConnectorsTask() throws Exception {
        MockKinesisProducer producer = new MockKinesisProducer(false);
        producer.send("k", new byte[10]);
        TaskMetrics metrics = new TaskMetrics(producer::metrics, () -> 1);
        metrics.sent.incrementAndGet();
        metrics.register("orders-to-kinesis", "0");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("kafka.connect:type=kinesis-sink-task-metrics,"
                + "connector=orders-to-kinesis,task=0");
        try {
            assertThat(server.isRegistered(name)).isTrue();
            assertThat(server.getAttribute(name, "records-sent")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "user-records-received")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "buffered-records")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "records-in-flight")).isEqualTo(1L);
            assertThat(Arrays.stream(server.getMBeanInfo(name).getAttributes()).map(a -> a.getName()))
                    .contains("user-records-put", "kinesis-records-put", "retries", "throttles", "errors",
                            "put-records-latency-millis-total", "unknown-outcomes", "records-to-dlq", "pauses", "commits");
        } finally {
            metrics.unregister();
        }
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void namesWithJmxSpecialCharactersAreQuoted() throws Exception {
        assertThat(TaskMetrics.name("a,b=c", "1").getKeyProperty("connector")).isEqualTo("\"a,b=c\"");
        assertThat(TaskMetrics.kebab("putRecordsLatencyMillisTotal")).isEqualTo("put-records-latency-millis-total");
    }
}
