package io.github.kinesisproducer.cli;

import java.time.Duration;
import java.util.Locale;

/** Number and time formatting shared by progress lines, summaries and the demo (fixed locale: stable output). */
final class Format {
    private Format() {
    }

    /** {@code 12345} → {@code 12,345}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 850 ms}, {@code 1.2 s}, {@code 2 min 03 s}. */
    static String duration(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long s = millis / 1000;
        return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }

    /** A countdown as on a clock: {@code 0:07}, {@code 12:30}, {@code 1:02:03}. */
    static String clock(long seconds) {
        long s = Math.max(0, seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Decimal megabytes, as network speeds are usually given: {@code 1.70 MB}. */
    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1_000_000.0);
    }

    /** Per second over {@code elapsed}; 0 when no time has passed. */
    static double perSecond(double amount, Duration elapsed) {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : amount / seconds;
    }

    static String rate(double perSecond, String unit) {
        return String.format(Locale.ROOT, perSecond >= 100 ? "%,.0f %s/s" : "%.1f %s/s", perSecond, unit);
    }

    /** Binary megabytes per second, as Kinesis's limits are given (1 MiB/s per shard): {@code 1.18 MiB/s}. */
    static String mebibytesPerSecond(double bytesPerSecond) {
        return String.format(Locale.ROOT, "%.2f MiB/s", bytesPerSecond / (1024.0 * 1024.0));
    }

    static String decimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
