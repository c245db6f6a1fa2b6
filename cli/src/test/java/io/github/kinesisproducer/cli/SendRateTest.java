package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** --rate-limit-records / --rate-limit-bytes on a manual clock: the time slept is the time the limit asks for. */
class SendRateTest {
    /** A clock that only moves when the limiter sleeps. */
    private static final class ManualTime implements Clock, SendRate.Sleeper {
        long now = TimeUnit.SECONDS.toNanos(100);
        long slept;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public long wallMillis() {
            return now / 1_000_000;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += nanos;
            slept += nanos;
        }
    }

    @Test
    void recordsPerSecondAfterAOneSecondAllowance() throws Exception {
        ManualTime t = new ManualTime();
        SendRate rate = new SendRate(new SendRate.Limits(10, 0), t, t);
        for (int i = 0; i < 100; i++) {
            rate.acquire(100);
        }
        // 100 records at 10/s with one second's worth (10) at once: the last one goes out 9 s after the first.
        assertThat(t.slept).isEqualTo(TimeUnit.SECONDS.toNanos(9));
    }

    @Test
    void bytesPerSecondCountsEachRecordsSizeAndTheStricterLimitWins() throws Exception {
        ManualTime t = new ManualTime();
        SendRate rate = new SendRate(new SendRate.Limits(1000, 1000), t, t);
        for (int i = 0; i < 30; i++) {
            rate.acquire(500); // 2 records/s by bytes, far below 1000 records/s
        }
        assertThat(t.slept).isEqualTo(TimeUnit.MILLISECONDS.toNanos(14_000)); // 15 s of data, 1 s allowance
    }

    @Test
    void idleTimeIsNotSavedUpBeyondTheAllowance() throws Exception {
        ManualTime t = new ManualTime();
        SendRate rate = new SendRate(new SendRate.Limits(10, 0), t, t);
        rate.acquire(1);
        t.now += TimeUnit.MINUTES.toNanos(5); // nothing to send for a while
        for (int i = 0; i < 20; i++) {
            rate.acquire(1);
        }
        assertThat(t.slept).isEqualTo(TimeUnit.SECONDS.toNanos(1)); // 10 at once, then 10 more over a second
    }

    @Test
    void optionValuesAreChecked() {
        assertThat(SendRate.Limits.parse(null, null).any()).isFalse();
        assertThat(SendRate.Limits.parse("0.5", "2MiB")).isEqualTo(new SendRate.Limits(0.5, 2 * 1024 * 1024));
        assertThatThrownBy(() -> SendRate.Limits.parse("0", null)).isInstanceOf(CliException.class)
                .hasMessageStartingWith("--rate-limit-records '0' is not valid");
        assertThatThrownBy(() -> SendRate.Limits.parse(null, "fast")).isInstanceOf(CliException.class)
                .hasMessageStartingWith("--rate-limit-bytes 'fast' is not valid");
        assertThat(SendRate.of(SendRate.Limits.NONE)).isNull();
    }
}
