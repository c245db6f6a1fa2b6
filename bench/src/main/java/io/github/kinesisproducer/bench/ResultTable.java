package io.github.kinesisproducer.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Prints the e2e results as one table, plus ratios against the KPL (medians over undisturbed runs). */
final class ResultTable {
    private ResultTable() {
    }

    static void print(PrintStream out, List<RunResult> runs, boolean decode) {
        String fmt = "%-12s %8s %9s %7s %22s %22s %8s %8s %8s %9s %7s %s%n";
        out.printf(fmt, "prod", "wall s", "rec/s", "MB/s", "CPU-s/M (jvm+native)", "peak RSS MiB (jvm+nat)",
                "data MiB", "p50 ms", "p99 ms", "sink CPU", "other%", "check");
        for (RunResult r : runs) {
            if (!r.hasResult()) {
                out.printf("%-12s FAILED (exit %d, no result)%n", r.producer, r.exitCode);
                continue;
            }
            String check = r.ok(decode) ? "ok" : "FAIL(failed=" + (long) r.num("failed") + ",pending="
                    + (long) r.num("pending") + ",sinkUser=" + (long) r.num("sink.userRecords") + ")";
            if (r.disturbed()) {
                check += " DISTURBED by " + r.raw.getOrDefault("topOthersMs", "?");
            }
            out.printf(fmt, r.producer + "/" + r.raw.getOrDefault("transport", "?"), f(r.wallS(), 2), f(r.recordsPerSecond(), 0), f(r.megabytesPerSecond(), 2),
                    f(r.cpuPerMillion(), 1) + " (" + f(r.jvmCpuPerMillion(), 1) + "+" + f(r.helperCpuPerMillion(), 1) + ")",
                    f(r.rssMib(), 0) + " (" + f(r.jvmRssMib(), 0) + "+" + f(r.helperRssMib(), 0) + ")",
                    f(r.baseRssMib(), 0), f(r.p50Ms(), 1), f(r.p99Ms(), 1), f(r.sinkCpuPerMillion(), 1),
                    f(100 * r.otherLoad(), 1), check);
        }
        out.println("CPU-s/M = CPU seconds per million records over the timed window (producer JVM + KPL daemon);"
                + " peak RSS = VmHWM; data MiB = JVM RSS after generating the test data (included in peak RSS);");
        out.println("sink CPU = the sink's CPU-s per million; other% = CPU of all other processes as % of one core"
                + " (DISTURBED above " + (int) (100 * RunResult.OTHER_LOAD_LIMIT) + " %: rerun).");
        List<RunResult> kpl = runs.stream().filter(r -> r.producer.equals("kpl") && r.ok(decode)).toList();
        if (kpl.isEmpty()) {
            return;
        }
        out.println();
        out.println("ratios vs the KPL (medians of undisturbed ok runs; >1 = more than the KPL):");
        String rf = "%-6s %8s %8s %8s %8s %8s%n";
        out.printf(rf, "prod", "rec/s", "CPU/M", "RSS", "p50", "p99");
        for (String p : runs.stream().map(r -> r.producer).distinct().toList()) {
            List<RunResult> mine = runs.stream().filter(r -> r.producer.equals(p) && r.ok(decode)).toList();
            if (mine.isEmpty() || p.equals("kpl")) {
                continue;
            }
            out.printf(rf, p, ratio(mine, kpl, RunResult::recordsPerSecond), ratio(mine, kpl, RunResult::cpuPerMillion),
                    ratio(mine, kpl, RunResult::rssMib), ratio(mine, kpl, RunResult::p50Ms),
                    ratio(mine, kpl, RunResult::p99Ms));
        }
    }

    private static String ratio(List<RunResult> a, List<RunResult> b, ToDoubleFunction<RunResult> f) {
        return f(median(a, f) / median(b, f), 2) + "x";
    }

    static double median(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
        List<RunResult> clean = runs.stream().filter(r -> !r.disturbed()).toList();
        double[] v = (clean.isEmpty() ? runs : clean).stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String f(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format("%." + decimals + "f", v);
    }
}
