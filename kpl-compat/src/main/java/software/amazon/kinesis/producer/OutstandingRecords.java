package software.amazon.kinesis.producer;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The records added whose futures have not completed: their count ({@code getOutstandingRecordsCount}), the age of
 * the oldest ({@code getOldestRecordTimeInMillis}), and a wait until there are none ({@code flushSync}).
 *
 * <p>The oldest age costs O(1) per record, unlike a priority queue of every record (the KPL's, whose removals grow
 * with the records outstanding): records are counted in one bucket per millisecond of adding time, buckets are kept in
 * adding order, and the oldest is the first bucket whose count is not zero. A bucket is closed once empty and no longer
 * the newest (its count set to -1 by a compare-and-set, so a record can never be added to a closed bucket).
 */
final class OutstandingRecords {
    /** One record: finished once, by its result or by its timeout, whichever comes first. */
    static final class Entry {
        private static final AtomicIntegerFieldUpdater<Entry> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Entry.class, "finished");
        final long addedAtMillis;
        private final Bucket bucket;
        private volatile int finished;

        Entry(long addedAtMillis, Bucket bucket) {
            this.addedAtMillis = addedAtMillis;
            this.bucket = bucket;
        }
    }

    private static final class Bucket {
        final long millis;
        /** Records of this bucket outstanding; -1 once closed. */
        final AtomicInteger count = new AtomicInteger();

        Bucket(long millis) {
            this.millis = millis;
        }

        boolean tryAdd() {
            for (int c = count.get(); c >= 0; c = count.get()) {
                if (count.compareAndSet(c, c + 1)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final boolean trackOldest;
    private final AtomicInteger count = new AtomicInteger();
    private final ConcurrentLinkedDeque<Bucket> buckets = new ConcurrentLinkedDeque<>();
    private final Object emptied = new Object();

    /** @param trackOldest false when {@code EnableOldestFutureTracker} is off: ages are then not kept (0) */
    OutstandingRecords(boolean trackOldest) {
        this.trackOldest = trackOldest;
    }

    Entry add(long nowMillis) {
        count.incrementAndGet();
        if (!trackOldest) {
            return new Entry(nowMillis, null);
        }
        while (true) {
            Bucket newest = buckets.peekLast();
            if (newest == null || newest.millis < nowMillis) {
                Bucket fresh = new Bucket(nowMillis);
                fresh.count.set(1);
                buckets.addLast(fresh);
                trimHead();
                return new Entry(nowMillis, fresh);
            }
            // Another thread's bucket for this (or a later) millisecond: join it while it is open.
            if (newest.tryAdd()) {
                return new Entry(newest.millis, newest);
            }
        }
    }

    /** Marks the record finished; true the first time only (a timeout and a result may race). */
    boolean finish(Entry e) {
        if (!Entry.STATE.compareAndSet(e, 0, 1)) {
            return false;
        }
        if (e.bucket != null) {
            e.bucket.count.decrementAndGet();
        }
        if (count.decrementAndGet() == 0) {
            synchronized (emptied) {
                emptied.notifyAll();
            }
        }
        return true;
    }

    boolean isFinished(Entry e) {
        return e.finished != 0;
    }

    int count() {
        return count.get();
    }

    /** Buckets kept now (for tests: memory follows the span of outstanding records, not their history). */
    int buckets() {
        return buckets.size();
    }

    /** Milliseconds since the oldest outstanding record was added; 0 when there is none or ages are not kept. */
    long oldestAgeMillis(long nowMillis) {
        if (!trackOldest) {
            return 0;
        }
        trimHead();
        for (Bucket b : buckets) {
            if (b.count.get() > 0) {
                return Math.max(0, nowMillis - b.millis);
            }
        }
        return 0;
    }

    /** Closes and drops empty buckets from the oldest end, keeping the newest (records may still join it). */
    private void trimHead() {
        Bucket head;
        while ((head = buckets.peekFirst()) != null && head != buckets.peekLast()) {
            if (head.count.get() == 0 && head.count.compareAndSet(0, -1)) {
                buckets.remove(head);
            } else if (head.count.get() != -1) {
                return;
            } else {
                buckets.remove(head);
            }
        }
    }

    /** Waits up to {@code timeoutMillis} for the count to reach zero; true if it did. */
    boolean awaitEmpty(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (emptied) {
            while (count.get() > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                emptied.wait(left);
            }
        }
        return true;
    }
}
