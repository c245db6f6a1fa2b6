package io.github.kinesisproducer.bench;

import io.github.kinesisproducer.bench.sink.SinkStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one producer in this JVM against a running sink and prints one {@code RESULT k=v ...} line on stdout.
 * Flow: generate data; start the producer (probe record + wait); warm-up phase; open the sink's arrival window; timed
 * phase (≤ max-outstanding records in flight); CPU deltas (this JVM, helper processes, sink, whole machine) over the
 * timed phase only; the sink's verdict on which records arrived.
 *
 * <p>The main class of every runner JVM ({@code java -cp RUNNER_CLASSPATH ...RunnerMain PRODUCER DRIVER_CLASS
 * [options]}): it loads nothing outside the JDK besides the driver, so it runs on the KPL runners' class paths too.
 */
public final class RunnerMain {
    private RunnerMain() {
    }

    /** {@code PRODUCER DRIVER_CLASS [options]}; exits 0 after printing the RESULT line, 1 on any error. */
    public static void main(String[] args) {
        int exit = 0;
        try {
            if (args.length < 2) {
                throw new IllegalArgumentException("usage: RunnerMain PRODUCER DRIVER_CLASS [options]");
            }
            run(args[0], args[1], RunOptions.parse(args, 2));
        } catch (Throwable t) {
            t.printStackTrace();
            exit = 1;
        }
        System.exit(exit); // the KPL and the SDK leave non-daemon threads behind
    }

    static ProducerDriver driver(String className) throws ReflectiveOperationException {
        Class<?> c = Class.forName(className);
        if (!ProducerDriver.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException(className + " does not implement " + ProducerDriver.class.getName());
        }
        return (ProducerDriver) c.getConstructor().newInstance();
    }

    public static void run(String producer, String driverClass, RunOptions o) throws Exception {
        BenchData data = o.lazyData ? BenchData.lazy(o.records, o.size, o.seed)
                : BenchData.generate(o.records, o.size, o.seed);
        System.gc();
        long self = ProcessHandle.current().pid();
        long baseRssKib = ProcStats.statusKib(self, "VmRSS");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("producer", producer);
        try (ProducerDriver d = driver(driverClass)) {
            r.put("transport", d.transport(o));
            d.start(o);
            r.put("impl", d.implementation());
            r.put("startupMs", d.startupMillis());
            List<Long> helpers = d.helperPids();
            // Once before the warm-up, results unused: the readings below load classes and get JIT-compiled the
            // first time they run. Taken for the first time at the start of the timed phase, that work (and the
            // deoptimizations of JDK code it shares with the producer) landed in the measured window.
            Snapshot.take(o, self, helpers);
            if (o.warmup > 0) {
                Phase warm = new Phase(o.warmup, o.maxOutstanding);
                warm.run(d, data, o.warmup);
                if (!warm.await(o.timeoutSeconds)) {
                    throw new IllegalStateException("warm-up did not complete: " + warm.pending() + " records pending");
                }
            }
            boolean checkArrivals = o.decode && d.sendsToSink();
            if (checkArrivals) {
                sinkGet(o, "/__expect?records=" + o.records);
            }
            Snapshot before = Snapshot.take(o, self, helpers);
            long t0 = System.nanoTime();

            Phase timed = new Phase(o.records, o.maxOutstanding);
            int sent = timed.run(d, data, o.records, o.rate, o.durationNanos());
            boolean complete = timed.await(o.timeoutSeconds);

            long t1 = System.nanoTime();
            Snapshot after = Snapshot.take(o, self, helpers);
            Map<String, Long> sink = SinkStats.delta(after.sink, before.sink);
            Map<String, Long> arrivals = checkArrivals
                    ? SinkStats.parse(sinkGet(o, "/__arrivals?sent=" + sent)) : Map.of();

            double wall = (t1 - t0) / 1e9;
            long[] p = timed.percentilesMicros();
            r.put("complete", complete);
            r.put("records", sent);
            r.put("requested", o.records);
            r.put("size", o.size);
            r.put("failed", timed.failed());
            r.put("pending", timed.pending());
            r.put("duplicateCallbacks", timed.duplicates());
            r.put("wallS", String.format("%.3f", wall));
            r.put("jvmCpuMs", after.cpu - before.cpu);
            r.put("helperCpuMs", after.helperCpu - before.helperCpu);
            r.put("machineBusyMs", after.machine[0] - before.machine[0]);
            r.put("machineTotalMs", after.machine[1] - before.machine[1]);
            r.put("machineIrqMs", after.machine[2] - before.machine[2]);
            r.put("cores", Runtime.getRuntime().availableProcessors());
            java.util.Set<Long> mine = new java.util.HashSet<>(helpers);
            mine.add(self);
            ProcessHandle.current().parent().ifPresent(parent -> mine.add(parent.pid()));
            r.put("threadsMs", ProcStats.threadDelta(before.threads, after.threads));
            r.put("topOthersMs", ProcStats.topDelta(before.procs, after.procs, mine, 3));
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
            arrivals.forEach((k, v) -> r.put("arrival." + k, v));
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

    /** The sink's counters. */
    static Map<String, Long> sinkStats(RunOptions o) throws IOException {
        return SinkStats.parse(sinkGet(o, "/__stats"));
    }

    /** GET on the sink's plain port over a plain socket (java.net.http would start threads and load ~500 classes here). */
    static String sinkGet(RunOptions o, String pathAndQuery) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), o.plainPort)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int body = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.1 200") || body < 0) {
                throw new IOException("sink " + pathAndQuery + ": unexpected response "
                        + response.lines().findFirst().orElse(""));
            }
            return response.substring(body + 4);
        }
    }

    /** Every counter the runner reads at the start and the end of the timed phase. */
    @SuppressWarnings("ArrayRecordComponent") // one reading of the machine's counters; never compared
    private record Snapshot(Map<String, Long> sink, Map<Long, Long> procs, long[] machine, Map<String, Long> threads,
            long cpu, long helperCpu) {
        static Snapshot take(RunOptions o, long self, List<Long> helpers) throws IOException {
            Map<String, Long> sink = sinkStats(o);
            Map<Long, Long> procs = ProcStats.allProcessesCpuMillis();
            long[] machine = ProcStats.machineMillis();
            Map<String, Long> threads = ProcStats.jvmThreadCpuMillis();
            long cpu = ProcStats.cpuMillis(self);
            return new Snapshot(sink, procs, machine, threads, cpu, RunnerMain.helperCpu(helpers));
        }
    }
}
