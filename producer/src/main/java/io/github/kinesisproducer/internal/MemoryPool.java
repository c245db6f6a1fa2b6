package io.github.kinesisproducer.internal;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds what the producer holds: bytes and records. {@code reserve} blocks when full, up to a deadline, and
 * waiting callers are served first come, first served: space freed goes to the longest waiter, and a newcomer
 * never overtakes a waiter (Kafka's BufferPool semantics, without pooling buffers).
 */
final class MemoryPool {
    private final long maxBytes;
    private final long maxRecords;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Condition> waiters = new ArrayDeque<>();
    private long usedBytes;
    private long usedRecords;

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
        lock.lock();
        try {
            if (waiters.isEmpty() && fits(bytes)) {
                take(bytes);
                return true;
            }
            if (maxWaitNanos <= 0) {
                return false;
            }
            Condition me = lock.newCondition();
            waiters.addLast(me);
            long remaining = maxWaitNanos;
            try {
                while (waiters.peekFirst() != me || !fits(bytes)) {
                    if (remaining <= 0) {
                        return false;
                    }
                    remaining = me.awaitNanos(remaining);
                }
                take(bytes);
                return true;
            } finally {
                waiters.remove(me);
                Condition next = waiters.peekFirst();
                if (next != null) {
                    next.signal(); // the next in line may fit too
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives back one record's reservation. */
    void release(int bytes) {
        releaseAll(bytes, 1);
    }

    /** Gives back several records' reservations at once. */
    void releaseAll(long bytes, long records) {
        lock.lock();
        try {
            usedBytes -= bytes;
            usedRecords -= records;
            Condition first = waiters.peekFirst();
            if (first != null) {
                first.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    long usedBytes() {
        lock.lock();
        try {
            return usedBytes;
        } finally {
            lock.unlock();
        }
    }

    long usedRecords() {
        lock.lock();
        try {
            return usedRecords;
        } finally {
            lock.unlock();
        }
    }

    int waiting() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    private boolean fits(int bytes) {
        return usedRecords < maxRecords && (usedBytes + bytes <= maxBytes || usedBytes == 0);
    }

    private void take(int bytes) {
        usedBytes += bytes;
        usedRecords++;
    }
}
