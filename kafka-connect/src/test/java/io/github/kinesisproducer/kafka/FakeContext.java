package io.github.kinesisproducer.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/** What a worker gives a sink task, recording what the task asks of it. */
class FakeContext implements SinkTaskContext {
    final Set<TopicPartition> assignment = new HashSet<>();
    final Set<TopicPartition> paused = new HashSet<>();
    final Map<TopicPartition, Long> rewound = new HashMap<>();
    final List<SinkRecord> reported = new ArrayList<>();
    final List<CompletableFuture<Void>> reports = new ArrayList<>();
    long timeout = -1;
    /** null: no reporter (errors.tolerance=none without a DLQ); else whether it tolerates errors. */
    Boolean reporterTolerates = true;

    FakeContext(TopicPartition... assigned) {
        assignment.addAll(Arrays.asList(assigned));
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        rewound.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        rewound.put(tp, offset);
    }

    @Override
    public void timeout(long timeoutMs) {
        timeout = timeoutMs;
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    @Override
    public void pause(TopicPartition... partitions) {
        paused.addAll(Arrays.asList(partitions));
    }

    @Override
    public void resume(TopicPartition... partitions) {
        Arrays.asList(partitions).forEach(paused::remove);
    }

    @Override
    public void requestCommit() {
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        if (reporterTolerates == null) {
            return null;
        }
        return (record, error) -> {
            if (!reporterTolerates) {
                throw new ConnectException("Tolerance exceeded in error handler", error);
            }
            reported.add(record);
            CompletableFuture<Void> f = new CompletableFuture<>();
            reports.add(f);
            return (Future<Void>) f;
        };
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }
}
