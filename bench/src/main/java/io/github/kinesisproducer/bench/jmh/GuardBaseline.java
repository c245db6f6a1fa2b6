package io.github.kinesisproducer.bench.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The JMH guard's saved scores (bench/jmh-baseline.json): what {@link JmhGuard} compares a new run with. */
final class GuardBaseline {
    /** One benchmark's score; params sorted by name. */
    record Entry(String benchmark, Map<String, String> params, String mode, String unit, double score, double error) {
        Entry {
            params = new TreeMap<>(params);
        }

        /** Benchmark name and parameters: what identifies a score across runs. */
        String key() {
            return benchmark + (params.isEmpty() ? "" : " " + paramText());
        }

        String paramText() {
            StringBuilder sb = new StringBuilder();
            params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
            return sb.toString();
        }

        /** The score's relative error (the half-width of JMH's 99.9 % interval over the score), 0 when unknown. */
        double relativeError() {
            return score == 0 || Double.isNaN(error) ? 0 : Math.abs(error / score);
        }

        /** True when a larger score is better (throughput); false for time per operation. */
        boolean higherIsBetter() {
            return mode.equals("thrpt");
        }
    }

    /** @param about free text: how and where the baseline was made */
    record Baseline(String about, List<Entry> entries) {
    }

    private GuardBaseline() {
    }

    static Baseline read(Path file) throws IOException {
        Object root = MiniJson.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (!(root instanceof Map<?, ?> m) || !(m.get("benchmarks") instanceof List<?> list)) {
            throw new IllegalArgumentException(file + ": expected an object with a \"benchmarks\" array");
        }
        List<Entry> entries = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> b)) {
                throw new IllegalArgumentException(file + ": a benchmark entry is not an object");
            }
            Map<String, String> params = new TreeMap<>();
            if (b.get("params") instanceof Map<?, ?> p) {
                p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
            }
            entries.add(new Entry(text(file, b, "benchmark"), params, text(file, b, "mode"), text(file, b, "unit"),
                    number(file, b, "score"), b.get("error") instanceof Double d ? d : Double.NaN));
        }
        return new Baseline(m.get("about") == null ? "" : String.valueOf(m.get("about")), entries);
    }

    private static String text(Path file, Map<?, ?> m, String field) {
        if (!(m.get(field) instanceof String s)) {
            throw new IllegalArgumentException(file + ": benchmark entry without \"" + field + "\"");
        }
        return s;
    }

    private static double number(Path file, Map<?, ?> m, String field) {
        if (!(m.get(field) instanceof Double d)) {
            throw new IllegalArgumentException(file + ": benchmark entry without a number \"" + field + "\"");
        }
        return d;
    }

    static void write(Path file, Baseline b) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"about\": ").append(quote(b.about())).append(",\n  \"benchmarks\": [\n");
        for (int i = 0; i < b.entries().size(); i++) {
            Entry e = b.entries().get(i);
            sb.append("    {\"benchmark\": ").append(quote(e.benchmark())).append(", \"params\": {");
            int j = 0;
            for (Map.Entry<String, String> p : e.params().entrySet()) {
                sb.append(j++ == 0 ? "" : ", ").append(quote(p.getKey())).append(": ").append(quote(p.getValue()));
            }
            sb.append("}, \"mode\": ").append(quote(e.mode())).append(", \"unit\": ").append(quote(e.unit()))
                    .append(", \"score\": ").append(num(e.score())).append(", \"error\": ").append(num(e.error()))
                    .append(i + 1 < b.entries().size() ? "},\n" : "}\n");
        }
        sb.append("  ]\n}\n");
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
