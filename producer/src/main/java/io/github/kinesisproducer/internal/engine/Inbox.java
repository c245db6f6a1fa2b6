package io.github.kinesisproducer.internal.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records and flush/close markers on their way from callers to the sender thread, in send order, for every stream.
 * The sender takes everything at each pass and hands records to their stream's {@link StreamLane} (which may hold
 * them for its first shard map: {@link FirstMapHold}), so that a stream still waiting never holds up the others.
 *
 * <p>{@link #offer} and {@link #count} are called by any thread; the rest by the sender thread.
 */
final class Inbox {
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong count = new AtomicLong();

    /** Any thread: a {@link PendingRecord} or an {@link Engine.Marker}. */
    void offer(Object recordOrMarker) {
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

    /** Sender thread: the next record or marker, or null. Call {@link #taken} with how many were polled. */
    Object poll() {
        return queue.poll();
    }

    /** Sender thread: {@code n} items were polled (counted once per batch: one atomic operation, not n). */
    void taken(int n) {
        if (n > 0) {
            count.addAndGet(-n);
        }
    }
}
