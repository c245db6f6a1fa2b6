package io.github.kinesisproducer.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HTTP forward proxy for tests: the npm package {@code proxy} 4.1.0 (CONNECT tunnels for https://, absolute-form
 * requests for http://, Basic authentication answered with 407) in a child Node.js process on 127.0.0.1, a random
 * port. Installed once per machine by {@code npm ci} from the lock file in this jar, as kinesalite is; needs Node.js 20
 * or newer.
 *
 * <p>What went through it is read from its own log ({@link #log()}, {@link #connections()}, {@link #connects()},
 * {@link #requests()}, {@link #authFailures()}), one line per connection, tunnel, request or refusal. {@link #dropConnections()} resets every client
 * connection at once, as a proxy that restarts would. The process ends with {@link #close()}, and with the JVM (it
 * exits when its stdin closes).
 */
public final class ForwardProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardProxy.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<ForwardProxy> LIVE = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ForwardProxy::close),
                    "forward-proxy-shutdown"));
        } catch (IllegalStateException e) {
            // loaded while the JVM is shutting down: nothing left to protect
        }
    }

    private final Process process;
    private final OutputStream stdin;
    private final ProcessOutput output;
    private final int port;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Integer> drops = new LinkedBlockingQueue<>();

    private ForwardProxy(String user, String password, java.nio.file.Path cacheRoot) {
        NodeInstallation installation = NodeInstallation.ensure(NodeInstallation.FORWARD_PROXY, cacheRoot);
        ProcessBuilder pb = new ProcessBuilder(installation.node().toString(),
                installation.file("forward-proxy.mjs").toString(), "--exitWithStdin")
                .directory(installation.dir().toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("FORWARD_PROXY_USER");
        env.remove("FORWARD_PROXY_PASSWORD");
        if (user != null) {
            env.put("FORWARD_PROXY_USER", user);
            env.put("FORWARD_PROXY_PASSWORD", password);
        }
        try {
            this.process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the forward proxy", e);
        }
        this.stdin = process.getOutputStream();
        this.output = ProcessOutput.drain(process, "forward-proxy-" + process.pid(), this::accept);
        try {
            this.port = output.awaitPort(START_TIMEOUT);
        } catch (RuntimeException | TimeoutException | InterruptedException e) {
            process.destroyForcibly();
            ProcessSignals.waitForExit(process, Duration.ofSeconds(5));
            output.awaitEof(Duration.ofSeconds(1));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the forward proxy did not start: " + e.getMessage() + "\nOutput:\n"
                    + output.tail(), e);
        }
        LIVE.add(this);
        LOG.info("forward proxy (npm proxy 4.1.0) pid {} on 127.0.0.1:{}{}", process.pid(), port,
                user == null ? "" : ", Basic authentication");
    }

    /** A proxy that lets everyone through. */
    public static ForwardProxy start() {
        return new ForwardProxy(null, null, null);
    }

    /** A proxy that wants these Basic credentials on every CONNECT and request (407 otherwise). */
    public static ForwardProxy start(String user, String password) {
        return new ForwardProxy(user, password, null);
    }

    private void accept(String line) {
        if (line.startsWith("DROPPED ")) {
            drops.add(Integer.parseInt(line.substring("DROPPED ".length()).strip()));
        }
        if (!line.startsWith(ProcessOutput.PORT_PREFIX)) {
            log.add(line);
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}, without credentials. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** {@code http://user:password@127.0.0.1:<port>}, both %-encoded. */
    public URI url(String user, String password) {
        return URI.create("http://" + encode(user) + ":" + encode(password) + "@127.0.0.1:" + port);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Every line the proxy logged so far: {@code CONNECT host:port}, {@code REQUEST POST http://...}, ... */
    public List<String> log() {
        return new ArrayList<>(log);
    }

    /** TCP connections clients opened to the proxy. */
    public long connections() {
        return log.stream().filter(l -> l.equals("CONNECTION")).count();
    }

    /** Tunnels opened (authenticated CONNECTs). */
    public long connects() {
        return count("CONNECT ");
    }

    /** Plain requests forwarded (absolute form). */
    public long requests() {
        return count("REQUEST ");
    }

    /** CONNECTs and requests refused with 407. */
    public long authFailures() {
        return count("AUTH-FAILED ");
    }

    private long count(String prefix) {
        return log.stream().filter(l -> l.startsWith(prefix)).count();
    }

    /**
     * Resets every client connection now (tunnels and plain connections alike) and returns how many there were.
     *
     * @throws IllegalStateException if the proxy does not confirm within 10 s
     */
    public int dropConnections() {
        try {
            synchronized (stdin) {
                stdin.write("drop\n".getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
            }
            Integer n = drops.poll(10, TimeUnit.SECONDS);
            if (n == null) {
                throw new IllegalStateException("the forward proxy did not confirm the drop:\n" + output.tail());
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("the forward proxy is gone", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Closes its stdin (it exits), then makes sure the process is gone. Idempotent. */
    @Override
    public void close() {
        LIVE.remove(this);
        try {
            stdin.close();
        } catch (IOException e) {
            LOG.debug("closing the forward proxy's stdin", e);
        }
        if (!ProcessSignals.waitForExit(process, Duration.ofSeconds(5))) {
            process.destroyForcibly();
            ProcessSignals.waitForExit(process, Duration.ofSeconds(5));
        }
    }

    @Override
    public String toString() {
        return "ForwardProxy[127.0.0.1:" + port + ", pid " + process.pid() + "]";
    }
}
