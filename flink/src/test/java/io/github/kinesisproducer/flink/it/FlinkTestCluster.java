package io.github.kinesisproducer.flink.it;

import io.github.kinesisproducer.emulator.EmulatorClients;
import io.github.kinesisproducer.flink.AwsCredentials;
import io.github.kinesisproducer.flink.KinesisProducerSink;
import io.github.kinesisproducer.flink.KinesisProducerSinkBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** A MiniCluster per test class (1 task manager, 2 slots), job environments and the sink, set for the emulator. */
final class FlinkTestCluster {
    static final int PARALLELISM = 2;
    static final long CHECKPOINT_MILLIS = 250;

    private FlinkTestCluster() {
    }

    /** One task manager with two slots; Flink's temp files under target/, metrics kept after jobs end. */
    static MiniClusterExtension extension(InMemoryReporter reporter) {
        Path tmp = Path.of("target", "flink-tmp").toAbsolutePath();
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Configuration conf = new Configuration();
        conf.set(CoreOptions.TMP_DIRS, tmp.toString());
        conf.set(WebOptions.TMP_DIR, tmp.toString());
        reporter.addToConfiguration(conf);
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(PARALLELISM).setConfiguration(conf).build());
    }

    /**
     * Parallelism 2, a checkpoint every 250 ms, and {@code restarts} fixed-delay restarts (0: the first failure
     * fails the job; Flink's default with checkpoints would restart forever).
     */
    static StreamExecutionEnvironment env(int restarts) {
        Configuration conf = new Configuration();
        if (restarts == 0) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        } else {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restarts);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(CHECKPOINT_MILLIS);
        return env;
    }

    /** A sink of text records for {@code stream} on the emulator at {@code endpoint}. */
    static KinesisProducerSinkBuilder<String> sink(String stream, URI endpoint) {
        return sink(endpoint).streamName(stream);
    }

    /** A sink of text records on the emulator at {@code endpoint} with no stream yet (a selector names each's). */
    static KinesisProducerSinkBuilder<String> sink(URI endpoint) {
        return KinesisProducerSink.<String>builder().region(EmulatorClients.REGION.id())
                .endpoint(endpoint)
                .credentials(AwsCredentials.basic(EmulatorClients.ACCESS_KEY_ID, EmulatorClients.SECRET_ACCESS_KEY))
                .serializationSchema(new SimpleStringSchema());
    }

    /**
     * The sum over subtasks of the job's metrics called {@code name}: a plain name ({@code numRecordsSend}), or a
     * sub-group and a name ({@code kinesisProducer.bufferedBytes}). Counters and numeric gauges.
     */
    static long sum(InMemoryReporter reporter, JobID job, String name) {
        return values(reporter, job, name).stream().mapToLong(Long::longValue).sum();
    }

    /** The largest value over subtasks of the job's metrics called {@code name} (as {@link #sum}). */
    static long max(InMemoryReporter reporter, JobID job, String name) {
        return values(reporter, job, name).stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    /**
     * Reads the reporter's groups directly: its {@code findMetrics} fails on the duplicate identifiers that an
     * unchained sink's metric groups have.
     */
    private static List<Long> values(InMemoryReporter reporter, JobID job, String name) {
        int dot = name.lastIndexOf('.');
        String subGroup = dot < 0 ? null : name.substring(0, dot);
        String metric = name.substring(dot + 1);
        List<Long> values = new ArrayList<>();
        for (Map.Entry<MetricGroup, Map<String, Metric>> g : reporter.getMetricsByGroup().entrySet()) {
            MetricGroup group = g.getKey();
            if (!job.toString().equals(group.getAllVariables().get("<job_id>"))) {
                continue;
            }
            String[] scope = group.getScopeComponents();
            boolean inSubGroup = scope.length > 0 && scope[scope.length - 1].equals(subGroup);
            if (subGroup != null && !inSubGroup) {
                continue;
            }
            Metric m = g.getValue().get(metric);
            if (m != null) {
                values.add(value(m));
            }
        }
        if (values.isEmpty()) {
            throw new AssertionError("no metric " + name + " for job " + job);
        }
        return values;
    }

    private static long value(Metric m) {
        if (m instanceof Counter c) {
            return c.getCount();
        }
        if (m instanceof Gauge<?> g && g.getValue() instanceof Number n) {
            return n.longValue();
        }
        throw new AssertionError("not a number: " + m);
    }
}
