package io.github.kinesisproducer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MemoryPoolTest {

    @Test
    void reservesUpToTheLimitsAndReleases() throws Exception {
        MemoryPool pool = new MemoryPool(100, 3);
        assertThat(pool.reserve(40, 0)).isTrue();
        assertThat(pool.reserve(40, 0)).isTrue();
        assertThat(pool.reserve(40, 0)).as("bytes").isFalse();
        assertThat(pool.reserve(20, 0)).isTrue();
        assertThat(pool.reserve(0, 0)).as("records").isFalse();
        pool.releaseAll(80, 2);
        assertThat(pool.usedBytes()).isEqualTo(20);
        assertThat(pool.usedRecords()).isEqualTo(1);
        assertThat(pool.reserve(80, 0)).isTrue();
    }

    @Test
    void aRecordLargerThanTheLimitStillPassesWhenThePoolIsEmpty() throws Exception {
        MemoryPool pool = new MemoryPool(100, 10);
        assertThat(pool.reserve(500, 0)).isTrue();
        assertThat(pool.reserve(1, 0)).isFalse();
    }

    @Test
    void waitersAreServedFirstComeFirstServed_andNewcomersDoNotOvertake() throws Exception {
        MemoryPool pool = new MemoryPool(100, 100);
        assertThat(pool.reserve(100, 0)).isTrue();
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch bigWaiting = new CountDownLatch(1);
        Thread big = new Thread(() -> {
            try {
                bigWaiting.countDown();
                if (pool.reserve(80, TimeUnit.SECONDS.toNanos(5))) {
                    order.add("big");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        big.start();
        bigWaiting.await();
        while (pool.waiting() < 1) {
            Thread.onSpinWait();
        }
        Thread small = new Thread(() -> {
            try {
                if (pool.reserve(10, TimeUnit.SECONDS.toNanos(5))) {
                    // big (80) must already hold its share when small (10) gets in: it was first in line
                    order.add("small after " + pool.usedBytes());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        small.start();
        while (pool.waiting() < 2) {
            Thread.onSpinWait();
        }
        // Free 30: enough for "small" but not "big". FIFO means small must still wait behind big.
        pool.releaseAll(30, 0);
        Thread.sleep(100);
        assertThat(order).isEmpty();
        pool.releaseAll(70, 1);
        big.join();
        small.join();
        assertThat(order).containsExactlyInAnyOrder("big", "small after 90");
    }

    @Test
    void aWaiterGivesUpAfterItsDeadline() throws Exception {
        MemoryPool pool = new MemoryPool(10, 10);
        pool.reserve(10, 0);
        long start = System.nanoTime();
        assertThat(pool.reserve(5, TimeUnit.MILLISECONDS.toNanos(100))).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(90));
        assertThat(pool.waiting()).isZero();
    }
}
