package io.github.kinesisproducer.bench.sink;

import io.github.kinesisproducer.bench.ProcStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what the sink received. Cumulative; callers take deltas between two {@link #snapshot()}s. */
public final class SinkStats {
    final LongAdder requests = new LongAdder();
    final LongAdder putRecordsCalls = new LongAdder();
    final LongAdder kinesisRecords = new LongAdder();
    final LongAdder kinesisDataBytes = new LongAdder();
    final LongAdder aggregates = new LongAdder();
    final LongAdder userRecords = new LongAdder();
    final LongAdder userBytes = new LongAdder();
    final LongAdder badAggregates = new LongAdder();
    final LongAdder bodyBytes = new LongAdder();
    final LongAdder controlCalls = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder tlsRequests = new LongAdder();
    final LongAdder partitionKeyBytes = new LongAdder();
    /** Billing units of every Kinesis record received ({@link Billing}): data + key, and data alone. */
    final LongAdder putPayloadUnits = new LongAdder();
    final LongAdder onDemandKb = new LongAdder();
    final LongAdder putPayloadUnitsDataOnly = new LongAdder();
    final LongAdder onDemandKbDataOnly = new LongAdder();

    /**
     * Current counters plus this process's CPU time ({@code sinkCpuMs}, includes anything else in the sink's JVM).
     * {@code userRecords}/{@code userBytes} are only exact when the sink decodes (otherwise = kinesis records/bytes).
     */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("requests", requests.sum());
        m.put("tlsRequests", tlsRequests.sum());
        m.put("putRecordsCalls", putRecordsCalls.sum());
        m.put("kinesisRecords", kinesisRecords.sum());
        m.put("kinesisDataBytes", kinesisDataBytes.sum());
        m.put("aggregates", aggregates.sum());
        m.put("userRecords", userRecords.sum());
        m.put("userBytes", userBytes.sum());
        m.put("badAggregates", badAggregates.sum());
        m.put("bodyBytes", bodyBytes.sum());
        m.put("controlCalls", controlCalls.sum());
        m.put("errors", errors.sum());
        m.put("partitionKeyBytes", partitionKeyBytes.sum());
        m.put("putPayloadUnits", putPayloadUnits.sum());
        m.put("onDemandKb", onDemandKb.sum());
        m.put("putPayloadUnitsDataOnly", putPayloadUnitsDataOnly.sum());
        m.put("onDemandKbDataOnly", onDemandKbDataOnly.sum());
        m.put("sinkCpuMs", ProcStats.cpuMillis(ProcessHandle.current().pid()));
        return m;
    }

    public static String format(Map<String, Long> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    public static Map<String, Long> parse(String text) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : text.split("\n", 0)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq).trim(), Long.parseLong(line.substring(eq + 1).trim()));
            }
        }
        return m;
    }

    public static Map<String, Long> delta(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
        return d;
    }
}
