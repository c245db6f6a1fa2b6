package io.github.kinesisproducer.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Signals and waits for one child process, always addressed by its own PID (never by name or group). */
final class ProcessSignals {
    private ProcessSignals() {
    }

    /**
     * Sends {@code SIG<name>} (e.g. STOP, CONT) to {@code process}. Java only offers TERM and KILL, so this runs
     * POSIX {@code kill -<name> <pid>}.
     */
    static void send(Process process, String name) {
        if (!process.isAlive()) {
            throw new IllegalStateException("pid " + process.pid() + " is not running, cannot send SIG" + name);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            kill.getOutputStream().close();
            boolean done = kill.waitFor(10, TimeUnit.SECONDS);
            if (!done || kill.exitValue() != 0) {
                kill.destroyForcibly();
                String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: " + said);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name, e);
        }
    }

    /** True once the process has exited (and was reaped, so no zombie is left), false after {@code timeout}. */
    static boolean waitForExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** SIGKILL and wait; SIGKILL also ends a SIGSTOPped process. */
    static void kill(Process process) {
        process.destroyForcibly();
        if (!waitForExit(process, Duration.ofSeconds(30))) {
            throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL for 30 s");
        }
    }
}
