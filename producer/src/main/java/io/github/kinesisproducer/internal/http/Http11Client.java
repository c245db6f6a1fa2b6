package io.github.kinesisproducer.internal.http;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal HTTP/1.1 client for POSTs to one endpoint: keep-alive connections, blocking I/O on as many threads as
 * requests may be in flight. PutRecords sends a few hundred large bodies per million records; for that, a blocking
 * socket write of the whole body is all the work there is, where a general asynchronous client (netty through the
 * SDK, or {@code java.net.http}: docs/performance.md) spent more CPU on its own machinery than on the bytes.
 *
 * <p>Exact verdicts: a request that went out whole is never sent again by this client, whatever happens to its
 * connection; such a failure carries a {@link RequestSentException}. The one request it does send again, once, on a
 * fresh connection, is one that provably never reached the server: its write to a reused connection failed. A
 * reused connection is first checked for a close (or stray bytes) that already arrived, and dropped if it has one.
 *
 * <p>Every request has a deadline: a watchdog closes the socket when it passes, which also ends a write blocked on a
 * peer that stopped reading (a read timeout alone would not).
 *
 * <p>Through an HTTP proxy ({@link HttpProxy}), an {@code https://} endpoint is reached through a {@code CONNECT}
 * tunnel per connection (kept alive like any other connection, TLS end to end with the endpoint), an {@code http://}
 * endpoint with absolute-form requests ({@code POST http://host:port/ HTTP/1.1}) on keep-alive connections to the
 * proxy. Connecting, tunnel included, is bounded by the connect timeout, and the whole exchange by the request
 * deadline.
 */
public final class Http11Client implements HttpTransport {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Idle connections older than this are closed rather than reused: servers and load balancers drop them. */
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final String host;
    private final int port;
    private final String hostHeader;
    private final String path;
    /** The request target: the path, or the absolute URL when an http:// endpoint is reached through a proxy. */
    private final String target;
    private final Tls tls;
    private final HttpProxy proxy;
    /** The Proxy-Authorization header of requests through a proxy to an http:// endpoint; null otherwise. */
    private final String proxyAuthorization;
    private final Connector connector;
    private final long requestTimeoutNanos;
    private final ExecutorService io;
    private final ScheduledThreadPoolExecutor watchdog;
    private final ArrayDeque<HttpConnection> idle = new ArrayDeque<>();
    private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
    /** Sockets still connecting: a blocked connect() ignores interrupts, so close() closes these to end it at once. */
    private final Set<Socket> connecting = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public Http11Client(URI endpoint, int maxInFlight, Duration connectTimeout, Duration requestTimeout) {
        this(endpoint, maxInFlight, connectTimeout, requestTimeout, null);
    }

    /** @param tlsSockets for https; null for the JVM's default (its trust store, javax.net.ssl.*) */
    public Http11Client(URI endpoint, int maxInFlight, Duration connectTimeout, Duration requestTimeout,
            SSLSocketFactory tlsSockets) {
        this(endpoint, maxInFlight, connectTimeout, requestTimeout, tlsSockets, null);
    }

    /**
     * @param tlsSockets for https; null for the JVM's default (its trust store, javax.net.ssl.*)
     * @param proxy the HTTP proxy to go through; null to connect directly
     */
    public Http11Client(URI endpoint, int maxInFlight, Duration connectTimeout, Duration requestTimeout,
            SSLSocketFactory tlsSockets, HttpProxy proxy) {
        boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
        if (!https && !"http".equalsIgnoreCase(endpoint.getScheme())) {
            throw new IllegalArgumentException("endpoint must be http:// or https://, not " + endpoint);
        }
        this.host = endpoint.getHost();
        this.port = endpoint.getPort() > 0 ? endpoint.getPort() : https ? 443 : 80;
        this.hostHeader = port == (https ? 443 : 80) ? host : host + ":" + port;
        this.path = EndpointPath.of(endpoint);
        this.tls = https ? new Tls(tlsSockets, host, port) : null;
        this.proxy = proxy;
        boolean absoluteForm = proxy != null && !https;
        this.target = absoluteForm ? "http://" + hostHeader + path : path;
        this.proxyAuthorization = absoluteForm ? proxy.authorization() : null;
        this.requestTimeoutNanos = requestTimeout.toNanos();
        int id = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.io = new ThreadPoolExecutor(maxInFlight, maxInFlight, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> daemon(r, "kinesis-producer-http-" + id + "-" + threads.incrementAndGet()));
        ((ThreadPoolExecutor) io).allowCoreThreadTimeOut(true);
        this.watchdog = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "kinesis-producer-http-" + id + "-watchdog"));
        watchdog.setRemoveOnCancelPolicy(true);
        this.connector = new Connector(host, port, tls, proxy, (int) Math.max(1, connectTimeout.toMillis()), watchdog);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public String hostHeader() {
        return hostHeader;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public CompletableFuture<Response> post(Map<String, String> headers, byte[] body, int length) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new IOException("HTTP client is closed"));
            return result;
        }
        byte[] head;
        try {
            head = HttpConnection.requestHead("POST", target, headers, length, proxyAuthorization);
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(e);
            return result;
        }
        try {
            io.execute(new Exchange(result, () -> proxyAnswered(exchange(head, body, length))));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new IOException("HTTP client is closed", e));
        }
        return result;
    }

    /** One queued request: runs the exchange on an I/O thread and completes its future either way. */
    private static final class Exchange implements Runnable {
        interface Call {
            Response run() throws IOException, TimeoutException;
        }

        final CompletableFuture<Response> result;
        private final Call call;

        Exchange(CompletableFuture<Response> result, Call call) {
            this.result = result;
            this.call = call;
        }

        @Override
        public void run() {
            try {
                result.complete(call.run());
            } catch (Throwable e) { // an Error too: the caller must hear back, or its call stays in flight forever
                result.completeExceptionally(e);
            }
        }
    }

    /**
     * Asks the proxy once, so that a proxy that refuses is found at start-up rather than by the first records. For an
     * https:// endpoint that is a tunnel, closed again before TLS (a fresh TLS 1.3 connection has session tickets
     * pending that the idle check cannot tell from stray bytes, so it would not be reused anyway); for an http://
     * endpoint the proxy only judges credentials on a request, so an {@code OPTIONS} request (no effect on a Kinesis
     * endpoint) goes through it, on a connection kept for the first request. Without a proxy, nothing.
     *
     * @throws ProxyRefusedException if the proxy refuses the credentials or the destination
     */
    @Override
    public void checkProxy() throws IOException, TimeoutException {
        if (proxy == null) {
            return;
        }
        if (tls != null) {
            try (Socket raw = new Socket()) {
                connector.tunnel(raw);
            }
            return;
        }
        HttpConnection c = connect();
        Map<String, String> headers = Map.of("Host", hostHeader, "Content-Length", "0");
        byte[] head = HttpConnection.requestHead("OPTIONS", target, headers, 0, proxyAuthorization);
        proxyAnswered(exchange(c, head, new byte[0], 0, System.nanoTime() + requestTimeoutNanos));
    }

    /** A 407 to a request through a proxy comes from the proxy, which forwarded nothing: refused, not a response. */
    private Response proxyAnswered(Response r) throws IOException {
        if (proxy == null || tls != null || r.status() != 407) {
            return r;
        }
        throw ProxyRefusedException.of(proxy, r.status(), r.reason(), r.headers().get("proxy-authenticate"),
                "http://" + hostHeader + path);
    }

    private Response exchange(byte[] head, byte[] body, int length) throws IOException, TimeoutException {
        long deadline = System.nanoTime() + requestTimeoutNanos;
        HttpConnection reused = idleConnection();
        if (reused != null) {
            try {
                return exchange(reused, head, body, length, deadline);
            } catch (IOException e) {
                if (e instanceof RequestSentException || reused.aborted() || closed) {
                    throw e; // went out whole (never re-sent), or ran out of time, or we are closing
                }
                // The write itself failed: the server cannot have the whole request, so it acted on nothing. This
                // is the one case sent again, once, on a fresh connection (the server had dropped this one).
            }
        }
        return exchange(connect(), head, body, length, deadline);
    }

    private Response exchange(HttpConnection conn, byte[] head, byte[] body, int length, long deadlineNanos)
            throws IOException, TimeoutException {
        long exchange = conn.begin();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> conn.abort(exchange),
                Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        boolean reusable = false;
        boolean sent = false;
        try {
            conn.write(head, body, length);
            sent = true;
            Response r = conn.read();
            reusable = r.keepAlive();
            return r;
        } catch (java.net.SocketTimeoutException e) {
            // the read timeout fired before the watchdog: the same deadline
            throw timeout(sent ? new RequestSentException(e) : e);
        } catch (IOException e) {
            // Once the whole request is out, the server may have acted on it: say so, for "may have been stored".
            IOException marked = sent ? new RequestSentException(e) : e;
            if (conn.aborted()) {
                throw timeout(marked);
            }
            throw marked;
        } finally {
            deadline.cancel(false);
            // Only the side that ends the exchange first owns the connection: a watchdog that fires after this
            // point finds the exchange finished and leaves the connection alone.
            if (conn.finish(exchange) && reusable && !closed) {
                release(conn);
            } else {
                conn.close();
            }
        }
    }

    private TimeoutException timeout(IOException cause) {
        TimeoutException t = new TimeoutException("no complete response within " + requestTimeoutNanos / 1_000_000
                + " ms (request_timeout) from " + hostHeader);
        t.initCause(cause);
        return t;
    }

    /** The most recently used idle connection that is still fit to carry a request, or null. */
    private HttpConnection idleConnection() {
        long now = System.nanoTime();
        while (true) {
            HttpConnection c;
            synchronized (this) {
                c = idle.pollLast();
            }
            if (c == null) {
                return null;
            }
            if (now - c.idleSince < MAX_IDLE_NANOS && c.fitForReuse()) {
                return c;
            }
            c.close();
        }
    }

    private void release(HttpConnection c) {
        c.idleSince = System.nanoTime();
        synchronized (this) {
            if (!closed) {
                idle.addLast(c);
                return;
            }
        }
        c.close();
    }

    private HttpConnection connect() throws IOException {
        // A channel's socket, so that an idle connection can be checked without blocking (fitForReuse).
        SocketChannel channel = SocketChannel.open();
        Socket raw = channel.socket();
        Socket s;
        connecting.add(raw);
        try {
            if (closed) {
                throw new IOException("HTTP client is closed");
            }
            raw.setTcpNoDelay(true);
            s = connector.connect(raw);
            raw.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos)));
        } catch (IOException | RuntimeException e) {
            raw.close();
            if (closed) {
                throw new IOException("HTTP client is closed", e);
            }
            throw e;
        } finally {
            connecting.remove(raw);
        }
        HttpConnection c = new HttpConnection(s, channel, open::remove);
        open.add(c);
        if (closed) {
            c.close();
            throw new IOException("HTTP client is closed");
        }
        return c;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            idle.clear();
        }
        open.forEach(HttpConnection::close);
        for (Socket s : connecting) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all we can do
            }
        }
        for (Runnable never : io.shutdownNow()) {
            // Queued behind busy threads and now never run: their callers must still hear back.
            ((Exchange) never).result.completeExceptionally(new IOException("HTTP client is closed"));
        }
        watchdog.shutdownNow();
        try {
            io.awaitTermination(1, TimeUnit.SECONDS);
            watchdog.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
