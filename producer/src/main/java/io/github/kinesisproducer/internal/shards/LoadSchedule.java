package io.github.kinesisproducer.internal.shards;

/**
 * When to call Kinesis for something the producer keeps loaded (the shard map, the stream's summary): at once at
 * start, again when asked (at most once per {@link #MIN_INTERVAL_NANOS}), after a failure with backoff (1 s × 1.5 up
 * to 30 s, as the KPL), and, if a period is given, that long after each success. One call at a time. Sender thread
 * only; the owner reports each call's outcome.
 */
final class LoadSchedule {
    static final long MIN_INTERVAL_NANOS = 1_000_000_000L;
    static final long MAX_RETRY_NANOS = 30_000_000_000L;

    private final long periodNanos;
    private boolean loading;
    private boolean wanted = true;
    /** The last call failed: its retry waits out the backoff even if a load is asked for meanwhile. */
    private boolean backingOff;
    private long notBeforeNanos = Long.MIN_VALUE;
    private long lastStartNanos = Long.MIN_VALUE / 2;
    private long retryNanos = MIN_INTERVAL_NANOS;

    /** @param periodNanos how long after a success to load again; {@code Long.MAX_VALUE} for only when asked */
    LoadSchedule(long periodNanos) {
        this.periodNanos = periodNanos;
    }

    /** True (and the call counts as started) if a call is wanted, due, and none is running. */
    boolean startIfDue(long nowNanos) {
        if (wanted && !loading && nowNanos >= notBeforeNanos) {
            loading = true;
            wanted = false;
            lastStartNanos = nowNanos;
            return true;
        }
        return false;
    }

    /** Load again soon: at once, or one minimum interval after the last call started; never sooner than a backoff. */
    void request(long nowNanos) {
        long earliest = Math.max(nowNanos, lastStartNanos + MIN_INTERVAL_NANOS);
        if (!wanted) {
            wanted = true;
            notBeforeNanos = earliest;
        } else if (!backingOff) {
            notBeforeNanos = Math.min(notBeforeNanos, earliest);
        }
    }

    void succeeded(long nowNanos) {
        loading = false;
        backingOff = false;
        retryNanos = MIN_INTERVAL_NANOS;
        if (periodNanos != Long.MAX_VALUE && !wanted) {
            wanted = true;
            notBeforeNanos = nowNanos + periodNanos;
        }
    }

    /** The call failed: try again after the backoff, which grows with each failure in a row. Returns the delay. */
    long failed(long nowNanos) {
        long delay = retryNanos;
        retryNanos = Math.min(MAX_RETRY_NANOS, retryNanos * 3 / 2);
        failedFor(nowNanos, delay);
        return delay;
    }

    /** The call failed in a way a quick retry will not change: try again after {@code delayNanos}. */
    void failedFor(long nowNanos, long delayNanos) {
        loading = false;
        wanted = true;
        backingOff = true;
        notBeforeNanos = nowNanos + delayNanos;
    }

    boolean loading() {
        return loading;
    }

    /** When {@link #startIfDue} next has work, or {@code Long.MAX_VALUE}. */
    long nextWakeNanos() {
        return wanted && !loading ? notBeforeNanos : Long.MAX_VALUE;
    }
}
