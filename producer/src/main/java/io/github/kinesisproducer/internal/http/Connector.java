package io.github.kinesisproducer.internal.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes a connection ready for requests: TCP to the endpoint, or to the proxy; then, through a proxy to an
 * {@code https://} endpoint, the {@code CONNECT} tunnel; then the TLS handshake with the endpoint. All of it within
 * one connect timeout, enforced by a timer that closes the socket (a proxy that accepts and then says nothing, or
 * trickles its answer, cannot hold a connection open longer).
 */
final class Connector {
    private static final int CONNECTING = 0;
    private static final int DONE = 1;
    private static final int EXPIRED = 2;

    private final String host;
    private final int port;
    private final Tls tls;
    private final HttpProxy proxy;
    private final int connectTimeoutMillis;
    private final ScheduledExecutorService timer;

    /**
     * @param tls null for http://
     * @param proxy null to connect directly
     */
    Connector(String host, int port, Tls tls, HttpProxy proxy, int connectTimeoutMillis,
            ScheduledExecutorService timer) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.proxy = proxy;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.timer = timer;
    }

    /**
     * Connects {@code raw}, a fresh socket, and returns the socket to exchange requests on ({@code raw}, or TLS over
     * it). The caller closes {@code raw} if this throws.
     */
    Socket connect(Socket raw) throws IOException {
        return connect(raw, true);
    }

    /**
     * Connects {@code raw} to the proxy and opens the tunnel, without the TLS handshake: for the start-up check, which
     * asks the proxy only. The caller closes {@code raw}.
     */
    void tunnel(Socket raw) throws IOException {
        connect(raw, false);
    }

    private Socket connect(Socket raw, boolean handshake) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(connectTimeoutMillis);
        AtomicInteger state = new AtomicInteger(CONNECTING);
        ScheduledFuture<?> expiry = timer.schedule(() -> {
            if (state.compareAndSet(CONNECTING, EXPIRED)) {
                closeQuietly(raw);
            }
        }, connectTimeoutMillis, TimeUnit.MILLISECONDS);
        try {
            Socket s = establish(raw, deadline, handshake);
            if (!state.compareAndSet(CONNECTING, DONE)) {
                throw timedOut(null);
            }
            return s;
        } catch (IOException e) {
            if (state.get() == EXPIRED || e instanceof SocketTimeoutException) {
                throw timedOut(e);
            }
            throw e;
        } finally {
            expiry.cancel(false);
        }
    }

    private Socket establish(Socket raw, long deadline, boolean handshake) throws IOException {
        if (proxy == null) {
            raw.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
        } else {
            connectToProxy(raw);
            if (tls != null) {
                raw.setSoTimeout(remainingMillis(deadline));
                ProxyTunnel.open(raw, proxy, host, port);
            }
        }
        if (tls == null || !handshake) {
            return raw;
        }
        raw.setSoTimeout(remainingMillis(deadline)); // the handshake is part of connecting
        return tls.handshake(raw);
    }

    private void connectToProxy(Socket raw) throws IOException {
        InetSocketAddress address = new InetSocketAddress(proxy.host(), proxy.port());
        if (address.isUnresolved()) {
            throw new UnknownHostException("cannot resolve the proxy " + proxy + ": unknown host " + proxy.host());
        }
        try {
            raw.connect(address, connectTimeoutMillis);
        } catch (ConnectException e) {
            ConnectException named = new ConnectException("cannot connect to the proxy " + proxy + ": "
                    + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    private SocketTimeoutException timedOut(IOException cause) {
        SocketTimeoutException t = new SocketTimeoutException("connecting to " + host + ":" + port
                + (proxy == null ? "" : " through the proxy " + proxy) + " took longer than " + connectTimeoutMillis
                + " ms (connect timeout: request_timeout, at most 6 s)");
        t.initCause(cause);
        return t;
    }

    private static int remainingMillis(long deadline) {
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // the connect in progress fails, which is the point
        }
    }
}
