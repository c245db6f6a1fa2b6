package io.github.kinesisproducer.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kinesalite 3.3.3 emulator in a child Node.js process, listening on 127.0.0.1 only.
 *
 * <p>Needs {@code node} and {@code npm} on PATH; kinesalite itself is installed once per machine by {@code npm ci}
 * from the lock file shipped in this jar. Clients for it come from {@link EmulatorClients} (CBOR must be off).
 *
 * <p>Fault injection: {@link #kill()} + {@link #restart()} is a broker outage (with {@link Options#withDataDir} no
 * acknowledged record is lost), {@link #pause()}/{@link #resume()} is a hang. Signals go to our own child's PID
 * only. A JVM shutdown hook and the wrapper's stdin watch make sure the process never outlives the JVM.
 */
public final class Kinesalite implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Kinesalite.class);
    private static final Duration TERM_GRACE = Duration.ofSeconds(5);
    private static final Duration PORT_IN_USE_RETRY = Duration.ofSeconds(10);
    private static final int EXIT_ADDRESS_IN_USE = 3; // see kinesalite-loopback.js
    private static final Set<Kinesalite> LIVE = ConcurrentHashMap.newKeySet();

    static {
        // One hook for all instances; close() is idempotent, so tests that already closed theirs cost nothing.
        try {
            Thread hook = new Thread(() -> LIVE.forEach(Kinesalite::close), "kinesalite-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Class first loaded while the JVM is already shutting down: nothing left to protect.
        }
    }

    /** The JVM-wide emulator of {@link #shared()}; guarded by the class. */
    private static Kinesalite shared;

    private final Options options;
    private final NodeInstallation installation;
    private Process process;
    private ProcessOutput output;
    private int port;
    private boolean paused;
    private boolean closed;

    private Kinesalite(Options options, NodeInstallation installation) {
        this.options = options;
        this.installation = installation;
        this.port = options.port();
    }

    /** Starts an in-memory emulator on a random loopback port with {@link Options#defaults()}. */
    public static Kinesalite start() {
        return start(Options.defaults());
    }

    /**
     * One in-memory emulator for the whole JVM ({@link Options#defaults()}), started by the first call and stopped when
     * the JVM exits. Test classes share it and keep apart by unique stream names ({@link StreamAdmin#uniqueStreamName}):
     * a start costs about half a second, so an emulator per class only adds time. Do not close, kill or pause it (tests
     * that need to start their own); if it was closed or its process died anyway, the next call starts a new one, on a
     * new port.
     */
    public static synchronized Kinesalite shared() {
        Kinesalite k = shared;
        if (k == null || !k.isRunning()) {
            k = start();
            shared = k;
        }
        return k;
    }

    private synchronized boolean isRunning() {
        return !closed && process != null && process.isAlive();
    }

    /** Starts an emulator and returns once it answers {@code ListStreams} with HTTP 200. */
    public static Kinesalite start(Options options) {
        Objects.requireNonNull(options, "options");
        if (options.dataDir() != null) {
            try {
                Files.createDirectories(options.dataDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create kinesalite data dir " + options.dataDir(), e);
            }
        }
        Kinesalite emulator = new Kinesalite(options, NodeInstallation.ensure(options.cacheDir()));
        synchronized (emulator) {
            emulator.launch(false);
            LIVE.add(emulator);
        }
        return emulator;
    }

    /** {@code http://127.0.0.1:<port>}: pass it to {@link EmulatorClients} or any SDK endpointOverride. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The loopback port; unchanged across {@link #restart()}. */
    public synchronized int port() {
        return port;
    }

    /** PID of the current node process (changes on {@link #restart()}). */
    public synchronized long pid() {
        return requireProcess().pid();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public Options options() {
        return options;
    }

    /** The last lines the emulator printed (for diagnostics in failing tests). */
    public synchronized String recentOutput() {
        return output == null ? "" : output.tail();
    }

    /** SIGKILL, then waits until the process is gone. In-memory data is lost; {@code --path} data survives. */
    public synchronized void kill() {
        Process p = requireProcess();
        ProcessSignals.kill(p);
        paused = false;
        LOG.info("kinesalite pid {} killed (SIGKILL)", p.pid());
    }

    /** SIGSTOP: the process keeps its sockets but answers nothing, so client calls hang until they time out. */
    public synchronized void pause() {
        ProcessSignals.send(requireProcess(), "STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause()}; requests queued meanwhile are then served. */
    public synchronized void resume() {
        ProcessSignals.send(requireProcess(), "CONT");
        paused = false;
    }

    /**
     * Starts a new process on the same port and data directory (stopping the current one first if it still runs).
     * Retries for a while if the port is still bound, e.g. by connections of the old process being torn down.
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("kinesalite was closed");
        }
        if (process != null && process.isAlive()) {
            terminate(process);
        }
        launch(true);
    }

    /** SIGTERM, up to 5 s grace, then SIGKILL; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LIVE.remove(this);
        if (process != null && process.isAlive()) {
            terminate(process);
        }
    }

    private void launch(boolean retryIfPortInUse) {
        long deadline = System.nanoTime() + PORT_IN_USE_RETRY.toNanos();
        while (true) {
            try {
                startProcess(port);
                return;
            } catch (PortInUseException e) {
                if (!retryIfPortInUse || System.nanoTime() > deadline) {
                    throw new IllegalStateException("port " + port + " is in use", e);
                }
                LOG.debug("port {} still in use, retrying", port);
                sleep(Duration.ofMillis(100));
            }
        }
    }

    private void startProcess(int listenPort) {
        List<String> command = new ArrayList<>();
        command.add(installation.node().toString());
        command.add(installation.wrapper().toString());
        command.addAll(options.wrapperArgs(listenPort));
        long started = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .directory(installation.dir().toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        // From here on this JVM owns the child: never let an exception path leak it.
        ProcessOutput out = ProcessOutput.drain(p, "kinesalite-" + p.pid());
        try {
            int actualPort = out.awaitPort(options.startTimeout());
            URI endpoint = URI.create("http://127.0.0.1:" + actualPort);
            ReadinessProbe.await(endpoint, p, options.startTimeout(), out::tail);
            process = p;
            output = out;
            port = actualPort;
            paused = false;
            LOG.info("kinesalite pid {} ready at {} in {} ms ({})", p.pid(), endpoint,
                    (System.nanoTime() - started) / 1_000_000,
                    options.dataDir() == null ? "in-memory" : "data in " + options.dataDir());
        } catch (RuntimeException | TimeoutException | InterruptedException e) {
            p.destroyForcibly();
            ProcessSignals.waitForExit(p, Duration.ofSeconds(5));
            out.awaitEof(Duration.ofSeconds(1));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (!p.isAlive() && p.exitValue() == EXIT_ADDRESS_IN_USE) {
                throw new PortInUseException(out.tail());
            }
            throw new IllegalStateException("kinesalite failed to start (" + command + "): " + e.getMessage()
                    + "\nOutput:\n" + out.tail(), e);
        }
    }

    private void terminate(Process p) {
        if (paused) {
            // A stopped process only acts on SIGTERM once continued.
            try {
                ProcessSignals.send(p, "CONT");
            } catch (RuntimeException e) {
                LOG.debug("SIGCONT before SIGTERM failed (process already gone?): {}", e.toString());
            }
            paused = false;
        }
        p.destroy(); // SIGTERM: the wrapper closes the store and all connections
        if (!ProcessSignals.waitForExit(p, TERM_GRACE)) {
            LOG.warn("kinesalite pid {} ignored SIGTERM for {}, sending SIGKILL", p.pid(), TERM_GRACE);
            ProcessSignals.kill(p);
        }
        LOG.debug("kinesalite pid {} stopped", p.pid());
    }

    private Process requireProcess() {
        if (process == null) {
            throw new IllegalStateException("kinesalite has no process");
        }
        return process;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "Kinesalite{" + (process == null ? "not started" : "pid=" + process.pid()) + ", port=" + port
                + ", " + (options.dataDir() == null ? "in-memory" : "dataDir=" + options.dataDir()) + '}';
    }

    /** The wrapper exits with code 3 when the port is taken. */
    private static final class PortInUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortInUseException(String output) {
            super("address in use:\n" + output);
        }
    }

    /**
     * Immutable settings for {@link Kinesalite#start(Options)}; every {@code withX} returns a modified copy.
     *
     * <p>Defaults differ from kinesalite's own on purpose: its shard limit of 10 is hit by the third 4-shard stream of a
     * test run, and its 500 ms CREATING/UPDATING/DELETING phases slow every test down for no benefit.
     */
    public static final class Options {
        public static final int DEFAULT_SHARD_LIMIT = 1000;
        public static final int DEFAULT_STATE_CHANGE_MS = 50;
        public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

        private final Path dataDir;
        private final int port;
        private final int shardLimit;
        private final int createStreamMs;
        private final int deleteStreamMs;
        private final int updateStreamMs;
        private final Duration startTimeout;
        private final Path cacheDir;

        private Options(Path dataDir, int port, int shardLimit, int createStreamMs, int deleteStreamMs,
                                  int updateStreamMs, Duration startTimeout, Path cacheDir) {
            this.dataDir = dataDir;
            this.port = requireRange("port", port, 0, 65535);
            this.shardLimit = requireRange("shardLimit", shardLimit, 1, Integer.MAX_VALUE);
            this.createStreamMs = requireRange("createStreamMs", createStreamMs, 0, Integer.MAX_VALUE);
            this.deleteStreamMs = requireRange("deleteStreamMs", deleteStreamMs, 0, Integer.MAX_VALUE);
            this.updateStreamMs = requireRange("updateStreamMs", updateStreamMs, 0, Integer.MAX_VALUE);
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            if (startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
            }
            this.cacheDir = cacheDir;
        }

        /** In-memory, random port, shard limit 1000, 50 ms state changes, 30 s start timeout, default cache dir. */
        public static Options defaults() {
            return new Options(null, 0, DEFAULT_SHARD_LIMIT, DEFAULT_STATE_CHANGE_MS, DEFAULT_STATE_CHANGE_MS,
                    DEFAULT_STATE_CHANGE_MS, DEFAULT_START_TIMEOUT, null);
        }

        /** LevelDB directory ({@code --path}); data then survives kill/restart. {@code null} = in-memory. */
        public Options withDataDir(Path dir) {
            return new Options(dir == null ? null : dir.toAbsolutePath(), port, shardLimit, createStreamMs,
                    deleteStreamMs, updateStreamMs, startTimeout, cacheDir);
        }

        /** Fixed loopback port; 0 (the default) lets the OS pick a free one without any race. */
        public Options withPort(int newPort) {
            return new Options(dataDir, newPort, shardLimit, createStreamMs, deleteStreamMs, updateStreamMs,
                    startTimeout, cacheDir);
        }

        public Options withShardLimit(int limit) {
            return new Options(dataDir, port, limit, createStreamMs, deleteStreamMs, updateStreamMs,
                    startTimeout, cacheDir);
        }

        public Options withCreateStreamMs(int ms) {
            return new Options(dataDir, port, shardLimit, ms, deleteStreamMs, updateStreamMs, startTimeout,
                    cacheDir);
        }

        public Options withDeleteStreamMs(int ms) {
            return new Options(dataDir, port, shardLimit, createStreamMs, ms, updateStreamMs, startTimeout,
                    cacheDir);
        }

        /** Time a stream stays UPDATING after SplitShard/MergeShards. */
        public Options withUpdateStreamMs(int ms) {
            return new Options(dataDir, port, shardLimit, createStreamMs, deleteStreamMs, ms, startTimeout,
                    cacheDir);
        }

        /** Upper bound for process start plus readiness (not for the one-time {@code npm ci}). */
        public Options withStartTimeout(Duration timeout) {
            return new Options(dataDir, port, shardLimit, createStreamMs, deleteStreamMs, updateStreamMs,
                    timeout, cacheDir);
        }

        /** Where node_modules is cached; {@code null} = {@code $KINESIS_PRODUCER_HOME} or ~/.cache/kinesis-producer. */
        public Options withCacheDir(Path dir) {
            return new Options(dataDir, port, shardLimit, createStreamMs, deleteStreamMs, updateStreamMs,
                    startTimeout, dir);
        }

        public Path dataDir() {
            return dataDir;
        }

        public int port() {
            return port;
        }

        public int shardLimit() {
            return shardLimit;
        }

        public int createStreamMs() {
            return createStreamMs;
        }

        public int deleteStreamMs() {
            return deleteStreamMs;
        }

        public int updateStreamMs() {
            return updateStreamMs;
        }

        public Duration startTimeout() {
            return startTimeout;
        }

        public Path cacheDir() {
            return cacheDir;
        }

        /** Arguments for {@code kinesalite-loopback.js}; {@code listenPort} overrides {@link #port()} on restarts. */
        List<String> wrapperArgs(int listenPort) {
            requireRange("listenPort", listenPort, 0, 65535);
            List<String> args = new ArrayList<>();
            args.add("--port");
            args.add(Integer.toString(listenPort));
            if (dataDir != null) {
                args.add("--path");
                args.add(dataDir.toString());
            }
            args.add("--shardLimit");
            args.add(Integer.toString(shardLimit));
            args.add("--createStreamMs");
            args.add(Integer.toString(createStreamMs));
            args.add("--deleteStreamMs");
            args.add(Integer.toString(deleteStreamMs));
            args.add("--updateStreamMs");
            args.add(Integer.toString(updateStreamMs));
            // The emulator exits when our stdin pipe closes, i.e. when this JVM dies, even by SIGKILL.
            args.add("--exitWithStdin");
            return args;
        }

        private static int requireRange(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "]: " + value);
            }
            return value;
        }

        @Override
        public String toString() {
            return "Options{dataDir=" + (dataDir == null ? "in-memory" : dataDir) + ", port=" + port
                    + ", shardLimit=" + shardLimit + ", createStreamMs=" + createStreamMs + ", deleteStreamMs="
                    + deleteStreamMs + ", updateStreamMs=" + updateStreamMs + ", startTimeout=" + startTimeout + '}';
        }
    }
}
