package io.github.kinesisproducer.internal.engine;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds what the producer holds: bytes and records. {@code reserve} blocks when full, up to a deadline, and
 * waiting callers are served first come, first served: space freed goes to the longest waiter, and a newcomer
 * never overtakes a waiter (Kafka's BufferPool semantics, without pooling buffers).
 *
 * <p>The common case (room, nobody waiting) is two atomic adds and no lock, because {@code reserve} runs once per
 * record on the caller's thread; the lock and the queue of conditions are only used once someone has to wait.
 */
final class MemoryPool {
    private volatile long maxBytes;
    private volatile long maxRecords;
    private final AtomicLong usedBytes = new AtomicLong();
    private final AtomicLong usedRecords = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Condition> waiters = new ArrayDeque<>();
    /** Waiters' count, readable without the lock by the fast paths. */
    private volatile int waiting;

    MemoryPool(long maxBytes, long maxRecords) {
        this.maxBytes = maxBytes;
        this.maxRecords = maxRecords;
    }

    /**
     * Reserves one record of {@code bytes}; waits up to {@code maxWaitNanos}.
     *
     * @return true if reserved, false if the wait ran out
     */
    boolean reserve(int bytes, long maxWaitNanos) throws InterruptedException {
        if (waiting == 0 && tryTake(bytes)) {
            return true;
        }
        lock.lock();
        try {
            if (waiters.isEmpty() && tryTake(bytes)) {
                return true;
            }
            if (maxWaitNanos <= 0) {
                return false;
            }
            Condition me = lock.newCondition();
            waiters.addLast(me);
            waiting = waiters.size();
            long remaining = maxWaitNanos;
            try {
                while (waiters.peekFirst() != me || !tryTake(bytes)) {
                    if (remaining <= 0) {
                        return false;
                    }
                    remaining = me.awaitNanos(remaining);
                }
                return true;
            } finally {
                waiters.remove(me);
                waiting = waiters.size();
                Condition next = waiters.peekFirst();
                if (next != null) {
                    next.signal(); // the next in line may fit too
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes the limits (a stream's share of the buffer, once the producer writes to several streams). Lower limits
     * apply to the next reservations; what is held stays held.
     */
    void limits(long bytes, long records) {
        maxBytes = bytes;
        maxRecords = records;
        releaseAll(0, 0); // raised: the first waiter may fit now
    }

    long maxBytes() {
        return maxBytes;
    }

    long maxRecords() {
        return maxRecords;
    }

    /** Gives back one record's reservation. */
    void release(int bytes) {
        releaseAll(bytes, 1);
    }

    /** Gives back several records' reservations at once. */
    void releaseAll(long bytes, long records) {
        usedBytes.addAndGet(-bytes);
        usedRecords.addAndGet(-records);
        if (waiting > 0) {
            lock.lock();
            try {
                Condition first = waiters.peekFirst();
                if (first != null) {
                    first.signal();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    long usedBytes() {
        return usedBytes.get();
    }

    long usedRecords() {
        return usedRecords.get();
    }

    int waiting() {
        return waiting;
    }

    /**
     * Takes room for one record if there is some. A record larger than the byte limit still passes when nothing
     * else is held, so no valid record can wait forever.
     */
    private boolean tryTake(int bytes) {
        // Compare-and-set, never add-then-undo: the gauges must never show more than the limits, even briefly.
        long records;
        do {
            records = usedRecords.get();
            if (records >= maxRecords) {
                return false;
            }
        } while (!usedRecords.compareAndSet(records, records + 1));
        long used;
        do {
            used = usedBytes.get();
            if (used + bytes > maxBytes && used != 0) {
                usedRecords.decrementAndGet();
                return false;
            }
        } while (!usedBytes.compareAndSet(used, used + bytes));
        return true;
    }
}
