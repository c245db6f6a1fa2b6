package io.github.kinesisproducer.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * Ctrl-C or SIGTERM during a send. The JVM halts as soon as its shutdown hooks return, so the hook must not return
 * before the final report is printed, and exactly one thread may print it:
 *
 * <ol>
 *   <li>the hook stops the send ({@code stop}: a bounded close of the producer), which also ends the main thread's
 *       send loop or flush wait;
 *   <li>the main thread then {@linkplain #claimReport claims} the report, prints it and calls {@link #done};
 *   <li>the hook waits for that, bounded: if the main thread is stuck (blocked reading a pipe that never ends), the
 *       hook claims the report and prints it itself ({@code reportInstead});
 *   <li>the hook then ends the JVM with {@link ExitCode#INTERRUPTED} (130), for SIGTERM too, so that scripts see one
 *       code for "interrupted" (the JVM would otherwise exit with 143 for SIGTERM).
 * </ol>
 */
final class Interruption {
    /**
     * How the hook ends the JVM once the report is out: {@code Runtime::halt} in the real command ({@link Main#main}
     * sets it), nothing in tests, which run commands in-process and call {@link #onSignal} themselves. Halting inside
     * a hook is what sets the exit code; every resource of ours is closed by then (the stop action closes them).
     */
    static volatile IntConsumer exitAfterSignal = code -> { };

    private final Runnable stop;
    private final Runnable reportInstead;
    private final Duration reportWait;
    private final Thread hook;
    private final CountDownLatch reported = new CountDownLatch(1);
    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile boolean happened;

    private Interruption(Runnable stop, Runnable reportInstead, Duration reportWait) {
        this.stop = stop;
        this.reportInstead = reportInstead;
        this.reportWait = reportWait;
        this.hook = new Thread(this::onSignal, "kinesis-producer-interrupt");
    }

    /**
     * Installs the hook.
     *
     * @param stop stops the send, bounded in time; runs on the hook's thread
     * @param reportInstead prints the report when the main thread has not within {@code reportWait}
     */
    static Interruption install(Runnable stop, Runnable reportInstead, Duration reportWait) {
        Interruption i = new Interruption(stop, reportInstead, reportWait);
        Runtime.getRuntime().addShutdownHook(i.hook);
        return i;
    }

    /** True once Ctrl-C or SIGTERM arrived. */
    boolean happened() {
        return happened;
    }

    /** The main thread's turn to print the report; false if the hook has printed it already. */
    boolean claimReport() {
        return claimed.compareAndSet(false, true);
    }

    /** The report is printed (or there will be none): the hook may return, and is removed if it has not run. */
    void done() {
        reported.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or has run.
        }
    }

    /** What the hook runs; package-private so tests, which cannot signal their own JVM, can run it directly. */
    void onSignal() {
        happened = true;
        stop.run();
        if (!await()) {
            if (claimReport()) {
                reportInstead.run(); // the main thread is stuck reading
            } else {
                await(); // the main thread is printing: let it finish
            }
        }
        exitAfterSignal.accept(ExitCode.INTERRUPTED);
    }

    private boolean await() {
        try {
            return reported.await(reportWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
