package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.Clock;
import io.github.kinesisproducer.ProducerMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    /** Half the input read; half of what was read delivered: a quarter of the whole. */
    private static final Progress.Snapshot QUARTER =
            new Progress.Snapshot(12_345, 0, 24_690, false, 500, 1000, 3, 2, 4567.8, 1_234_000, 12);

    private record Fixed(long recordsRead, long succeeded, long failed, boolean readingFinished)
            implements Progress.Counts {
    }

    private static final ProducerMetrics NO_METRICS =
            new ProducerMetrics(0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0);

    @Test
    void barShowsDeliveredPercentRatesInFlightRetriesAndEta() {
        String line = QUARTER.bar(120);
        assertThat(line).startsWith("[=======>                      ]  25% | 12,345 sent | 4,568 rec/s | "
                + "1.18 MiB/s | in flight 3 | retries 2 | ETA 0:12");
        assertThat(line.length()).isLessThan(120);
    }

    @Test
    void theBarAlwaysFitsTheTerminalAndKeepsWhatMattersMost() {
        // The widest line there can be: large counts, failures, records waited for, an hour-long ETA.
        Progress.Snapshot busy = new Progress.Snapshot(123_456_789, 1_234_567, 200_000_000, true, 1000, 1000, 256,
                9_876_543, 123_456.7, 987_654_321, 45_296);
        Progress.Snapshot typical = new Progress.Snapshot(1_234_567, 0, 2_000_000, false, 600, 1000, 4, 12, 45_678.9,
                12_345_678, 83);
        for (int columns : new int[] {60, 80, 100}) {
            for (Progress.Snapshot s : new Progress.Snapshot[] {busy, typical, QUARTER}) {
                String line = s.bar(columns);
                assertThat(line.length()).as("%d columns: %s", columns, line).isLessThan(columns);
                assertThat(line).as("%d columns", columns).contains(" sent").contains("ETA ");
            }
            assertThat(busy.bar(columns)).contains("1,234,567 failed");
            assertThat(typical.bar(columns)).as("%d columns", columns).contains("rec/s").contains("MiB/s")
                    .contains("ETA 1:23");
        }
        assertThat(typical.bar(100)).as("the long form while it fits").contains("in flight 4").contains("retries 12");
        assertThat(typical.bar(60)).isEqualTo("37% 1,234,567 sent 45,679 rec/s 11.77MiB/s fl 4 ETA 1:23");
    }

    @Test
    void thePercentageFollowsDeliveryNotReading() {
        // The tester's case: 57 % of the file read into the producer's buffer, 6.5 % of the records delivered.
        Progress.Snapshot buffered = new Progress.Snapshot(6_500, 0, 57_000, false, 570, 1000, 5, 0, 0, 0, -1);
        assertThat(buffered.percent()).isEqualTo(6);
        // Failed records are delivered too: they will not be sent again.
        assertThat(new Progress.Snapshot(50, 50, 100, true, 1000, 1000, 0, 0, 0, 0, 0).percent()).isEqualTo(100);
    }

    @Test
    void onceAllInputIsReadTheLineSaysHowManyRecordsItWaitsFor() {
        Progress.Snapshot outage = new Progress.Snapshot(23_000, 0, 200_000, true, 1000, 1000, 8, 40, 0, 0, -1);
        assertThat(outage.percent()).isEqualTo(11);
        assertThat(outage.plain()).isEqualTo("progress: 11%, 23,000 sent, 0.0 rec/s, 0.00 MiB/s, all input read, "
                + "waiting for 177,000 records, in flight 8, retries 40, ETA --:--");
        assertThat(outage.bar(200)).doesNotContain("100%");

        Progress.Snapshot done = new Progress.Snapshot(200_000, 0, 200_000, true, 1000, 1000, 0, 40, 0, 0, 0);
        assertThat(done.plain()).startsWith("progress: 100%").doesNotContain("waiting");
    }

    @Test
    void withoutATotalSizeThereIsNoPercentageOrEtaUntilAllInputIsRead() {
        Progress.Snapshot stdin = new Progress.Snapshot(10, 1, 20, false, 500, -1, 0, 0, 5, 100, -1);
        assertThat(stdin.percent()).isEqualTo(-1);
        assertThat(stdin.plain()).isEqualTo(
                "progress: 10 sent, failed 1, 5.0 rec/s, 0.00 MiB/s, in flight 0, retries 0");
        assertThat(stdin.bar(120)).startsWith("10 sent | ").doesNotContain("ETA");

        Progress.Snapshot stdinRead = new Progress.Snapshot(10, 0, 20, true, 500, -1, 0, 0, 5, 100, 2);
        assertThat(stdinRead.percent()).isEqualTo(50);
        assertThat(stdinRead.plain()).contains("waiting for 10 records").contains("ETA 0:02");
    }

    @Test
    void plainLineForLogs() {
        assertThat(QUARTER.plain()).isEqualTo("progress: 25%, 12,345 sent, 4,568 rec/s, 1.18 MiB/s, in flight 3, "
                + "retries 2, ETA 0:12");
        assertThat(new Progress.Snapshot(0, 0, 0, false, 0, 1000, 0, 0, 0, 0, -1).plain()).contains("ETA --:--");
    }

    @Test
    void theEtaComesFromTheDeliveryRateEvenWhenAllInputIsRead() {
        AtomicLong put = new AtomicLong();
        Progress.Counts counts = new Progress.Counts() {
            @Override
            public long recordsRead() {
                return 1000;
            }

            @Override
            public long succeeded() {
                return put.get();
            }

            @Override
            public long failed() {
                return 0;
            }

            @Override
            public boolean readingFinished() {
                return true;
            }
        };
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        Clock manual = new Clock() {
            @Override
            public long nanoTime() {
                return nanos.get();
            }

            @Override
            public long wallMillis() {
                return nanos.get() / 1_000_000;
            }
        };
        try (Progress p = Progress.start(Progress.Mode.NONE, new PrintStream(buf, true, StandardCharsets.UTF_8),
                () -> 1000, 1000, () -> NO_METRICS, counts, manual)) {
            nanos.addAndGet(500_000_000L);
            put.set(250);
            Progress.Snapshot s = p.sample();
            // 250 records in 0.5 s: the 750 left take 1.5 s more, shown rounded up (reading alone would say 0).
            assertThat(s.etaSeconds()).isEqualTo(2);
            assertThat(s.percent()).isEqualTo(25);
        }
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
    void barModeLeavesOneFinalLineEvenWhenClosedTwiceAndNoneModePrintsNothing() {
        AtomicLong read = new AtomicLong(1000);
        ProducerMetrics m = new ProducerMetrics(10, 10, 0, 1, 100, 1, 0, 0, Map.of(), 0, 0, 0, 5);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        Progress bar = Progress.start(Progress.Mode.BAR, err, read::get, 1000, () -> m, new Fixed(10, 10, 0, true));
        bar.close();
        bar.close(); // the Ctrl-C hook and the main thread may both close it
        assertThat(buf.toString(StandardCharsets.UTF_8)).startsWith("\r").contains("100%").contains("10 sent")
                .endsWith(System.lineSeparator());
        String drawn = buf.toString(StandardCharsets.UTF_8);
        assertThat(drawn.indexOf("100%")).as("drawn once").isEqualTo(drawn.lastIndexOf("100%"));

        buf.reset();
        Progress.start(Progress.Mode.NONE, err, read::get, 1000, () -> m, new Fixed(10, 10, 0, true)).close();
        assertThat(buf.size()).isZero();
    }
}
