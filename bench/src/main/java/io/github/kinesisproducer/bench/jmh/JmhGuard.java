package io.github.kinesisproducer.bench.jmh;

import io.github.kinesisproducer.bench.BenchPaths;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH regression guard: the producer's hot-path micro-benchmarks (send, aggregation, request building, response
 * parsing, shard lookup) in one short run, each printed as a ratio to a saved baseline (bench/jmh-baseline.json).
 * It reports, it does not judge: the exit code says whether the benchmarks ran, never whether they got slower, and it
 * is not part of CI. Scores only compare on the same machine, quiet: save a baseline there first ({@code --save}).
 *
 * <pre>
 *   java -jar bench/target/kinesis-producer-bench.jar jmh-guard                  # run, compare with the baseline
 *   java -jar bench/target/kinesis-producer-bench.jar jmh-guard --save [--note 'quiet machine X']   # run, then write the baseline
 *   ... jmh-guard --baseline FILE --forks 1 --warmup 3 --iterations 5 --time 1 --include SendBench   (defaults shown)
 * </pre>
 */
public final class JmhGuard {
    /** The guarded benchmarks (JMH include patterns) with every parameter value each declares. */
    static final List<String> BENCHMARKS = List.of(
            "io\\.github\\.kinesisproducer\\.bench\\.jmh\\.SendBench\\.send$",
            "io\\.github\\.kinesisproducer\\.bench\\.jmh\\.KplEncodeBench\\.(ours|oursAsEngine)$",
            "io\\.github\\.kinesisproducer\\.internal\\.protocol\\.PutRecordsWriteBench\\.(writeBody|writeAndSign)$",
            "io\\.github\\.kinesisproducer\\.internal\\.protocol\\.PutRecordsReadBench\\.read$",
            "io\\.github\\.kinesisproducer\\.internal\\.http\\.HttpResponseReadBench\\.read$",
            "io\\.github\\.kinesisproducer\\.bench\\.jmh\\.ShardLookupBench\\.hashAndShardFor$");
    /** Beyond both runs' error bars and this much, a ratio is called slower or faster. */
    static final double MIN_NOISE = 0.10;

    private JmhGuard() {
    }

    public static int run(String[] args) throws Exception {
        Path baselineFile = BenchPaths.benchDirectory().resolve("jmh-baseline.json");
        boolean save = false;
        int forks = 1;
        int warmup = 3;
        int iterations = 5;
        int seconds = 1;
        String only = null;
        String note = "";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--save")) {
                save = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--baseline" -> baselineFile = Path.of(v);
                case "--forks" -> forks = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--iterations" -> iterations = Integer.parseInt(v);
                case "--time" -> seconds = Integer.parseInt(v);
                case "--include" -> only = v;
                case "--note" -> note = "; " + v;
                default -> throw new IllegalArgumentException("unknown option " + a
                        + " (--save, --note TEXT, --baseline FILE, --forks, --warmup, --iterations, --time SECONDS, --include TEXT)");
            }
        }
        ChainedOptionsBuilder opts = new OptionsBuilder().forks(forks)
                .warmupIterations(warmup).warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(seconds))
                .shouldFailOnError(true);
        for (String b : BENCHMARKS) {
            if (only == null || b.replace("\\", "").contains(only)) {
                opts.include(b);
            }
        }
        Collection<RunResult> results = new Runner(opts.build()).run();
        List<GuardBaseline.Entry> now = new ArrayList<>();
        for (RunResult r : results) {
            Map<String, String> params = new LinkedHashMap<>();
            for (String k : r.getParams().getParamsKeys()) {
                params.put(k, r.getParams().getParam(k));
            }
            now.add(new GuardBaseline.Entry(r.getParams().getBenchmark(), params,
                    r.getParams().getMode().shortLabel(), r.getPrimaryResult().getScoreUnit(),
                    r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()));
        }
        if (now.isEmpty()) {
            System.out.println("jmh-guard: no benchmark ran");
            return 1;
        }
        String settings = String.format("forks %d, warm-up %d x %d s, measurement %d x %d s", forks, warmup, seconds,
                iterations, seconds);
        System.out.println();
        if (Files.isRegularFile(baselineFile)) {
            GuardBaseline.Baseline base = GuardBaseline.read(baselineFile);
            System.out.println("baseline " + baselineFile + ": " + base.about());
            compare(System.out, base.entries(), now, only == null);
        } else {
            System.out.println("no baseline at " + baselineFile + " (make one with --save)");
        }
        if (save) {
            String about = String.format("saved %s by jmh-guard --save (%s); Java %s, %d cores%s",
                    Instant.now().truncatedTo(ChronoUnit.SECONDS), settings, System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), note);
            GuardBaseline.write(baselineFile, new GuardBaseline.Baseline(about, now));
            System.out.println("baseline written: " + baselineFile);
        }
        return 0;
    }

    /**
     * Prints each benchmark's score now, its baseline, the ratio and a verdict.
     *
     * @param all true when every guarded benchmark ran: then baseline entries that did not run are listed too
     */
    static void compare(PrintStream out, List<GuardBaseline.Entry> baseline, List<GuardBaseline.Entry> now,
            boolean all) {
        Map<String, GuardBaseline.Entry> base = new LinkedHashMap<>();
        baseline.forEach(e -> base.put(e.key(), e));
        String fmt = "%-48s %-24s %-6s %9s %20s %20s %7s %s%n";
        out.printf(fmt, "benchmark", "params", "mode", "unit", "baseline", "now", "ratio", "verdict");
        for (GuardBaseline.Entry n : now) {
            GuardBaseline.Entry b = base.remove(n.key());
            String name = shortName(n.benchmark());
            if (b == null) {
                out.printf(fmt, name, n.paramText(), n.mode(), n.unit(), "-", score(n), "-", "not in the baseline");
                continue;
            }
            Verdict v = verdict(b, n);
            out.printf(fmt, name, n.paramText(), n.mode(), n.unit(), score(b), score(n),
                    Double.isNaN(v.ratio()) ? "-" : String.format("%.2fx", v.ratio()), v.text());
        }
        if (!all) {
            base.clear();
        }
        base.values().forEach(b -> out.printf(fmt, shortName(b.benchmark()), b.paramText(), b.mode(), b.unit(),
                score(b), "-", "-", "in the baseline, not run now"));
        out.println("ratio = score now / baseline (thrpt: higher is better; avgt: lower is better). verdict: slower or"
                + " faster only beyond both runs' 99.9 % error bars and " + (int) (MIN_NOISE * 100) + " %;"
                + " a report, not a pass/fail.");
    }

    /** @param ratio now / baseline; {@code text} says whether that is slower, faster or within the noise */
    record Verdict(double ratio, String text) {
    }

    static Verdict verdict(GuardBaseline.Entry base, GuardBaseline.Entry now) {
        if (!base.unit().equals(now.unit()) || !base.mode().equals(now.mode())) {
            return new Verdict(Double.NaN, "unit or mode changed: " + base.mode() + " " + base.unit() + " -> "
                    + now.mode() + " " + now.unit() + " (save a new baseline)");
        }
        double ratio = now.score() / base.score();
        // How much more each operation costs now: > 1 is slower whatever the mode.
        double cost = now.higherIsBetter() ? 1 / ratio : ratio;
        double noise = Math.max(MIN_NOISE, base.relativeError() + now.relativeError());
        String text;
        if (cost > 1 + noise) {
            text = String.format("SLOWER (%.0f %% more per op)", (cost - 1) * 100);
        } else if (cost < 1 / (1 + noise)) {
            text = String.format("faster (%.0f %% less per op)", (1 - cost) * 100);
        } else {
            text = String.format("same (within %.0f %%)", noise * 100);
        }
        return new Verdict(ratio, text);
    }

    private static String score(GuardBaseline.Entry e) {
        String err = Double.isNaN(e.error()) ? "" : String.format(" ± %.0f%%", 100 * e.relativeError());
        return format(e.score()) + err;
    }

    private static String format(double v) {
        return Math.abs(v) >= 100 ? String.format("%.0f", v) : Math.abs(v) >= 1 ? String.format("%.2f", v)
                : String.format("%.4f", v);
    }

    private static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.", 0);
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
    }
}
