package io.github.kinesisproducer.bench;

import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.bench.sink.NullSinkServer;
import io.github.kinesisproducer.bench.sink.SinkWarmup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end bench: starts the null sink in this JVM, then runs each producer in its own JVM, one after another,
 * on identical data, and prints one table. Exit code 0 only if every run completed with every record acknowledged
 * (and, when the sink decodes, counted exactly once by the sink).
 */
final class E2eBench {
    private E2eBench() {
    }

    static int run(RunOptions o) throws Exception {
        o.resolveSize(ProducerConfig.DEFAULT_MAX_RECORD_SIZE);
        RunnerTable runners = RunnerTable.load(o.runnersFile);
        for (String producer : o.producers) {
            runners.checkBuilt(producer);
        }
        List<RunResult> results = new ArrayList<>();
        try (NullSinkServer sink = NullSinkServer.start(o.shards, 0, 0, o.sinkThreads, o.decode)) {
            o.plainPort = sink.plainPort();
            o.tlsPort = sink.tlsPort();
            o.trustStoreJvmOptions = sink.trustStoreJvmOptions();
            System.out.printf("null sink: http://127.0.0.1:%d https://127.0.0.1:%d, %d shards, decode=%s%n",
                    o.plainPort, o.tlsPort, o.shards, o.decode);
            if (o.sinkWarmup > 0) {
                long t = System.nanoTime();
                SinkWarmup.run(sink, o.sinkWarmup);
                System.out.printf("sink warmed up with %d requests per port in %.1f s%n", o.sinkWarmup,
                        (System.nanoTime() - t) / 1e9);
            }
            System.out.printf("%d records x %d bytes, warm-up %d, <= %d outstanding, %s%s, producers %s%s%n", o.records,
                    o.size, o.warmup, o.maxOutstanding, o.rate > 0 ? o.rate + " records/s" : "unpaced",
                    o.durationSeconds > 0 ? ", at most " + o.durationSeconds + " s" : "", o.producers,
                    o.repeat > 1 ? ", " + o.repeat + " rounds" : "");
            for (String producer : o.producers) {
                System.out.printf("  %-10s %s%n", producer, runners.get(producer).about());
            }
            for (int round = 0; round < o.repeat; round++) {
                for (String producer : o.producers) {
                    RunResult r = null;
                    for (int attempt = 0; attempt <= o.retryDisturbed; attempt++) {
                        waitForQuietMachine(o.quietWaitSeconds);
                        r = runOne(runners.get(producer), o);
                        if (!r.hasResult() || !r.disturbed()) {
                            break;
                        }
                        System.out.printf("--- %s: disturbed (other processes used %.0f %% of a core)%s%n", producer,
                                100 * r.otherLoad(), attempt < o.retryDisturbed ? ", running it again" : "");
                    }
                    results.add(r);
                }
            }
            Map<String, Long> total = sink.stats().snapshot();
            System.out.println("sink totals: " + total);
        }
        System.out.println();
        ResultTable.print(System.out, results, o.decode);
        System.out.println();
        BillingTable.print(System.out, results);
        System.out.println();
        results.forEach(r -> System.out.println(r.rawLine == null ? r.producer + ": no RESULT" : r.rawLine));
        boolean ok = results.stream().allMatch(r -> r.ok(o.decode));
        System.out.println(ok ? "e2e: all runs ok" : "e2e: SOME RUNS FAILED");
        return ok ? 0 : 1;
    }

    /** Waits (up to maxSeconds) until the whole machine used < 10 % of one core over a 1 s sample. */
    static void waitForQuietMachine(long maxSeconds) throws InterruptedException {
        if (maxSeconds <= 0) {
            return;
        }
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        while (true) {
            long[] a = ProcStats.machineMillis();
            Thread.sleep(1000);
            long[] b = ProcStats.machineMillis();
            long busy = b[0] - a[0];
            if (busy <= 100) {
                return;
            }
            if (System.nanoTime() > deadline) {
                System.out.printf("--- machine still busy (%d ms CPU in the last second); going ahead%n", busy);
                return;
            }
        }
    }

    private static RunResult runOne(RunnerTable.Runner runner, RunOptions o) throws IOException, InterruptedException {
        String producer = runner.name();
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String opt : o.jvmOpts.trim().split("\\s+", 0)) {
            if (!opt.isEmpty()) {
                cmd.add(opt);
            }
        }
        cmd.add("-Daws.cborEnabled=false");
        if (o.tls) {
            cmd.addAll(o.trustStoreJvmOptions); // ours verifies the sink's certificate (the KPL's daemon cannot)
        }
        cmd.add("-cp");
        cmd.add(runner.classpathArgument()); // each KPL on its own class path (RunnerTable)
        cmd.add(RunnerMain.class.getName());
        cmd.add(producer);
        cmd.add(runner.driver());
        cmd.addAll(o.toRunnerArgs());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_ACCESS_KEY_ID", "AKIABENCHLOCAL000000");
        env.put("AWS_SECRET_ACCESS_KEY", "dummy-secret-key");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT", "true");
        System.out.printf("--- %s: starting runner JVM%n", producer);
        Process p = pb.start();
        String resultLine = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    resultLine = line;
                } else {
                    System.out.println("  [" + producer + "] " + line);
                }
            }
        }
        if (!p.waitFor(o.timeoutSeconds + 120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        int exit = p.waitFor();
        RunResult result = RunResult.parse(producer, resultLine, exit);
        if (result.hasResult()) {
            System.out.printf("--- %s: %.0f rec/s, %.2f CPU-s/M, exit %d (%s)%n", producer, result.recordsPerSecond(),
                    result.cpuPerMillion(), exit, result.raw.getOrDefault("impl", "-"));
        } else {
            System.out.printf("--- %s: no result, exit %d%n", producer, exit);
        }
        return result;
    }
}
