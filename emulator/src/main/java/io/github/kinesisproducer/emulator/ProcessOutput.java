package io.github.kinesisproducer.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the merged stdout/stderr of one emulator process on a daemon thread.
 *
 * <p>Draining is mandatory: a child whose pipe buffer fills up blocks on its next write, which would look like a
 * hung emulator. The last lines are kept so that failures can show what the process said.
 */
final class ProcessOutput {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessOutput.class);
    private static final int KEPT_LINES = 60;
    static final String PORT_PREFIX = "PORT=";

    private final Deque<String> tail = new ArrayDeque<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final CompletableFuture<Void> eof = new CompletableFuture<>();
    private final String name;
    private final java.util.function.Consumer<String> listener;

    private ProcessOutput(String name, java.util.function.Consumer<String> listener) {
        this.name = name;
        this.listener = listener;
    }

    /** Starts draining {@code process}'s stdout (which must carry stderr too: redirectErrorStream). */
    static ProcessOutput drain(Process process, String name) {
        return drain(process, name, line -> { });
    }

    /** The same, handing every line to {@code listener} too (on the draining thread). */
    static ProcessOutput drain(Process process, String name, java.util.function.Consumer<String> listener) {
        ProcessOutput out = new ProcessOutput(name, listener);
        Thread thread = new Thread(() -> out.pump(process), name + "-output");
        thread.setDaemon(true);
        thread.start();
        return out;
    }

    private void pump(Process process) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                accept(line);
            }
        } catch (IOException e) {
            // The stream closes under us when the process is killed; nothing else to do.
            LOG.trace("{}: output stream closed: {}", name, e.toString());
        } finally {
            port.completeExceptionally(new IllegalStateException("process ended before reporting its port"));
            eof.complete(null);
        }
    }

    void accept(String line) {
        synchronized (tail) {
            if (tail.size() == KEPT_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line);
        }
        LOG.debug("{}: {}", name, line);
        if (line.startsWith(PORT_PREFIX)) {
            port.complete(parsePort(line));
        }
        listener.accept(line);
    }

    static int parsePort(String line) {
        try {
            int value = Integer.parseInt(line.substring(PORT_PREFIX.length()).trim());
            if (value < 1 || value > 65535) {
                throw new NumberFormatException("out of range");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("unparseable port line: " + line, e);
        }
    }

    /**
     * Waits for the {@code PORT=} line.
     *
     * @throws IllegalStateException if the process exits first or nothing is reported within {@code timeout}
     */
    int awaitPort(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return port.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IllegalStateException ise ? ise : new IllegalStateException(cause);
        }
    }

    /** Waits briefly until the pipe is fully read, so that {@link #tail()} holds a dead process's last words. */
    void awaitEof(Duration timeout) {
        try {
            eof.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Best effort only: used for error messages.
        }
    }

    /** The most recent output lines, newline-separated (for error messages and diagnostics). */
    String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    boolean mentions(String text) {
        synchronized (tail) {
            return tail.stream().anyMatch(l -> l.contains(text));
        }
    }
}
