package io.github.kinesisproducer.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal HTTP/1.1 client for POSTs to one endpoint: keep-alive connections, blocking I/O on as many threads as
 * requests may be in flight. PutRecords sends a few hundred large bodies per million records; for that, a blocking
 * socket write of the whole body is all the work there is, where a general asynchronous client (netty through the
 * SDK) spent more CPU on its own machinery, and on compiling it, than on the bytes.
 *
 * <p>Every request has a deadline: a watchdog closes the socket when it passes, which also ends a write blocked on a
 * peer that stopped reading (a read timeout alone would not).
 */
final class Http11Client implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Idle connections older than this are closed rather than reused: servers and load balancers drop them. */
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final long IN_USE = 1;
    private static final long DONE = 2;
    private static final long ABORTED = 3;

    /** A response: status, headers with lower-case names, body. */
    record Response(int status, String reason, Map<String, String> headers, byte[] body, boolean keepAlive) {
    }

    private final SSLSocketFactory tlsSockets;
    private final String host;
    private final int port;
    private final boolean tls;
    private final String hostHeader;
    private final int connectTimeoutMillis;
    private final long requestTimeoutNanos;
    private final ExecutorService io;
    private final ScheduledThreadPoolExecutor watchdog;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    /** Sockets still connecting: a blocked connect() ignores interrupts, so close() closes these to end it at once. */
    private final Set<Socket> connecting = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Http11Client(URI endpoint, int maxInFlight, Duration connectTimeout, Duration requestTimeout) {
        this(endpoint, maxInFlight, connectTimeout, requestTimeout, null);
    }

    /** @param tlsSockets for https; null for the JVM's default (its trust store, javax.net.ssl.*) */
    Http11Client(URI endpoint, int maxInFlight, Duration connectTimeout, Duration requestTimeout,
            SSLSocketFactory tlsSockets) {
        this.tlsSockets = tlsSockets;
        this.tls = "https".equalsIgnoreCase(endpoint.getScheme());
        if (!tls && !"http".equalsIgnoreCase(endpoint.getScheme())) {
            throw new IllegalArgumentException("endpoint must be http:// or https://, not " + endpoint);
        }
        this.host = endpoint.getHost();
        this.port = endpoint.getPort() > 0 ? endpoint.getPort() : tls ? 443 : 80;
        this.hostHeader = port == (tls ? 443 : 80) ? host : host + ":" + port;
        this.connectTimeoutMillis = (int) Math.max(1, connectTimeout.toMillis());
        this.requestTimeoutNanos = requestTimeout.toNanos();
        int id = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.io = new ThreadPoolExecutor(maxInFlight, maxInFlight, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> daemon(r, "kinesis-producer-http-" + id + "-" + threads.incrementAndGet()));
        ((ThreadPoolExecutor) io).allowCoreThreadTimeOut(true);
        this.watchdog = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "kinesis-producer-http-" + id + "-watchdog"));
        watchdog.setRemoveOnCancelPolicy(true);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The Host header value requests carry (and that a signature must cover). */
    String hostHeader() {
        return hostHeader;
    }

    /**
     * POSTs {@code length} bytes of {@code body} to "/". The future fails with an {@link IOException} for connection
     * and protocol errors and with a {@link TimeoutException} when the request timeout passes.
     */
    CompletableFuture<Response> post(Map<String, String> headers, byte[] body, int length) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new IOException("HTTP client is closed"));
            return result;
        }
        try {
            io.execute(new Exchange(result, () -> exchange(headers, body, length)));
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

    private Response exchange(Map<String, String> headers, byte[] body, int length)
            throws IOException, TimeoutException {
        Connection reused = idleConnection();
        boolean sentOnStale = false;
        if (reused != null) {
            try {
                return exchange(reused, headers, body, length);
            } catch (IOException e) {
                if (reused.aborted() || reused.responseStarted() || closed) {
                    throw e;
                }
                // The server had closed this idle connection (keep-alive timeout): the request never got an answer
                // on it. One more try on a fresh connection, as any HTTP client does for a stale pooled connection.
                sentOnStale = e instanceof RequestSentException;
            }
        }
        try {
            return exchange(connect(), headers, body, length);
        } catch (IOException e) {
            // The copy written whole to the stale connection may have been acted on even if this one was not.
            throw sentOnStale && !(e instanceof RequestSentException) ? new RequestSentException(e) : e;
        }
    }

    private Response exchange(Connection conn, Map<String, String> headers, byte[] body, int length)
            throws IOException, TimeoutException {
        long exchange = conn.begin();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> conn.abort(exchange), requestTimeoutNanos,
                TimeUnit.NANOSECONDS);
        boolean reusable = false;
        boolean sent = false;
        try {
            conn.write(headers, body, length);
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

    private synchronized Connection idleConnection() {
        long now = System.nanoTime();
        Connection c;
        while ((c = idle.pollLast()) != null) {
            if (now - c.idleSince < MAX_IDLE_NANOS) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private void release(Connection c) {
        c.idleSince = System.nanoTime();
        synchronized (this) {
            if (!closed) {
                idle.addLast(c);
                return;
            }
        }
        c.close();
    }

    private Connection connect() throws IOException {
        Socket raw = new Socket();
        Socket s = raw;
        connecting.add(raw);
        try {
            if (closed) {
                throw new IOException("HTTP client is closed");
            }
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            s.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos)));
            if (tls) {
                SSLSocketFactory factory = tlsSockets != null ? tlsSockets
                        : (SSLSocketFactory) SSLSocketFactory.getDefault();
                SSLSocket ssl = (SSLSocket) factory.createSocket(s, host, port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // verify the certificate names this host
                ssl.setSSLParameters(params);
                s = ssl;
            }
        } catch (IOException | RuntimeException e) {
            raw.close();
            if (closed) {
                throw new IOException("HTTP client is closed", e);
            }
            throw e;
        } finally {
            connecting.remove(raw);
        }
        Connection c = new Connection(s, raw);
        open.add(c);
        if (closed) {
            c.close();
            throw new IOException("HTTP client is closed");
        }
        return c;
    }

    /** Closes every connection (failing requests in flight) and stops the threads. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            idle.clear();
        }
        open.forEach(Connection::close);
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

    /** One keep-alive connection; used by one request at a time. */
    private final class Connection {
        private final Socket socket;
        /**
         * The TCP socket under {@link #socket} (the same one without TLS). Closing this one never blocks: closing an
         * SSLSocket first sends close_notify, which waits for the lock held by a write blocked on a peer that stopped
         * reading — exactly the write the watchdog has to end.
         */
        private final Socket raw;
        /** Exchange number × 4 + its phase ({@link #IN_USE}, {@link #DONE}, {@link #ABORTED}); see {@link #begin()}. */
        private final java.util.concurrent.atomic.AtomicLong state = new java.util.concurrent.atomic.AtomicLong();
        private final OutputStream out;
        private final HttpResponseReader response;
        long idleSince;

        Connection(Socket socket, Socket raw) throws IOException {
            this.socket = socket;
            this.raw = raw;
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.response = new HttpResponseReader(in, this::aborted);
        }

        void write(Map<String, String> headers, byte[] body, int length) throws IOException {
            StringBuilder head = new StringBuilder(512).append("POST / HTTP/1.1\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(length).append("\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, length); // larger than the buffer: goes straight to the socket after the head
            out.flush();
        }

        Response read() throws IOException {
            return response.read();
        }

        /** True once a byte of the current response has arrived: the request was seen, so it is not re-sent. */
        boolean responseStarted() {
            return response.started();
        }

        /** Starts an exchange on this connection; returns its number for {@link #abort} and {@link #finish}. */
        long begin() {
            long next = (state.get() >> 2) + 1;
            state.set(next << 2 | IN_USE);
            response.reset();
            return next;
        }

        /** The watchdog: ends exchange n by closing the socket, unless it has already finished. */
        void abort(long n) {
            if (state.compareAndSet(n << 2 | IN_USE, n << 2 | ABORTED)) {
                close();
            }
        }

        /** True if exchange n ended normally (the watchdog did not abort it, and now cannot). */
        boolean finish(long n) {
            return state.compareAndSet(n << 2 | IN_USE, n << 2 | DONE);
        }

        boolean aborted() {
            return (state.get() & 3) == ABORTED;
        }

        void close() {
            open.remove(this);
            try {
                raw.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
