package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.ProducerMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine-readable summary of a send ({@code --json}): one JSON object on stdout. */
final class SendJson {
    private SendJson() {
    }

    static Map<String, Object> of(String stream, Sender sender, ProducerMetrics m, String outcome, int exitCode) {
        Map<String, Object> records = new LinkedHashMap<>();
        records.put("read", sender.recordsRead());
        records.put("sent", sender.succeeded());
        records.put("failed", sender.failed());
        records.put("failedMaybeStored", sender.failedMaybeStored());
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("command", "send");
        j.put("stream", stream);
        j.put("outcome", outcome);
        j.put("exitCode", exitCode);
        j.put("userRecords", records);
        j.put("failuresByCode", sender.failuresByCode());
        j.put("errorsByCode", new java.util.TreeMap<>(m.errorsByCode()));
        j.put("kinesisRecords", m.kinesisRecordsPut());
        j.put("putRecordsCalls", m.putRecordsCalls());
        j.put("retries", m.retries());
        j.put("throttles", m.throttles());
        Map<String, Object> bytes = new LinkedHashMap<>();
        bytes.put("handedOver", sender.bytesSubmitted());
        bytes.put("put", m.bytesPut());
        j.put("bytes", bytes);
        Map<String, Object> attempts = new LinkedHashMap<>();
        attempts.put("total", sender.attempts());
        Map<String, Long> byCount = new LinkedHashMap<>();
        sender.recordsByAttempts().forEach((n, c) -> byCount.put(Integer.toString(n), c));
        attempts.put("recordsByAttempts", byCount);
        j.put("attempts", attempts);
        LatencyHistogram h = sender.latency();
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", h.percentileMillis(50));
        latency.put("p90", h.percentileMillis(90));
        latency.put("p99", h.percentileMillis(99));
        latency.put("p999", h.percentileMillis(99.9));
        latency.put("max", h.maxMillis());
        j.put("latencyMillis", latency);
        j.put("durationSeconds", sender.elapsed().toNanos() / 1e9);
        if (sender.readError() != null) {
            j.put("readError", sender.readError().getMessage());
        }
        return j;
    }
}
