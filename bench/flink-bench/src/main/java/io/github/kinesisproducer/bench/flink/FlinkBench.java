package io.github.kinesisproducer.bench.flink;

import io.github.kinesisproducer.bench.ProcStats;
import io.github.kinesisproducer.bench.sink.NullSinkServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Flink sinks side by side: the same job (MiniCluster, parallelism 2, the bench's 1M × 100 B records with UUID
 * keys) once per sink, each in a JVM of its own, against the bench's null sink in this JVM. Prints records/s, Kinesis
 * records and PutRecords calls the null sink received, CPU seconds per million records of the job's JVM, and ratios.
 *
 * <pre>
 * bench/run-flink.sh [--records 1M] [--size 100] [--parallelism 2] [--shards 16] [--sinks discard,ours,baseline]
 *                    [--checkpoint-ms 1000] [--warmup 0] [--repeat 1] [--jvm-opts '-Xmx1g'] [--verbose]
 *                    [--producer key=value,...]     # settings for every "ours" run
 * (a sink "ours:max_buffered_records=10000;record_ttl=60" runs ours with those settings as a row of its own)
 * </pre>
 *
 * <p>{@code discard} is Flink's {@code DiscardingSink}: the job's cost without any Kinesis sink, subtracted in the
 * {@code -discard} column. Every Kinesis run is checked: every record index arrived at the null sink exactly once.
 */
public final class FlinkBench {
    private FlinkBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int records = (int) number(o.getOrDefault("records", "1M"));
        int size = (int) number(o.getOrDefault("size", "100"));
        int parallelism = Integer.parseInt(o.getOrDefault("parallelism", "2"));
        // 16 shards: the producer's default per-shard rate limit (150 % of 1 MiB/s) must not be what limits it here.
        int shards = Integer.parseInt(o.getOrDefault("shards", "16"));
        List<String> sinks = List.of(o.getOrDefault("sinks", "discard,ours,baseline").split(","));
        int repeat = Integer.parseInt(o.getOrDefault("repeat", "1"));
        boolean verbose = o.containsKey("verbose");
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        System.out.printf("flink bench: %,d records of %d B, parallelism %d, %d shards at the null sink, checkpoint "
                + "every %s ms, warm-up %s records; load average before: %s; %d cores%n", records, size, parallelism,
                shards, o.getOrDefault("checkpoint-ms", "1000"), o.getOrDefault("warmup", "0"), load,
                Runtime.getRuntime().availableProcessors());

        List<Result> results = new ArrayList<>();
        try (NullSinkServer server = NullSinkServer.start(shards, 0, -1, 4, true)) {
            URI endpoint = URI.create("http://127.0.0.1:" + server.plainPort());
            for (int round = 0; round < repeat; round++) {
                for (String sink : sinks) {
                    Result r = runOne(endpoint, sink, records, size, parallelism, o, verbose);
                    results.add(r);
                    System.out.println(r.line());
                }
            }
        }
        print(results, records);
        boolean ok = results.stream().allMatch(r -> r.check.startsWith("ok"));
        System.exit(ok ? 0 : 1);
    }

    private static Result runOne(URI endpoint, String sink, int records, int size, int parallelism,
            Map<String, String> o, boolean verbose) throws IOException, InterruptedException {
        long[] machine0 = ProcStats.machineMillis();
        long self0 = ProcStats.cpuMillis(ProcessHandle.current().pid());
        long t0 = System.nanoTime();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmOpts = o.getOrDefault("jvm-opts", "").trim();
        if (!jvmOpts.isEmpty()) {
            cmd.addAll(List.of(jvmOpts.split("\\s+")));
        }
        cmd.addAll(List.of("-Daws.cborEnabled=false", "-cp", System.getProperty("java.class.path"),
                FlinkBenchRunner.class.getName(), "--sink", sinkType(sink), "--endpoint", endpoint.toString(),
                "--records", Integer.toString(records), "--size", Integer.toString(size),
                "--parallelism", Integer.toString(parallelism),
                "--checkpoint-ms", o.getOrDefault("checkpoint-ms", "1000"),
                "--warmup", Long.toString(number(o.getOrDefault("warmup", "0"))),
                "--producer", producerSettings(sink, o.getOrDefault("producer", ""))));
        Path resultFile = Files.createTempFile("flink-bench-" + sink, ".txt");
        cmd.addAll(List.of("--result-file", resultFile.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String s;
            while ((s = out.readLine()) != null) {
                if (verbose) {
                    System.out.println("  [" + sink + "] " + s);
                }
            }
        }
        int exit = p.waitFor();
        List<String> written = Files.readAllLines(resultFile);
        Files.delete(resultFile);
        Map<String, String> line = written.isEmpty() ? null : fields(written.get(0));
        if (verbose && written.size() > 1) {
            System.out.println("  [" + sink + "] " + written.get(1));
        }
        long wallAll = (System.nanoTime() - t0) / 1_000_000;
        long[] machine1 = ProcStats.machineMillis();
        long sinkCpu = ProcStats.cpuMillis(ProcessHandle.current().pid()) - self0;
        if (line == null || exit != 0) {
            return Result.failed(sink, "runner exited with " + exit + (verbose ? "" : " (rerun with --verbose)"));
        }
        String check = "ok (no Kinesis sink)";
        if (!sink.equals("discard")) {
            Map<String, Long> a = new NullSinkHttp(endpoint).arrivals(records);
            boolean exact = a.get("arrived") == records && a.get("missing") == 0 && a.get("duplicates") == 0
                    && a.get("unexpected") == 0 && Long.parseLong(line.get("badAggregates")) == 0;
            check = (exact ? "ok: " : "FAILED: ") + "arrived " + a.get("arrived") + ", missing " + a.get("missing")
                    + ", duplicates " + a.get("duplicates");
        }
        long other = (machine1[0] - machine0[0]) - Long.parseLong(line.get("cpuTotalMs")) - sinkCpu;
        return new Result(sink, Long.parseLong(line.get("wallMs")), Long.parseLong(line.get("cpuMs")),
                Long.parseLong(line.get("peakRssKib")), Long.parseLong(line.get("kinesisRecords")),
                Long.parseLong(line.get("putRecordsCalls")), Long.parseLong(line.get("userRecords")), sinkCpu, Math.max(0, other) * 100.0 / Math.max(1, wallAll), check);
    }

    /** One run's figures. */
    record Result(String sink, long wallMs, long cpuMs, long peakRssKib, long kinesisRecords, long putRecordsCalls,
            long userRecords, long sinkCpuMs, double otherPercent, String check) {
        static Result failed(String sink, String why) {
            return new Result(sink, 0, 0, 0, 0, 0, 0, 0, 0, "FAILED: " + why);
        }

        double cpuPerMillion(int records) {
            return cpuMs / 1000.0 * 1_000_000 / records;
        }

        String line() {
            return String.format("  %s: %d ms, %d CPU ms, %,d Kinesis records, %,d PutRecords calls, %,d user records "
                    + "at the sink, null sink CPU %d ms, other processes %.0f %% of a core; %s", sink, wallMs, cpuMs,
                    kinesisRecords, putRecordsCalls, userRecords, sinkCpuMs, otherPercent, check);
        }
    }

    private static void print(List<Result> results, int records) {
        double discard = results.stream().filter(r -> r.sink.equals("discard")).mapToDouble(r -> r.cpuPerMillion(
                records)).sorted().skip(results.stream().filter(r -> r.sink.equals("discard")).count() / 2)
                .findFirst().orElse(Double.NaN);
        System.out.println();
        System.out.printf("| sink | records/s | Kinesis records | PutRecords calls | user records per Kinesis record "
                + "| CPU-s per M records | CPU-s/M minus discard | peak RSS MiB | other load (%% of a core) | check |%n");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Result r : results) {
            double perM = r.cpuPerMillion(records);
            System.out.printf("| %s | %,.0f | %,d | %,d | %s | %.2f | %s | %d | %.0f | %s |%n", label(r.sink),
                    r.wallMs == 0 ? 0 : records * 1000.0 / r.wallMs, r.kinesisRecords, r.putRecordsCalls,
                    r.kinesisRecords == 0 ? "-" : String.format("%.1f", (double) r.userRecords / r.kinesisRecords),
                    perM, r.sink.equals("discard") || Double.isNaN(discard) ? "-" : String.format("%.2f",
                            perM - discard), r.peakRssKib / 1024, r.otherPercent, r.check);
        }
        Result ours = median(results, "ours", records);
        Result base = median(results, "baseline", records);
        if (ours != null && base != null) {
            System.out.println();
            System.out.printf("baseline ÷ ours: Kinesis records %.0f×, PutRecords calls %.1f×, CPU per record %.2f×"
                    + "%s, records/s %.2f× (ours ÷ baseline)%n",
                    (double) base.kinesisRecords / Math.max(1, ours.kinesisRecords),
                    (double) base.putRecordsCalls / Math.max(1, ours.putRecordsCalls),
                    base.cpuPerMillion(records) / ours.cpuPerMillion(records),
                    Double.isNaN(discard) ? "" : String.format(" (%.2f× without the job's own cost, the discard run)",
                            (base.cpuPerMillion(records) - discard) / (ours.cpuPerMillion(records) - discard)),
                    (double) base.wallMs / Math.max(1, ours.wallMs));
        }
    }

    /** {@code ours:max_buffered_records=10000} runs sink {@code ours}; the part after ':' is producer settings. */
    private static String sinkType(String spec) {
        int colon = spec.indexOf(':');
        return colon < 0 ? spec : spec.substring(0, colon);
    }

    /** The producer settings of a sink spec ({@code k=v;k=v} after ':'), after those of {@code --producer}. */
    private static String producerSettings(String spec, String common) {
        int colon = spec.indexOf(':');
        String own = colon < 0 ? "" : spec.substring(colon + 1).replace(';', ',');
        return common.isEmpty() ? own : own.isEmpty() ? common : common + "," + own;
    }

    private static String label(String sink) {
        if (sink.startsWith("ours:")) {
            return "kinesis-producer-flink with " + sink.substring(5).replace(";", ", ") + " (not the default)";
        }
        return switch (sink) {
            case "ours" -> "kinesis-producer-flink (this repository; producer defaults, KPL aggregation)";
            case "baseline" ->
                    "baseline: AsyncSinkBase + KinesisAsyncClient built like KinesisStreamsSink (not the connector)";
            case "discard" -> "Flink DiscardingSink (the job without a sink)";
            default -> sink;
        };
    }

    /** The run with the median CPU per record of a sink, or null. */
    private static Result median(List<Result> results, String sink, int records) {
        List<Result> runs = results.stream().filter(r -> r.sink.equals(sink) && r.check.startsWith("ok"))
                .sorted((a, b) -> Double.compare(a.cpuPerMillion(records), b.cpuPerMillion(records))).toList();
        return runs.isEmpty() ? null : runs.get(runs.size() / 2);
    }

    /** {@code --name value} pairs; a name without a value (e.g. {@code --verbose}) maps to "". */
    static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
            o.put(name, hasValue ? args[++i] : "");
        }
        return o;
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : line.trim().split("\\s+", 0)) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    /** 1000000, 1_000_000, 1,000,000, 1M, 200k. */
    static long number(String s) {
        String t = s.replace("_", "").replace(",", "").trim();
        long factor = 1;
        if (t.endsWith("M")) {
            factor = 1_000_000;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("k")) {
            factor = 1_000;
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * factor;
    }
}
