package io.github.kinesisproducer.internal.http;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * POSTs to one endpoint: the seam between {@code KinesisHttp} (what to send, signed) and a socket layer. Two
 * implementations: {@link Http11Client} (hand-written HTTP/1.1, the default) and {@link JdkHttpTransport}
 * ({@code java.net.http}, for comparison; see docs/performance.md).
 *
 * <p>The delivery verdict hangs on this interface: a failed future whose cause chain has no
 * {@link RequestSentException} means the request provably never reached the server whole, so nothing was stored. An
 * implementation that cannot tell must put one in every failure but a refused connection.
 */
public interface HttpTransport extends AutoCloseable {
    /** A response: status, headers with lower-case names, body. */
    @SuppressWarnings("ArrayRecordComponent") // the body as read; responses are never compared
    record Response(int status, String reason, Map<String, String> headers, byte[] body, boolean keepAlive) {
    }

    /** The {@code Host} header value requests carry (and that the signature covers). */
    String hostHeader();

    /** The request target: the endpoint's path, normalized ("/" when it has none). The signature covers it. */
    String path();

    /**
     * POSTs {@code length} bytes of {@code body} with exactly these headers (which include {@code Host} and
     * {@code Content-Length}, as signed). The future fails with an {@link java.io.IOException} for connection and
     * protocol errors and with a {@link java.util.concurrent.TimeoutException} when the request timeout passes; either
     * carries a {@link RequestSentException} if the request may have reached the server.
     */
    CompletableFuture<Response> post(Map<String, String> headers, byte[] body, int length);

    /**
     * Opens a first connection through the configured HTTP proxy, if there is one, so that a proxy that refuses the
     * credentials or the destination is found before any record is accepted. Blocks up to the connect timeout (plus
     * the request timeout for an http:// endpoint). Transports that cannot tell do nothing.
     *
     * @throws ProxyRefusedException if the proxy refuses for good
     * @throws java.io.IOException for other failures (an unreachable proxy: the caller decides whether to go on)
     */
    default void checkProxy() throws java.io.IOException, java.util.concurrent.TimeoutException {
    }

    /** Closes every connection (failing requests in flight) and stops the threads. */
    @Override
    void close();
}
