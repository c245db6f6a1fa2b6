package io.github.kinesisproducer.internal.engine;

import java.util.ArrayDeque;

/**
 * A stream's records held until its first shard map is known (and, with {@code record_distribution=detect}, its
 * record distribution: whether records may be aggregated at all), so that they are aggregated per shard rather than
 * only per key: up to their buffer time, and during the first {@link #FIRST_MAP_WAIT_NANOS} after the stream's first
 * use even longer (a cold JVM's first ListShards often takes longer than 100 ms, and a burst sent right after
 * {@code build()} would otherwise go out barely aggregated). Strict ordering always waits for it, so groups never
 * change under in-flight records. A flush or close ends the wait once that first second is over: "send a batch,
 * then close()" right after {@code build()} is the seed's own pattern. Sender thread only.
 */
final class FirstMapHold {
    /** How long after a stream's first use records may wait for its first shard map beyond their buffer time. */
    static final long FIRST_MAP_WAIT_NANOS = 1_000_000_000L;
    /** How often held records are looked at again when the head gives no deadline (a flush, strict ordering). */
    private static final long RECHECK_NANOS = 10_000_000L;

    private final ArrayDeque<PendingRecord> held = new ArrayDeque<>();
    private final long startNanos;
    private final long maxBufferedNanos;
    private final boolean strictOrdering;
    private boolean settled;

    FirstMapHold(long startNanos, long maxBufferedNanos, boolean strictOrdering) {
        this.startNanos = startNanos;
        this.maxBufferedNanos = maxBufferedNanos;
        this.strictOrdering = strictOrdering;
    }

    /**
     * Until when records sent now wait at least ({@code Long.MIN_VALUE}: they do not, or strict ordering, whose wait
     * has no deadline): callers use it not to wake the sender for records it would only hold.
     */
    long heldUntilNanos() {
        return settled || strictOrdering ? Long.MIN_VALUE : startNanos + FIRST_MAP_WAIT_NANOS;
    }

    /** The first shard map is known (or given up on): nothing waits for it any more. */
    void settle() {
        settled = true;
    }

    boolean settled() {
        return settled;
    }

    /** Holds {@code r} if records are held; false if it may go on at once (nothing held, map known). */
    boolean hold(PendingRecord r) {
        if (settled && held.isEmpty()) {
            return false;
        }
        held.addLast(r);
        return true;
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /**
     * True if the held records may go now.
     *
     * @param urgent a flush or close is waiting: the wait ends once the first second is over
     */
    boolean mayRelease(boolean urgent, long nowNanos) {
        if (held.isEmpty()) {
            return false;
        }
        if (settled || (urgent && nowNanos - (startNanos + FIRST_MAP_WAIT_NANOS) >= 0)) {
            return true;
        }
        return !strictOrdering && holdUntil(held.peekFirst()) <= nowNanos;
    }

    /** Sender thread: the next held record, or null. */
    PendingRecord poll() {
        return held.pollFirst();
    }

    /** When held records must be looked at again; {@code Long.MAX_VALUE}: none held. */
    long wakeNanos(boolean urgent, long nowNanos) {
        PendingRecord head = held.peekFirst();
        if (head == null || settled) {
            return Long.MAX_VALUE;
        }
        if (urgent) {
            return Math.max(nowNanos, startNanos + FIRST_MAP_WAIT_NANOS);
        }
        return strictOrdering ? nowNanos + RECHECK_NANOS : holdUntil(head);
    }

    private long holdUntil(PendingRecord r) {
        return Math.max(r.arrivalNanos + maxBufferedNanos, startNanos + FIRST_MAP_WAIT_NANOS);
    }
}
