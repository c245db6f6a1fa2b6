package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.Clock;
import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.ConfigFile;

/**
 * {@code --rate-limit-records} and {@code --rate-limit-bytes}: a cap on the whole send, applied before records are
 * handed to the producer (whose own limit is per shard). Each record is due one record-interval and its size in
 * byte-intervals after the previous one, whichever is longer; up to one second of allowance may be used at once.
 */
final class SendRate {
    /** Sleeps; tests record the time instead. */
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    /** Limits per second; 0 = none. */
    record Limits(double recordsPerSecond, double bytesPerSecond) {
        static final Limits NONE = new Limits(0, 0);

        boolean any() {
            return recordsPerSecond > 0 || bytesPerSecond > 0;
        }

        static Limits parse(String records, String bytes) {
            double r = 0;
            double b = 0;
            if (records != null) {
                try {
                    r = Double.parseDouble(records.strip());
                } catch (NumberFormatException e) {
                    r = -1;
                }
                if (!(r > 0) || Double.isInfinite(r)) {
                    throw CliException.usage("--rate-limit-records '" + records + "' is not valid; allowed: records "
                            + "per second, more than 0 (e.g. 500 or 0.5)");
                }
            }
            if (bytes != null) {
                try {
                    b = ConfigFile.parseBytes("--rate-limit-bytes", bytes);
                } catch (ConfigException e) {
                    b = -1;
                }
                if (b < 1) {
                    throw CliException.usage("--rate-limit-bytes '" + bytes + "' is not valid; allowed: bytes per "
                            + "second, at least 1, optionally with KiB, MiB or GiB (e.g. 512KiB)");
                }
            }
            return new Limits(r, b);
        }
    }

    private static final long BURST_NANOS = 1_000_000_000L;

    private final Limits limits;
    private final Clock clock;
    private final Sleeper sleeper;
    /** When the allowance runs out: the time the last record admitted was due. */
    private long due;
    private boolean started;

    SendRate(Limits limits, Clock clock, Sleeper sleeper) {
        this.limits = limits;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    static SendRate of(Limits limits) {
        return limits.any() ? new SendRate(limits, Clock.SYSTEM, n -> java.util.concurrent.TimeUnit.NANOSECONDS
                .sleep(n)) : null;
    }

    /** Waits until a record of {@code bytes} may go. */
    void acquire(int bytes) throws InterruptedException {
        long now = clock.nanoTime();
        if (!started) {
            started = true;
            due = now - BURST_NANOS;
        }
        double seconds = Math.max(limits.recordsPerSecond > 0 ? 1 / limits.recordsPerSecond : 0,
                limits.bytesPerSecond > 0 ? bytes / limits.bytesPerSecond : 0);
        due = Math.max(due, now - BURST_NANOS) + (long) (seconds * 1e9);
        long wait = due - now;
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
    }
}
