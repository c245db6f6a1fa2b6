package io.github.kinesisproducer.bench;

import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.bench.jmh.JmhGuard;
import io.github.kinesisproducer.bench.sink.NullSinkServer;
import io.github.kinesisproducer.bench.sink.SinkStats;
import java.util.Arrays;

/**
 * Entry point of kinesis-producer-bench.jar.
 * <pre>
 *   e2e  [--records N] [--size B] [--shards S] [--producers ours,kpl,naive] [--smoke] [--repeat R] ...
 *   run  PRODUCER [options]        one producer in this JVM (those on the bench's own class path: null, ours, naive)
 *   sink [--shards S] [--plain-port P] [--tls-port Q] [--seconds T]   the null sink alone
 *   startup [--rounds 5]           time, CPU, classes and RSS from main to the first acknowledged record
 *   floor [--rounds 6]             the hashing and encoding every producer must do per million records
 *   jmh  [JMH options]             the JMH micro-benchmarks
 *   jmh-guard [--save] [--baseline FILE] [JMH options]   the hot-path benchmarks, each as a ratio to a saved baseline
 * </pre>
 * Run e2e through bench/run-e2e.sh: the KPL must run in a loopback-only network namespace.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        switch (args[0]) {
            case "e2e" -> System.exit(E2eBench.run(RunOptions.parse(args, 1)));
            case "run" -> {
                RunOptions o = RunOptions.parse(args, 2);
                o.resolveSize(ProducerConfig.DEFAULT_MAX_RECORD_SIZE);
                RunnerTable.Runner runner = RunnerTable.load(o.runnersFile).get(args[1]);
                if (!runner.inherit()) {
                    throw new IllegalArgumentException("producer " + args[1] + " runs on a class path of its own: java -cp '"
                            + runner.classpathArgument() + "' " + RunnerMain.class.getName() + " " + args[1] + " "
                            + runner.driver() + " [options]");
                }
                RunnerMain.run(args[1], runner.driver(), o);
                System.exit(0); // the SDK leaves non-daemon threads behind
            }
            case "sink" -> sink(args);
            case "startup" -> System.exit(StartupBench.run(args));
            case "floor" -> System.exit(FloorBench.run(args));
            case "jmh" -> org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            case "jmh-guard" -> System.exit(JmhGuard.run(Arrays.copyOfRange(args, 1, args.length)));
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void sink(String[] args) throws Exception {
        int shards = 4;
        int plain = 0;
        int tls = 0;
        long seconds = 600;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--shards" -> shards = Integer.parseInt(args[i + 1]);
                case "--plain-port" -> plain = Integer.parseInt(args[i + 1]);
                case "--tls-port" -> tls = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (NullSinkServer s = NullSinkServer.start(shards, plain, tls, 4, true)) {
            System.out.printf("PLAIN_PORT=%d%nTLS_PORT=%d%n", s.plainPort(), s.tlsPort());
            System.out.printf("stats: curl http://127.0.0.1:%d/__stats ; stops after %d s%n", s.plainPort(), seconds);
            Thread.sleep(seconds * 1000);
            System.out.print(SinkStats.format(s.stats().snapshot()));
        }
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar kinesis-producer-bench.jar e2e|run|sink|startup|floor|jmh|jmh-guard [options]
                  e2e --records 1000000 --size 100|max --shards 4 --producers null,ours,kpl,kpl015,naive [--smoke] [--repeat N]
                      [--warmup 20000] [--max-outstanding 10000] [--rate 0 (records/s; 0 = unpaced)] [--duration 0 (s)]
                      [--lazy-data] [--tls] [--seed 42] [--jvm-opts '-Xmx512m'] [--no-decode] [--rate-limit 150] [--max-buffered-ms 100]
                      [--retry-disturbed 2] [--quiet-wait-seconds 30] [--aggregation KPL|DELIMITED|NONE (ours)] [--runners FILE]
                      [--streams 1 (ours-streams, ours-per-stream: records spread over N streams)] [--max-concurrency 0 (ours*)]
                  jmh-guard [--save] [--baseline bench/jmh-baseline.json] [JMH options]  hot-path benchmarks vs the baseline
                  startup [--rounds 5]  a fresh JVM per round: build, first ack, CPU, classes, RSS
                  floor [--rounds 6]    MD5, SHA-256 and base64 per million 100-byte records (the lower bound)
                  (use bench/run-e2e.sh: it runs e2e inside 'unshare -n' with only loopback up)""");
    }
}
