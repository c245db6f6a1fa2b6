package io.github.kinesisproducer.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Prints the e2e results: one row per run, then ratios against each KPL in the run (medians over undisturbed runs).
 * When the null producer is in the run its figure stands beside every producer's: columns "above null" and a line
 * above the ratios, because the harness's own share (the null producer's) is part of every figure.
 */
final class ResultTable {
    private ResultTable() {
    }

    static void print(PrintStream out, List<RunResult> runs, boolean decode) {
        List<RunResult> nulls = okRuns(runs, "null", decode);
        boolean withNull = !nulls.isEmpty();
        double nullCpu = withNull ? median(nulls, RunResult::cpuPerMillion) : Double.NaN;
        double nullRss = withNull ? median(nulls, RunResult::rssMib) : Double.NaN;

        String fmt = "%-14s %7s %9s %7s %22s %10s %8s %22s %9s %8s %8s %8s %8s %8s %7s %s%n";
        out.printf(fmt, "prod", "wall s", "rec/s", "MB/s", "CPU-s/M (jvm+native)", withNull ? "-null" : "", "CPU-s/GB",
                "peak RSS MiB (jvm+nat)", withNull ? "-null" : "", "data MiB", "start ms", "p50 ms", "p99 ms",
                "p99.9 ms", "other%", "check");
        for (RunResult r : runs) {
            if (!r.hasResult()) {
                out.printf("%-14s FAILED (exit %d, no result)%n", r.producer, r.exitCode);
                continue;
            }
            String check = r.ok(decode) ? "ok" : "FAIL(failed=" + (long) r.num("failed") + ",pending="
                    + (long) r.num("pending") + (decode ? "," + r.sinkProblems() : "") + ")";
            if (r.ok(decode) && decode && !r.sendsNothing()) {
                check += " (each record once)";
            }
            if (r.disturbed()) {
                check += " DISTURBED by " + r.raw.getOrDefault("topOthersMs", "?");
            }
            out.printf(fmt, r.producer + "/" + r.raw.getOrDefault("transport", "?"), f(r.wallS(), 2),
                    f(r.recordsPerSecond(), 0), f(r.megabytesPerSecond(), 2),
                    f(r.cpuPerMillion(), 2) + " (" + f(r.jvmCpuPerMillion(), 2) + "+" + f(r.helperCpuPerMillion(), 2) + ")",
                    withNull ? f(r.cpuPerMillion() - nullCpu, 2) : "", f(r.cpuPerMillion() * 1000 / r.num("size"), 1),
                    f(r.rssMib(), 0) + " (" + f(r.jvmRssMib(), 0) + "+" + f(r.helperRssMib(), 0) + ")",
                    withNull ? f(r.rssMib() - nullRss, 0) : "",
                    f(r.baseRssMib(), 0), f(r.startupMs(), 0), f(r.p50Ms(), 1), f(r.p99Ms(), 1), f(r.num("p999Us") / 1000.0, 1),
                    f(100 * r.otherLoad(), 1), check);
        }
        out.println("CPU-s/M = CPU seconds per million records over the timed window (producer JVM + KPL daemon);"
                + " CPU-s/GB = the same per 10^9 bytes of user data; peak RSS = VmHWM;");
        out.println("data MiB = JVM RSS after generating the test data (included in peak RSS);"
                + " start ms = building the producer to its first record acknowledged;"
                + " p50/p99/p99.9 = send-to-acknowledgement latency;");
        out.println("-null = the same figure minus the null producer's (median of its runs); other% = CPU of all other"
                + " processes as % of one core (DISTURBED above " + (int) (100 * RunResult.OTHER_LOAD_LIMIT) + " %: rerun);");
        out.println("check = every future completed successfully" + (decode
                ? " and the sink received every record sent exactly once (by the index each record carries)." : "."));
        printRatios(out, runs, decode, withNull, nullCpu, nullRss);
    }

    /** Ratios of every producer against each KPL-like baseline in the run (kpl, kpl015, kpl-compat, ...). */
    private static void printRatios(PrintStream out, List<RunResult> runs, boolean decode, boolean withNull,
            double nullCpu, double nullRss) {
        List<String> producers = runs.stream().map(r -> r.producer).distinct().toList();
        for (String base : producers) {
            if (!base.startsWith("kpl")) {
                continue;
            }
            List<RunResult> kpl = okRuns(runs, base, decode);
            if (kpl.isEmpty()) {
                continue;
            }
            out.println();
            out.printf("ratios vs %s (medians of undisturbed ok runs; >1 = more than %s)%s:%n", base, base,
                    withNull ? String.format("; null producer: %.2f CPU-s/M, %.0f MiB", nullCpu, nullRss) : "");
            String rf = "%-12s %8s %8s %12s %8s %12s %8s %8s%n";
            out.printf(rf, "prod", "rec/s", "CPU/M", withNull ? "CPU-null" : "", "RSS", withNull ? "RSS-null" : "",
                    "p50", "p99");
            for (String p : producers) {
                List<RunResult> mine = okRuns(runs, p, decode);
                if (mine.isEmpty() || p.equals(base) || p.equals("null")) {
                    continue;
                }
                out.printf(rf, p, ratio(mine, kpl, RunResult::recordsPerSecond), ratio(mine, kpl, RunResult::cpuPerMillion),
                        withNull ? ratio(mine, kpl, r -> r.cpuPerMillion() - nullCpu) : "",
                        ratio(mine, kpl, RunResult::rssMib), withNull ? ratio(mine, kpl, r -> r.rssMib() - nullRss) : "",
                        ratio(mine, kpl, RunResult::p50Ms), ratio(mine, kpl, RunResult::p99Ms));
            }
        }
    }

    static List<RunResult> okRuns(List<RunResult> runs, String producer, boolean decode) {
        return runs.stream().filter(r -> r.producer.equals(producer) && r.ok(decode)).toList();
    }

    private static String ratio(List<RunResult> a, List<RunResult> b, ToDoubleFunction<RunResult> f) {
        return f(median(a, f) / median(b, f), 2) + "x";
    }

    static double median(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
        List<RunResult> clean = runs.stream().filter(r -> !r.disturbed()).toList();
        double[] v = (clean.isEmpty() ? runs : clean).stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String f(double v, int decimals) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format("%." + decimals + "f", v);
    }
}
