package io.github.kinesisproducer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhaseTest {
    @Test
    void aDurationStopsSendingEarlyAndTheUnsentCountAsDone() throws Exception {
        // Paced at 1,000 records/s, record i is due at i ms: 50 ms can never send all 1,000.
        try (NullRunner runner = new NullRunner()) {
            runner.start(new RunOptions());
            Phase p = new Phase(1000, 100);
            int sent = p.run(runner, BenchData.lazy(1000, 16, 1), 1000, 1000, 50_000_000L);
            // Possibly none at all: this thread may stall 50 ms right after the phase starts (a loaded machine, a GC).
            assertThat(sent).isLessThan(1000);
            assertThat(p.await(10)).isTrue();
            assertThat(p.failed()).isZero();
            assertThat(p.duplicates()).isZero();
        }
    }

    @Test
    void withoutADurationEveryRecordIsSent() throws Exception {
        try (NullRunner runner = new NullRunner()) {
            runner.start(new RunOptions());
            Phase p = new Phase(5000, 100);
            assertThat(p.run(runner, BenchData.lazy(5000, 16, 1), 5000, 0, 0)).isEqualTo(5000);
            assertThat(p.await(10)).isTrue();
            assertThat(p.pending()).isZero();
        }
    }
}
