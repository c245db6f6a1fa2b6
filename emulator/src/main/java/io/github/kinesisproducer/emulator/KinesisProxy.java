package io.github.kinesisproducer.emulator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 reverse proxy on 127.0.0.1 in front of a Kinesis endpoint (kinesalite), for tests: a {@link Rule}
 * decides per request what happens ({@link ProxyPlan}: forward, rewrite, answer itself, reset, stall, truncate,
 * send 1xx first). Producers point at {@link #endpoint()} as at the emulator.
 *
 * <p>With a {@link TlsIdentity} ({@link #start(URI, Rule, TlsIdentity)}) the proxy listens with TLS ({@code https://})
 * and forwards in plain HTTP: kinesalite behind TLS, as clients that only speak TLS (the KPL's configuration, with
 * its {@code KinesisEndpoint}/{@code KinesisPort}) need it.
 *
 * <p>Kinesalite does not check signatures, so rewritten requests are accepted. Each forwarded request goes over a
 * fresh upstream connection, so a reset or a stall towards the client never leaves a half-used upstream connection
 * behind, and an upstream that is down (killed emulator) shows as a reset connection to the client, as a dead
 * endpoint would. Rules run on the connection's thread, one request at a time per client connection; a rule used
 * by several connections must be thread-safe.
 */
public final class KinesisProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisProxy.class);
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final int UPSTREAM_CONNECT_TIMEOUT_MS = 5_000;
    private static final int UPSTREAM_READ_TIMEOUT_MS = 60_000;

    /** Decides what happens to one request. Must not block for long: it runs on the connection's thread. */
    @FunctionalInterface
    public interface Rule {
        ProxyPlan plan(HttpMessage request);

        /** Forward everything unchanged. */
        static Rule forwardAll() {
            return request -> ProxyPlan.forward();
        }
    }

    /** Counters of what the proxy did, for tests to report and to check that faults really happened. */
    public static final class Stats {
        public final AtomicLong connections = new AtomicLong();
        public final AtomicLong requests = new AtomicLong();
        public final AtomicLong forwarded = new AtomicLong();
        public final AtomicLong answeredByProxy = new AtomicLong();
        public final AtomicLong resetBeforeForwarding = new AtomicLong();
        public final AtomicLong resetAfterForwarding = new AtomicLong();
        public final AtomicLong truncatedAnswers = new AtomicLong();
        public final AtomicLong delayedAnswers = new AtomicLong();
        public final AtomicLong interimResponses = new AtomicLong();
        /** Requests the upstream could not take (down, or it closed without answering): the client was reset. */
        public final AtomicLong upstreamFailures = new AtomicLong();
        private final Map<String, AtomicLong> byOperation = new ConcurrentHashMap<>();

        /** Requests seen per Kinesis operation ({@code PutRecords}, {@code ListShards}, ...). */
        public long requests(String operation) {
            AtomicLong n = byOperation.get(operation);
            return n == null ? 0 : n.get();
        }

        @Override
        public String toString() {
            return "requests=" + requests + " " + byOperation + ", forwarded=" + forwarded + ", answered="
                    + answeredByProxy + ", resetBefore=" + resetBeforeForwarding + ", resetAfter="
                    + resetAfterForwarding + ", truncated=" + truncatedAnswers + ", delayed=" + delayedAnswers
                    + ", interim=" + interimResponses + ", upstreamFailures=" + upstreamFailures;
        }
    }

    private final URI upstream;
    private final ServerSocket server;
    private final boolean tls;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Stats stats = new Stats();
    private volatile Rule rule;

    private KinesisProxy(URI upstream, Rule rule, TlsIdentity identity) throws IOException {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.tls = identity != null;
        this.server = identity == null ? new ServerSocket()
                : identity.serverContext().getServerSocketFactory().createServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int id = IDS.incrementAndGet();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kinesis-proxy-" + id);
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    /** A proxy on a random loopback port forwarding to {@code upstream} (an {@code http://} endpoint). */
    public static KinesisProxy start(URI upstream, Rule rule) {
        return start(upstream, rule, null);
    }

    /**
     * A proxy on a random loopback port that clients reach with TLS ({@code https://127.0.0.1:<port>}, presenting
     * {@code identity}'s server certificate) and that forwards in plain HTTP to {@code upstream}.
     *
     * @param identity the certificate to present; null for a plain HTTP listener
     */
    public static KinesisProxy start(URI upstream, Rule rule, TlsIdentity identity) {
        if (!"http".equals(upstream.getScheme())) {
            throw new IllegalArgumentException("the proxy forwards to http:// endpoints only, not " + upstream);
        }
        try {
            return new KinesisProxy(upstream, rule, identity);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not open the proxy's port on 127.0.0.1", e);
        }
    }

    /** A proxy that forwards everything until {@link #rule(Rule)} changes that. */
    public static KinesisProxy start(URI upstream) {
        return start(upstream, Rule.forwardAll());
    }

    /** Where clients connect: {@code http://127.0.0.1:<port>}, or {@code https://...} with TLS. */
    public URI endpoint() {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + server.getLocalPort());
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** Replaces the rule for the requests that arrive from now on. */
    public void rule(Rule newRule) {
        this.rule = Objects.requireNonNull(newRule, "rule");
    }

    public Stats stats() {
        return stats;
    }

    /** Stops accepting, resets every open connection and ends the proxy's threads (delays end at once). */
    @Override
    public void close() {
        closing.countDown();
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the proxy's server socket", e);
        }
        open.forEach(KinesisProxy::closeQuietly);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                stats.connections.incrementAndGet();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("proxy accept failed", e);
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // closing
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            HttpMessage request;
            while ((request = HttpMessage.read(in)) != null) {
                if (!exchange(client, out, request)) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("proxy connection ended: {}", e.toString());
        } finally {
            open.remove(client);
        }
    }

    /** One request: returns false if the connection must end (reset, closed, or the proxy is closing). */
    private boolean exchange(Socket client, OutputStream out, HttpMessage request) throws IOException {
        stats.requests.incrementAndGet();
        stats.byOperation.computeIfAbsent(request.operation(), k -> new AtomicLong()).incrementAndGet();
        ProxyPlan plan;
        try {
            plan = rule.plan(request);
        } catch (RuntimeException e) {
            LOG.error("proxy rule failed on {}; resetting the connection", request.operation(), e);
            reset(client);
            return false;
        }
        if (plan.resetBeforeForwarding) {
            stats.resetBeforeForwarding.incrementAndGet();
            reset(client);
            return false;
        }
        if (!pause(plan.delayBeforeForwarding)) {
            return false;
        }
        HttpMessage response;
        if (plan.forward) {
            HttpMessage forwarded = plan.mapRequest.apply(request);
            try {
                response = forward(forwarded);
            } catch (IOException e) {
                stats.upstreamFailures.incrementAndGet();
                LOG.debug("upstream {} failed: {}", upstream, e.toString());
                reset(client);
                return false;
            }
            stats.forwarded.incrementAndGet();
            response = plan.mapResponse.apply(forwarded, response);
        } else {
            stats.answeredByProxy.incrementAndGet();
            response = plan.answer;
        }
        if (plan.resetInsteadOfAnswer) {
            stats.resetAfterForwarding.incrementAndGet();
            reset(client);
            return false;
        }
        for (int status : plan.interim) {
            stats.interimResponses.incrementAndGet();
            out.write(("HTTP/1.1 " + status + " " + ProxyPlan.reason(status) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        if (!plan.delayBeforeAnswer.isZero()) {
            stats.delayedAnswers.incrementAndGet();
            if (!pause(plan.delayBeforeAnswer)) {
                return false;
            }
        }
        if (plan.truncateAfterBytes >= 0) {
            stats.truncatedAnswers.incrementAndGet();
            out.write(response.head());
            out.write(response.body(), 0, Math.min(response.body().length, plan.truncateAfterBytes));
            out.flush();
            return false;
        }
        response.writeTo(out);
        return plan.ending == ProxyPlan.Ending.KEEP_ALIVE;
    }

    /** Sends one request upstream on a fresh connection and reads the answer (skipping interim responses). */
    private HttpMessage forward(HttpMessage request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), UPSTREAM_CONNECT_TIMEOUT_MS);
            s.setSoTimeout(UPSTREAM_READ_TIMEOUT_MS);
            s.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            request.withHeader("connection", "close").writeTo(out);
            InputStream in = new BufferedInputStream(s.getInputStream());
            while (true) {
                HttpMessage response = HttpMessage.read(in);
                if (response == null) {
                    throw new java.io.EOFException("upstream closed the connection without answering");
                }
                if (response.status() >= 200) {
                    return response.withHeader("connection", null);
                }
            }
        }
    }

    /** Waits {@code delay}, or less if the proxy closes; false if it is closing. */
    private boolean pause(Duration delay) {
        if (delay.isZero()) {
            return closing.getCount() > 0;
        }
        try {
            return !closing.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Closes with a TCP RST (linger 0): the client sees "connection reset", not an orderly end. */
    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed: nothing to reset
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return "KinesisProxy[" + endpoint() + " -> " + upstream + "]";
    }
}
