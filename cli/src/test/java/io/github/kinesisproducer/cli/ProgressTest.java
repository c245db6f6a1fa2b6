package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.ProducerMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private static final Progress.Snapshot HALFWAY =
            new Progress.Snapshot(12_345, 0, 500, 1000, 3, 2, 4567.8, 1_234_000, 12);

    @Test
    void barShowsPercentRatesInFlightRetriesAndEta() {
        String line = HALFWAY.bar(120);
        assertThat(line).startsWith("[===============>              ]  50% | 12,345 records | 4,568 rec/s | "
                + "1.23 MB/s | in flight 3 | retries 2 | ETA 0:12");
        assertThat(line.length()).isLessThan(120);
    }

    @Test
    void narrowTerminalsDropTheBarThenCutTheLine() {
        assertThat(HALFWAY.bar(90)).startsWith(" 50% | 12,345 records").doesNotContain("[");
        assertThat(HALFWAY.bar(40)).hasSize(39);
    }

    @Test
    void withoutATotalSizeThereIsNoPercentageOrEta() {
        Progress.Snapshot stdin = new Progress.Snapshot(10, 1, 500, -1, 0, 0, 5, 100, -1);
        assertThat(stdin.percent()).isEqualTo(-1);
        assertThat(stdin.plain()).isEqualTo(
                "progress: 10 records, 5.0 rec/s, 0.00 MB/s, in flight 0, retries 0, failed 1");
        assertThat(stdin.bar(120)).startsWith("10 records | ").doesNotContain("ETA");
    }

    @Test
    void plainLineForLogs() {
        assertThat(HALFWAY.plain()).isEqualTo("progress: 50%, 12,345 records, 4,568 rec/s, 1.23 MB/s, in flight 3, "
                + "retries 2, ETA 0:12");
        assertThat(new Progress.Snapshot(0, 0, 0, 1000, 0, 0, 0, 0, -1).plain()).contains("ETA --:--");
    }

    @Test
    void modesParseAndAutoFollowsTheTerminalHint() {
        assertThat(Progress.Mode.parse("Bar")).isEqualTo(Progress.Mode.BAR);
        assertThatThrownBy(() -> Progress.Mode.parse("fancy")).isInstanceOf(CliException.class);
        String before = System.getProperty(Progress.TTY_PROPERTY);
        try {
            System.setProperty(Progress.TTY_PROPERTY, "true");
            assertThat(Progress.Mode.AUTO.resolve()).isEqualTo(Progress.Mode.BAR);
            System.setProperty(Progress.TTY_PROPERTY, "false");
            assertThat(Progress.Mode.AUTO.resolve()).isEqualTo(Progress.Mode.PLAIN);
            assertThat(Progress.Mode.NONE.resolve()).isEqualTo(Progress.Mode.NONE);
        } finally {
            if (before == null) {
                System.clearProperty(Progress.TTY_PROPERTY);
            } else {
                System.setProperty(Progress.TTY_PROPERTY, before);
            }
        }
    }

    @Test
    void barModeLeavesAFinalLineAndNoneModePrintsNothing() {
        AtomicLong read = new AtomicLong(1000);
        ProducerMetrics m = new ProducerMetrics(10, 10, 0, 1, 100, 1, 0, 0, Map.of(), 0, 0, 0, 5);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        Progress.start(Progress.Mode.BAR, err, read::get, 1000, () -> m, () -> 0).close();
        assertThat(buf.toString(StandardCharsets.UTF_8)).startsWith("\r").contains("100%").contains("10 records")
                .endsWith(System.lineSeparator());

        buf.reset();
        Progress.start(Progress.Mode.NONE, err, read::get, 1000, () -> m, () -> 0).close();
        assertThat(buf.size()).isZero();
    }
}
