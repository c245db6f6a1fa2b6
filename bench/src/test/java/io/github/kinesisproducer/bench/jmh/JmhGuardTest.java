package io.github.kinesisproducer.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhGuardTest {
    private static GuardBaseline.Entry avgt(String name, double score, double error) {
        return new GuardBaseline.Entry("a.b." + name, Map.of("size", "100"), "avgt", "ns/op", score, error);
    }

    private static GuardBaseline.Entry thrpt(double score, double error) {
        return new GuardBaseline.Entry("a.SendBench.send", Map.of("aggregation", "KPL"), "thrpt", "ops/s", score, error);
    }

    @Test
    void verdictsGoByCostPerOperationWhateverTheMode() {
        assertThat(JmhGuard.verdict(avgt("X.y", 100, 1), avgt("X.y", 150, 1)).text()).startsWith("SLOWER (50 %");
        assertThat(JmhGuard.verdict(avgt("X.y", 100, 1), avgt("X.y", 105, 1)).text()).startsWith("same");
        assertThat(JmhGuard.verdict(avgt("X.y", 100, 1), avgt("X.y", 50, 1)).text()).startsWith("faster");
        // throughput halved = twice the cost per operation
        JmhGuard.Verdict v = JmhGuard.verdict(thrpt(1000, 10), thrpt(500, 10));
        assertThat(v.ratio()).isEqualTo(0.5);
        assertThat(v.text()).startsWith("SLOWER (100 %");
        assertThat(JmhGuard.verdict(thrpt(1000, 10), thrpt(2000, 10)).text()).startsWith("faster");
    }

    @Test
    void wideErrorBarsWidenWhatCountsAsTheSame() {
        // ±30 % now and ±20 % then: 1.4x is within the noise
        assertThat(JmhGuard.verdict(avgt("X.y", 100, 20), avgt("X.y", 140, 42)).text()).startsWith("same");
    }

    @Test
    void aChangedUnitIsNotCompared() {
        GuardBaseline.Entry us = new GuardBaseline.Entry("a.b.X.y", Map.of("size", "100"), "avgt", "us/op", 1, 0);
        JmhGuard.Verdict v = JmhGuard.verdict(avgt("X.y", 100, 1), us);
        assertThat(v.ratio()).isNaN();
        assertThat(v.text()).contains("unit or mode changed");
    }

    @Test
    void theBaselineFileRoundTrips(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("b.json");
        List<GuardBaseline.Entry> entries = List.of(avgt("X.y", 402.5, 3.25), thrpt(930_000, Double.NaN),
                new GuardBaseline.Entry("a.b.Z.w", Map.of(), "avgt", "us/op", 1.5e-5, 2e-7));
        GuardBaseline.write(f, new GuardBaseline.Baseline("made \"here\"", entries));
        GuardBaseline.Baseline back = GuardBaseline.read(f);
        assertThat(back.about()).isEqualTo("made \"here\"");
        assertThat(back.entries()).hasSize(3);
        assertThat(back.entries().get(0)).isEqualTo(entries.get(0));
        assertThat(back.entries().get(1).error()).isNaN();
        assertThat(back.entries().get(2).score()).isEqualTo(1.5e-5);
        assertThat(back.entries().get(0).key()).isEqualTo("a.b.X.y size=100");
    }

    @Test
    void theComparisonListsEveryBenchmarkOnceWithItsRatio() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JmhGuard.compare(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                List.of(avgt("X.y", 100, 1), avgt("Gone.z", 5, 0)), List.of(avgt("X.y", 200, 1), avgt("New.v", 1, 0)),
                true);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).containsPattern("X\\.y\\s+size=100\\s+avgt\\s+ns/op\\s+100 ± 1%\\s+200 ± 1%\\s+2\\.00x\\s+SLOWER");
        assertThat(text).contains("not in the baseline").contains("in the baseline, not run now");
    }

    @Test
    void theCommittedBaselineReadsAndCoversEveryGuardedBenchmark() throws Exception {
        GuardBaseline.Baseline b = GuardBaseline.read(Path.of("jmh-baseline.json")); // surefire runs in bench/
        for (String pattern : JmhGuard.BENCHMARKS) {
            assertThat(b.entries()).as(pattern).anyMatch(e -> e.benchmark().matches(pattern.replace("$", "")));
        }
    }

    @Test
    void badJsonSaysWhere(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("b.json");
        Files.writeString(f, "{\"benchmarks\": [ {\"benchmark\": \"x\", } ]}");
        assertThatThrownBy(() -> GuardBaseline.read(f)).hasMessageContaining("offset");
        assertThat(MiniJson.parse(" [1, -2.5e3, \"a\\u0041\\n\", true, null, {}] "))
                .isEqualTo(java.util.Arrays.asList(1.0, -2500.0, "aA\n", true, null, Map.of()));
    }
}
