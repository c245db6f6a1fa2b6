package io.github.kinesisproducer.bench;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One send phase (warm-up or timed): bounds outstanding records and records send→ack latency per record.
 *
 * <p>When the bound is reached the sending thread sleeps until a twentieth of it has drained, instead of waking for
 * every single acknowledgement (a semaphore did that: one futex wake-up per record, which cost the harness more CPU than
 * some producers under test spend per record, and was counted as theirs).
 */
final class Phase implements ProducerDriver.Completion {
    private final long[] sentNs;
    private final long[] latencyNs;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final int maxOutstanding;
    private final int resumeAt;
    private volatile Thread waiting;
    private final CountDownLatch remaining;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    Phase(int records, int maxOutstanding) {
        sentNs = new long[records];
        latencyNs = new long[records];
        Arrays.fill(latencyNs, -1);
        this.maxOutstanding = maxOutstanding;
        this.resumeAt = maxOutstanding - Math.max(1, maxOutstanding / 20);
        remaining = new CountDownLatch(records);
    }

    void run(ProducerDriver driver, BenchData data, int records) throws Exception {
        run(driver, data, records, 0, 0);
    }

    /**
     * Sends records 0..records-1 (or fewer: see durationNanos) and returns how many it sent.
     *
     * @param rate          records per second to pace the sends at (open loop, so latency is not hidden); 0 = unpaced
     * @param durationNanos stop sending after this long, 0 = never; records not sent count as done for {@link #await}
     */
    int run(ProducerDriver driver, BenchData data, int records, int rate, long durationNanos) throws Exception {
        int n = data.count();
        long start = System.nanoTime();
        double interval = rate > 0 ? 1e9 / rate : 0;
        int sent = 0;
        for (int i = 0; i < records; i++) {
            if (rate > 0) {
                long due = start + (long) (i * interval);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            if (durationNanos > 0 && System.nanoTime() - start >= durationNanos) {
                break;
            }
            if (outstanding.get() >= maxOutstanding) {
                awaitRoom();
            }
            outstanding.incrementAndGet();
            sentNs[i] = System.nanoTime();
            driver.send(i, data.key(i % n), data.data(i % n), this);
            sent++;
        }
        driver.flush();
        for (int i = sent; i < records; i++) {
            remaining.countDown();
        }
        return sent;
    }

    private void awaitRoom() throws InterruptedException {
        waiting = Thread.currentThread();
        try {
            while (outstanding.get() > resumeAt) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            waiting = null;
        }
    }

    @Override
    public void done(int index, boolean ok) {
        long now = System.nanoTime();
        if (latencyNs[index] >= 0) {
            duplicates.incrementAndGet();
            return;
        }
        latencyNs[index] = now - sentNs[index];
        if (!ok) {
            failed.incrementAndGet();
        }
        int left = outstanding.decrementAndGet();
        Thread w = waiting;
        if (w != null && left <= resumeAt) {
            LockSupport.unpark(w); // waiting is set before the count is checked, so this wake-up cannot be lost
        }
        remaining.countDown();
    }

    boolean await(long seconds) throws InterruptedException {
        return remaining.await(seconds, TimeUnit.SECONDS);
    }

    long failed() {
        return failed.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long pending() {
        return remaining.getCount();
    }

    /** Latency percentiles in microseconds: {p50, p99, p99.9, max}. */
    long[] percentilesMicros() {
        long[] done = Arrays.stream(latencyNs).filter(v -> v >= 0).sorted().toArray();
        if (done.length == 0) {
            return new long[] {-1, -1, -1, -1};
        }
        return new long[] {pick(done, 0.50), pick(done, 0.99), pick(done, 0.999), done[done.length - 1] / 1000};
    }

    private static long pick(long[] sorted, double q) {
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1000;
    }
}
