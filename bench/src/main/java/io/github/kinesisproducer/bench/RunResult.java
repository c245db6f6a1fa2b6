package io.github.kinesisproducer.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** One runner JVM's {@code RESULT} line, with the derived figures the table prints. */
final class RunResult {
    /** A run is flagged when other processes used more than this share of one core over the timed window. */
    static final double OTHER_LOAD_LIMIT = 0.10;

    final String producer;
    final Map<String, String> raw;
    final String rawLine;
    final int exitCode;

    private RunResult(String producer, Map<String, String> raw, String rawLine, int exitCode) {
        this.producer = producer;
        this.raw = raw;
        this.rawLine = rawLine;
        this.exitCode = exitCode;
    }

    static RunResult parse(String producer, String line, int exitCode) {
        Map<String, String> m = new LinkedHashMap<>();
        if (line != null) {
            for (String kv : line.substring("RESULT".length()).trim().split(" ", 0)) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    m.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
        }
        return new RunResult(producer, m, line, exitCode);
    }

    boolean hasResult() {
        return !raw.isEmpty();
    }

    double num(String key) {
        String v = raw.get(key);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    double wallS() {
        return num("wallS");
    }

    long records() {
        return (long) num("records");
    }

    double recordsPerSecond() {
        return records() / wallS();
    }

    /** User payload MB (10^6 bytes) per second. */
    double megabytesPerSecond() {
        return records() * num("size") / 1e6 / wallS();
    }

    /** CPU seconds per million records, producer JVM + helper processes (the KPL daemon). */
    double cpuPerMillion() {
        return (num("jvmCpuMs") + num("helperCpuMs")) / 1000.0 / (records() / 1e6);
    }

    double jvmCpuPerMillion() {
        return num("jvmCpuMs") / 1000.0 / (records() / 1e6);
    }

    double helperCpuPerMillion() {
        return num("helperCpuMs") / 1000.0 / (records() / 1e6);
    }

    double sinkCpuPerMillion() {
        return num("sink.sinkCpuMs") / 1000.0 / (records() / 1e6);
    }

    double jvmRssMib() {
        return num("jvmHwmKib") / 1024.0;
    }

    double helperRssMib() {
        return num("helperHwmKib") / 1024.0;
    }

    double rssMib() {
        return jvmRssMib() + helperRssMib();
    }

    double baseRssMib() {
        return num("baseRssKib") / 1024.0;
    }

    /** Building the producer to the probe's acknowledgement, ms; NaN when not measured. */
    double startupMs() {
        double v = num("startupMs");
        return v < 0 ? Double.NaN : v;
    }

    double p50Ms() {
        return num("p50Us") / 1000.0;
    }

    double p99Ms() {
        return num("p99Us") / 1000.0;
    }

    /** CPU ms used by processes other than the producer, its helpers and the sink, during the timed window. */
    double otherCpuMs() {
        return num("machineBusyMs") - num("jvmCpuMs") - num("helperCpuMs") - num("sink.sinkCpuMs");
    }

    /** Other processes' CPU as a share of one core over the window. */
    double otherLoad() {
        return otherCpuMs() / (wallS() * 1000.0);
    }

    boolean disturbed() {
        return otherLoad() > OTHER_LOAD_LIMIT;
    }

    /** True for a producer that sends nothing to the sink (the null producer). */
    boolean sendsNothing() {
        return "none".equals(raw.get("transport"));
    }

    /**
     * The sink saw every record sent exactly once (only meaningful when the sink decodes): as many user records as were
     * sent, no invalid aggregate, and, record by record (by the index each record carries), none missing, none twice,
     * none that was not sent in the timed window.
     */
    boolean sinkCountOk() {
        if (sendsNothing()) {
            return true; // nothing for the sink to count
        }
        return (long) num("sink.userRecords") == records() && num("sink.badAggregates") == 0
                && num("arrival.expected") == records() && num("arrival.arrived") == records()
                && num("arrival.missing") == 0 && num("arrival.unexpected") == 0 && num("arrival.duplicates") == 0;
    }

    /** What the sink check found, for the table: empty when it passed. */
    String sinkProblems() {
        if (sinkCountOk()) {
            return "";
        }
        return "sinkUser=" + (long) num("sink.userRecords") + ",bad=" + (long) num("sink.badAggregates")
                + ",missing=" + (long) num("arrival.missing") + ",twice=" + (long) num("arrival.duplicates")
                + ",unexpected=" + (long) num("arrival.unexpected");
    }

    /** Kinesis records per million user records. */
    double kinesisRecordsPerMillion() {
        return perMillionUserRecords("sink.kinesisRecords");
    }

    /** Mean size of a Kinesis record as billed: data + partition key. */
    double bytesPerKinesisRecord() {
        return (num("sink.kinesisDataBytes") + num("sink.partitionKeyBytes")) / num("sink.kinesisRecords");
    }

    /** {@code sink.<counter>} per million user records sent. */
    double perMillionUserRecords(String counter) {
        return num(counter) / records() * 1e6;
    }

    boolean ok(boolean decode) {
        return exitCode == 0 && hasResult() && "true".equals(raw.get("complete")) && num("failed") == 0
                && (!decode || sinkCountOk());
    }
}
