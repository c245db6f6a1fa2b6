package io.github.kinesisproducer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class NullRunnerTest {

    @Test
    void completesEverySendExactlyOnceOnItsOwnThread() throws Exception {
        int n = 5_000;
        AtomicIntegerArray calls = new AtomicIntegerArray(n);
        CountDownLatch all = new CountDownLatch(n);
        Thread sender = Thread.currentThread();
        boolean[] onSender = {false};
        try (NullRunner runner = new NullRunner()) {
            runner.start(new RunOptions());
            for (int i = 0; i < n; i++) {
                runner.send(i, "k", new byte[8], (index, ok) -> {
                    assertThat(ok).isTrue();
                    calls.incrementAndGet(index);
                    onSender[0] |= Thread.currentThread() == sender;
                    all.countDown();
                });
            }
            runner.flush();
            assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        }
        for (int i = 0; i < n; i++) {
            assertThat(calls.get(i)).as("record %d", i).isEqualTo(1);
        }
        assertThat(onSender[0]).isFalse();
    }
}
