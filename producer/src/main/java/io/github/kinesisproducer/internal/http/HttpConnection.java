package io.github.kinesisproducer.internal.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** One keep-alive connection of {@link Http11Client}; used by one request at a time. */
final class HttpConnection {
    private static final long IN_USE = 1;
    private static final long DONE = 2;
    private static final long ABORTED = 3;

    /**
     * The TCP channel under the socket the exchange uses (the same socket without TLS). Closing it never blocks:
     * closing an SSLSocket first sends close_notify, which waits for the lock held by a write blocked on a peer that
     * stopped reading — exactly the write the watchdog has to end.
     */
    private final SocketChannel channel;
    private final Consumer<HttpConnection> onClose;
    /** Exchange number × 4 + its phase ({@link #IN_USE}, {@link #DONE}, {@link #ABORTED}); see {@link #begin()}. */
    private final AtomicLong state = new AtomicLong();
    private final OutputStream out;
    private final InputStream in;
    private final HttpResponseReader response;
    long idleSince;

    HttpConnection(Socket socket, SocketChannel channel, Consumer<HttpConnection> onClose) throws IOException {
        this.channel = channel;
        this.onClose = onClose;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        this.in = socket.getInputStream(); // the reader buffers it
        this.response = new HttpResponseReader(in, this::aborted);
    }

    /**
     * The request line and headers. The headers are sent exactly as given (they are what was signed); they must
     * include {@code Content-Length} equal to {@code length}.
     *
     * @throws IllegalArgumentException for a header that cannot be sent as is (a line break would split the request)
     */
    static byte[] requestHead(String path, Map<String, String> headers, int length) {
        return requestHead("POST", path, headers, length, null);
    }

    /**
     * @param target the path, or the absolute URL for a request through a proxy
     * @param proxyAuthorization a {@code Proxy-Authorization} value, or null; not signed (a hop-by-hop header that
     *     the proxy removes)
     */
    static byte[] requestHead(String method, String target, Map<String, String> headers, int length,
            String proxyAuthorization) {
        StringBuilder head = new StringBuilder(768).append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean framed = false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey();
            String value = h.getValue();
            if (!isToken(name) || !isFieldValue(value)) {
                throw new IllegalArgumentException("header " + name + " has a name or value that HTTP cannot carry");
            }
            if (name.toLowerCase(Locale.ROOT).equals("content-length")) {
                if (!value.equals(Integer.toString(length))) {
                    throw new IllegalArgumentException("Content-Length " + value + " for a body of " + length);
                }
                framed = true;
            }
            head.append(name).append(": ").append(value).append("\r\n");
        }
        if (!framed) {
            throw new IllegalArgumentException("a request needs its (signed) Content-Length header");
        }
        if (proxyAuthorization != null) {
            head.append("Proxy-Authorization: ").append(proxyAuthorization).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7F || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < ' ' && c != '\t') || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    void write(byte[] head, byte[] body, int length) throws IOException {
        out.write(head);
        out.write(body, 0, length); // larger than the buffer: goes straight to the socket after the head
        out.flush();
    }

    HttpTransport.Response read() throws IOException {
        return response.read();
    }

    /**
     * Before reusing an idle connection: true if nothing has arrived on it since its last response. A close (or a
     * reset) that already arrived means the server dropped it, and a request written to it would be lost in a way
     * that cannot be told from one the server took; stray bytes would be read as the next answer. Either way the
     * connection is not used. Non-blocking: the channel is switched to non-blocking for one read of one byte.
     */
    boolean fitForReuse() {
        try {
            if (response.buffered() > 0 || in.available() > 0) {
                return false;
            }
            channel.configureBlocking(false);
            try {
                return channel.read(ByteBuffer.allocate(1)) == 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
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
        onClose.accept(this);
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
