package io.github.kinesisproducer.cli;

/**
 * Record latencies (from hand-over to the producer until the result) for the {@code --json} summary, in constant
 * memory however many records are sent: buckets growing by 5 %, so a percentile is within 5 % of the true value.
 * Results are counted on the producer's single callback thread; reads come after, from the main thread.
 */
final class LatencyHistogram {
    private static final double GROWTH = 1.05;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    /** 1 µs to beyond 10 hours. */
    private static final int BUCKETS = 500;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long maxMicros;

    synchronized void record(long nanos) {
        long micros = Math.max(1, nanos / 1000);
        counts[bucket(micros)]++;
        total++;
        maxMicros = Math.max(maxMicros, micros);
    }

    private static int bucket(long micros) {
        return (int) Math.min(BUCKETS - 1, Math.ceil(Math.log((double) micros) / LOG_GROWTH));
    }

    synchronized long count() {
        return total;
    }

    /** The latency in milliseconds below which {@code percent} of records fall; 0 when nothing was recorded. */
    synchronized double percentileMillis(double percent) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * percent / 100.0);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                return Math.min(Math.pow(GROWTH, i), (double) maxMicros) / 1000.0;
            }
        }
        return maxMicros / 1000.0;
    }

    synchronized double maxMillis() {
        return maxMicros / 1000.0;
    }
}
