package io.github.kinesisproducer.bench;

import io.github.kinesisproducer.bench.sink.SinkStats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one producer in this JVM against a running sink and prints one {@code RESULT k=v ...} line on stdout.
 * Flow: generate data; start the producer (probe record + wait); warm-up phase; timed phase (≤ max-outstanding records
 * in flight); CPU deltas (this JVM, helper processes, sink, whole machine) over the timed phase only.
 */
public final class RunnerMain {
    private RunnerMain() {
    }

    static ProducerDriver driver(String name) {
        return switch (name) {
            case "kpl" -> new KplRunner();
            case "naive" -> new NaiveRunner();
            case "ours" -> new ProducerRunner();
            default -> throw new IllegalArgumentException("unknown producer " + name + " (ours, kpl, naive)");
        };
    }

    public static void main(String producer, RunOptions o) throws Exception {
        BenchData data = o.lazyData ? BenchData.lazy(o.records, o.size, o.seed)
                : BenchData.generate(o.records, o.size, o.seed);
        System.gc();
        long self = ProcessHandle.current().pid();
        long baseRssKib = ProcStats.statusKib(self, "VmRSS");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("producer", producer);
        r.put("transport", producer.equals("kpl") || o.tls ? "https" : "http");
        try (ProducerDriver d = driver(producer)) {
            d.start(o);
            if (o.warmup > 0) {
                Phase warm = new Phase(o.warmup, o.maxOutstanding);
                warm.run(d, data, o.warmup);
                if (!warm.await(o.timeoutSeconds)) {
                    throw new IllegalStateException("warm-up did not complete: " + warm.pending() + " records pending");
                }
            }
            List<Long> helpers = d.helperPids();
            Map<String, Long> sink0 = sinkStats(o);
            Map<Long, Long> procs0 = ProcStats.allProcessesCpuMillis();
            long[] machine0 = ProcStats.machineMillis();
            Map<String, Long> threads0 = ProcStats.jvmThreadCpuMillis();
            long cpu0 = ProcStats.cpuMillis(self);
            long helperCpu0 = helperCpu(helpers);
            long t0 = System.nanoTime();

            Phase timed = new Phase(o.records, o.maxOutstanding);
            timed.run(d, data, o.records, o.rate);
            boolean complete = timed.await(o.timeoutSeconds);

            long t1 = System.nanoTime();
            long cpu1 = ProcStats.cpuMillis(self);
            Map<String, Long> threads1 = ProcStats.jvmThreadCpuMillis();
            long helperCpu1 = helperCpu(helpers);
            long[] machine1 = ProcStats.machineMillis();
            Map<Long, Long> procs1 = ProcStats.allProcessesCpuMillis();
            Map<String, Long> sink = SinkStats.delta(sinkStats(o), sink0);

            double wall = (t1 - t0) / 1e9;
            long[] p = timed.percentilesMicros();
            r.put("complete", complete);
            r.put("records", o.records);
            r.put("size", o.size);
            r.put("failed", timed.failed());
            r.put("pending", timed.pending());
            r.put("duplicateCallbacks", timed.duplicates());
            r.put("wallS", String.format("%.3f", wall));
            r.put("jvmCpuMs", cpu1 - cpu0);
            r.put("helperCpuMs", helperCpu1 - helperCpu0);
            r.put("machineBusyMs", machine1[0] - machine0[0]);
            r.put("machineTotalMs", machine1[1] - machine0[1]);
            r.put("machineIrqMs", machine1[2] - machine0[2]);
            r.put("cores", Runtime.getRuntime().availableProcessors());
            java.util.Set<Long> mine = new java.util.HashSet<>(helpers);
            mine.add(self);
            ProcessHandle.current().parent().ifPresent(parent -> mine.add(parent.pid()));
            r.put("threadsMs", ProcStats.threadDelta(threads0, threads1));
            r.put("topOthersMs", ProcStats.topDelta(procs0, procs1, mine, 3));
            r.put("p50Us", p[0]);
            r.put("p99Us", p[1]);
            r.put("p999Us", p[2]);
            r.put("maxUs", p[3]);
            r.put("baseRssKib", baseRssKib);
            r.put("jvmHwmKib", ProcStats.statusKib(self, "VmHWM"));
            long helperHwm = 0;
            for (long pid : helpers) {
                helperHwm += Math.max(0, ProcStats.statusKib(pid, "VmHWM"));
            }
            r.put("helperHwmKib", helperHwm);
            r.put("helpers", helpers.size());
            sink.forEach((k, v) -> r.put("sink." + k, v));
        }
        StringBuilder sb = new StringBuilder("RESULT");
        r.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        System.out.println(sb);
        System.out.flush();
    }

    private static long helperCpu(List<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            sum += Math.max(0, ProcStats.cpuMillis(pid));
        }
        return sum;
    }

    static Map<String, Long> sinkStats(RunOptions o) throws IOException, InterruptedException {
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + o.plainPort + "/__stats"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return SinkStats.parse(r.body());
    }
}
