package io.github.kinesisproducer.bench;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** One send phase (warm-up or timed): bounds outstanding records and records send→ack latency per record. */
final class Phase implements ProducerDriver.Completion {
    private final long[] sentNs;
    private final long[] latencyNs;
    private final Semaphore outstanding;
    private final CountDownLatch remaining;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    Phase(int records, int maxOutstanding) {
        sentNs = new long[records];
        latencyNs = new long[records];
        Arrays.fill(latencyNs, -1);
        outstanding = new Semaphore(maxOutstanding);
        remaining = new CountDownLatch(records);
    }

    void run(ProducerDriver driver, BenchData data, int records) throws Exception {
        run(driver, data, records, 0);
    }

    /** @param rate records per second to pace the sends at (open loop, so latency is not hidden); 0 = unpaced */
    void run(ProducerDriver driver, BenchData data, int records, int rate) throws Exception {
        int n = data.count();
        long start = System.nanoTime();
        double interval = rate > 0 ? 1e9 / rate : 0;
        for (int i = 0; i < records; i++) {
            if (rate > 0) {
                long due = start + (long) (i * interval);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
            outstanding.acquire();
            sentNs[i] = System.nanoTime();
            driver.send(i, data.keys[i % n], data.data[i % n], this);
        }
        driver.flush();
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
        outstanding.release();
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
