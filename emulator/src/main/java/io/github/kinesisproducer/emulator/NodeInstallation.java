package io.github.kinesisproducer.emulator;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory holding our node resources plus their {@code npm ci}-installed packages: kinesalite ({@link #KINESALITE},
 * for the emulator), or the npm {@code proxy} forward proxy ({@link #FORWARD_PROXY}, for the proxy tests), each from
 * its own committed lock file.
 *
 * <p>The resources live inside the jar, so they are copied to a cache directory first: this makes the harness work
 * from any jar (CLI demo, benchmark) and not just from the source tree. The directory name contains a hash of the
 * lock file, so a dependency change gets a fresh {@code node_modules} while unchanged ones are reused across runs.
 */
final class NodeInstallation {
    private static final Logger LOG = LoggerFactory.getLogger(NodeInstallation.class);

    static final String RESOURCE_DIR = "node/";
    static final String LOCK_FILE = "package-lock.json";
    static final String WRAPPER = "kinesalite-loopback.js";
    static final List<String> RESOURCES = List.of("package.json", LOCK_FILE, WRAPPER);
    static final String HOME_ENV = "KINESIS_PRODUCER_HOME";

    /**
     * One set of node resources: where they are in the jar, and the package whose presence says npm ci finished.
     *
     * @param name the cache directory's prefix
     * @param resourceDir the resources' directory in the jar, relative to this class
     * @param resources the files to extract (package.json, the lock file, the launcher)
     * @param module the installed package that must be there afterwards
     */
    record Bundle(String name, String resourceDir, List<String> resources, String module) {
    }

    /** kinesalite and its loopback wrapper. */
    static final Bundle KINESALITE = new Bundle("kinesalite", RESOURCE_DIR, RESOURCES, "kinesalite");
    /** npm's {@code proxy} (an HTTP forward proxy) and its launcher, for the proxy tests only. */
    static final Bundle FORWARD_PROXY = new Bundle("forward-proxy", "forward-proxy/",
            List.of("package.json", LOCK_FILE, "forward-proxy.mjs"), "proxy");
    private static final String MARKER = ".npm-ci-done";
    private static final long NPM_TIMEOUT_MINUTES = 10;

    /** FileChannel locks are per JVM, not per thread: a second thread locking the same file would throw. */
    private static final Object JVM_LOCK = new Object();

    private final Path dir;
    private final Path node;

    private NodeInstallation(Path dir, Path node) {
        this.dir = dir;
        this.node = node;
    }

    /** A file of the installation, e.g. a bundle's launcher. */
    Path file(String name) {
        return dir.resolve(name);
    }

    Path dir() {
        return dir;
    }

    Path node() {
        return node;
    }

    Path wrapper() {
        return dir.resolve(WRAPPER);
    }

    /**
     * Returns a ready installation under {@code cacheRoot} (null: {@link #defaultCacheRoot()}), extracting the
     * resources and running {@code npm ci} if needed. Safe to call concurrently from several threads and JVMs.
     */
    static NodeInstallation ensure(Path cacheRoot) {
        return ensure(KINESALITE, cacheRoot);
    }

    /** The same for any bundle: extracted and {@code npm ci}-installed once per lock file. */
    static NodeInstallation ensure(Bundle bundle, Path cacheRoot) {
        Path root = cacheRoot != null ? cacheRoot : defaultCacheRoot();
        String pathEnv = System.getenv("PATH");
        Path node = findExecutable("node", pathEnv).orElseThrow(() -> missingTool("node", pathEnv));
        Path npm = findExecutable("npm", pathEnv).orElseThrow(() -> missingTool("npm", pathEnv));
        Path dir = root.resolve(bundle.name() + "-" + shortHash(readResource(bundle, LOCK_FILE)));
        synchronized (JVM_LOCK) {
            try {
                Files.createDirectories(dir);
                try (FileChannel channel = FileChannel.open(dir.resolve(".install.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    // Blocks while another JVM extracts or runs npm ci here; released when the channel closes.
                    FileLock fileLock = channel.lock();
                    LOG.trace("holding {}", fileLock);
                    for (String name : bundle.resources()) {
                        writeIfChanged(dir.resolve(name), readResource(bundle, name));
                    }
                    if (!isInstalled(dir, bundle)) {
                        runNpmCi(npm, dir, bundle);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare " + bundle.name() + " in " + dir, e);
            }
        }
        return new NodeInstallation(dir, node);
    }

    static Path defaultCacheRoot() {
        String home = System.getenv(HOME_ENV);
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "kinesis-producer");
    }

    /** The first 16 hex digits of SHA-256: enough to tell lock files apart, short enough for a path. */
    static String shortHash(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    /** Looks {@code name} up on a PATH-style string, as a shell would (first executable match wins). */
    static Optional<Path> findExecutable(String name, String pathEnv) {
        if (pathEnv == null) {
            return Optional.empty();
        }
        for (String entry : pathEnv.split(File.pathSeparator, 0)) { // empty entries name no directory
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(entry, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static IllegalStateException missingTool(String tool, String pathEnv) {
        return new IllegalStateException("The local Kinesis emulator (kinesalite) and the test proxy need Node.js (18 or "
                + "newer; 20 for the proxy) with npm, but '"
                + tool + "' was not found on PATH (" + pathEnv + "). Install Node.js and npm, e.g. "
                + "'apt-get install nodejs npm' on Debian/Ubuntu or 'brew install node' on macOS, then retry.");
    }

    static byte[] readResource(String name) {
        return readResource(KINESALITE, name);
    }

    static byte[] readResource(Bundle bundle, String name) {
        try (InputStream in = NodeInstallation.class.getResourceAsStream(bundle.resourceDir() + name)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the emulator jar: " + bundle.resourceDir()
                        + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces the file atomically and only when its content differs: another JVM may be starting node on the
     * wrapper at this moment, and a half-written script must never be visible.
     */
    private static void writeIfChanged(Path target, byte[] content) throws IOException {
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
            return;
        }
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The marker guards against a half-finished {@code npm ci} (killed JVM) that left a partial node_modules. */
    private static boolean isInstalled(Path dir, Bundle bundle) {
        return Files.isRegularFile(dir.resolve(MARKER))
                && Files.isRegularFile(dir.resolve("node_modules/" + bundle.module() + "/package.json"));
    }

    private static void runNpmCi(Path npm, Path dir, Bundle bundle) throws IOException {
        Files.deleteIfExists(dir.resolve(MARKER));
        Path log = dir.resolve("npm-ci.log");
        LOG.info("Installing {} with npm ci in {} (one-time, needs the npm registry)", bundle.name(), dir);
        long started = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("npm_config_update_notifier", "false");
        // npm itself is a node script: make sure the node we found is the one it runs with.
        env.put("PATH", npm.getParent() + File.pathSeparator + env.getOrDefault("PATH", ""));
        Process process = pb.start();
        process.getOutputStream().close(); // npm must never wait for input
        try {
            if (!process.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("npm ci did not finish within " + NPM_TIMEOUT_MINUTES
                        + " minutes in " + dir + ":\n" + tailOf(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during npm ci in " + dir, e);
        }
        if (process.exitValue() != 0
                || !Files.isRegularFile(dir.resolve("node_modules/" + bundle.module() + "/package.json"))) {
            throw new IllegalStateException("npm ci failed (exit " + process.exitValue() + ") in " + dir
                    + "; is the npm registry reachable?\n" + tailOf(log));
        }
        Files.writeString(dir.resolve(MARKER), "ok\n");
        LOG.info("{} installed in {} ms", bundle.name(), (System.nanoTime() - started) / 1_000_000);
    }

    private static String tailOf(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no npm output: " + e + ")";
        }
    }
}
