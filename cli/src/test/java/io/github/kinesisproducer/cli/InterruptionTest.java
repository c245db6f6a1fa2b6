package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Ctrl-C hook and the main thread: one complete report, printed before the JVM may halt. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InterruptionTest {

    @Test
    void theHookReturnsOnlyOnceTheMainThreadHasPrintedItsReport() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicInteger hookReports = new AtomicInteger();
        Interruption ctrlC = Interruption.install(stopped::countDown, hookReports::incrementAndGet,
                Duration.ofSeconds(10));
        Thread hook = new Thread(ctrlC::onSignal);
        hook.start();
        try {
            stopped.await(); // the send is stopped: the main thread now reports
            assertThat(ctrlC.happened()).isTrue();
            assertThat(ctrlC.claimReport()).isTrue();
            Thread.sleep(300); // printing the summary
            assertThat(hook.isAlive()).as("the JVM would halt mid-summary if the hook returned now").isTrue();
        } finally {
            ctrlC.done();
        }
        hook.join(5_000);
        assertThat(hook.isAlive()).isFalse();
        assertThat(hookReports).hasValue(0);
    }

    @Test
    void whenTheMainThreadIsStuckReadingTheHookReportsInsteadAndOnlyOnce() {
        AtomicInteger hookReports = new AtomicInteger();
        Interruption ctrlC = Interruption.install(() -> { }, hookReports::incrementAndGet, Duration.ofMillis(200));
        try {
            ctrlC.onSignal(); // nobody reports within 200 ms
            assertThat(hookReports).hasValue(1);
            assertThat(ctrlC.claimReport()).as("the main thread, unblocked later, must not report again").isFalse();
        } finally {
            ctrlC.done();
        }
    }

    @Test
    void withoutASignalTheMainThreadReportsAndTheHookIsRemoved() {
        Interruption ctrlC = Interruption.install(() -> { }, () -> { }, Duration.ofMillis(200));
        assertThat(ctrlC.happened()).isFalse();
        assertThat(ctrlC.claimReport()).isTrue();
        ctrlC.done();
        ctrlC.done(); // idempotent
    }
}
