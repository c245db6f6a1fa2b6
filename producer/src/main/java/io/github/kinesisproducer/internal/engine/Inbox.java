package io.github.kinesisproducer.internal.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records and flush/close markers on their way from callers to the sender thread, in send order, and the rule for
 * when the sender may take them before the first shard map is known.
 *
 * <p>Before the first shard map arrives (and, with {@code record_distribution=detect}, the stream's record
 * distribution: whether records may be aggregated at all), records wait here for it, so they can be aggregated per
 * shard rather than only per key: up to their buffer time, and during the first {@link #FIRST_MAP_WAIT_NANOS} after start even longer
 * (a cold JVM's first ListShards often takes longer than 100 ms, and a burst sent right after {@code build()} would
 * otherwise go out barely aggregated). Strict ordering always waits for it, so groups never change under in-flight
 * records. Flush and close markers end the wait once that first second is over: "send a batch, then close()" right
 * after {@code build()} is the seed's own pattern, and ending the wait at once sent it aggregated only per key.
 *
 * <p>{@link #offer} is called by any thread; everything else by the sender thread, except {@link #count} and
 * {@link #heldUntilNanos}, which callers read to decide whether to wake the sender.
 */
final class Inbox {
    /** How long after start records may wait for the first shard map beyond their buffer time. */
    static final long FIRST_MAP_WAIT_NANOS = 1_000_000_000L;
    /** How often a held inbox is looked at again when its head gives no deadline (a marker, strict ordering). */
    private static final long RECHECK_NANOS = 10_000_000L;

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong count = new AtomicLong();
    /** Flush/close markers in the queue: they end the wait for the first shard map. */
    private final AtomicInteger markers = new AtomicInteger();
    private final long startNanos;
    private final long maxBufferedNanos;
    private final boolean strictOrdering;
    /**
     * Until when new records wait for the first shard map; {@code Long.MIN_VALUE} once it is known. Read by callers
     * so they do not wake the sender for records it would only put back to sleep.
     */
    private volatile long heldUntilNanos;

    Inbox(long startNanos, long maxBufferedNanos, boolean strictOrdering) {
        this.startNanos = startNanos;
        this.maxBufferedNanos = maxBufferedNanos;
        this.strictOrdering = strictOrdering;
        this.heldUntilNanos = strictOrdering ? Long.MIN_VALUE : startNanos + FIRST_MAP_WAIT_NANOS;
    }

    /** Any thread: a {@link PendingRecord} or an {@link Engine.Marker}. */
    void offer(Object recordOrMarker) {
        if (recordOrMarker instanceof Engine.Marker) {
            markers.incrementAndGet();
        }
        count.incrementAndGet();
        queue.add(recordOrMarker);
    }

    /** Records and markers offered and not yet taken (approximate while callers offer). */
    long count() {
        return count.get();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Records sent now wait at least until then for the first shard map ({@code Long.MIN_VALUE}: they do not). */
    long heldUntilNanos() {
        return heldUntilNanos;
    }

    /** The first shard map is known (or given up on): nothing waits for it any more. */
    void shardMapSettled() {
        if (heldUntilNanos != Long.MIN_VALUE) {
            heldUntilNanos = Long.MIN_VALUE;
        }
    }

    /** True if the sender may take what is queued now. */
    boolean mayDrain(boolean shardMapSettled, long nowNanos) {
        if (shardMapSettled || (markers.get() > 0 && nowNanos - (startNanos + FIRST_MAP_WAIT_NANOS) >= 0)) {
            return true;
        }
        if (strictOrdering) {
            return false;
        }
        return !(queue.peek() instanceof PendingRecord r) || holdUntil(r) <= nowNanos;
    }

    /** When the sender must look again at records held for the first shard map; {@code Long.MAX_VALUE}: none held. */
    long heldWakeNanos(boolean shardMapSettled, long nowNanos) {
        Object head = queue.peek();
        if (head == null || shardMapSettled) {
            return Long.MAX_VALUE;
        }
        if (strictOrdering || !(head instanceof PendingRecord r)) {
            return nowNanos + RECHECK_NANOS;
        }
        return holdUntil(r);
    }

    private long holdUntil(PendingRecord r) {
        return Math.max(r.arrivalNanos + maxBufferedNanos, startNanos + FIRST_MAP_WAIT_NANOS);
    }

    /** Sender thread: the next record or marker, or null. Call {@link #taken} with how many were polled. */
    Object poll() {
        Object o = queue.poll();
        if (o instanceof Engine.Marker) {
            markers.decrementAndGet();
        }
        return o;
    }

    /** Sender thread: {@code n} items were polled (counted once per batch: one atomic operation, not n). */
    void taken(int n) {
        if (n > 0) {
            count.addAndGet(-n);
        }
    }
}
