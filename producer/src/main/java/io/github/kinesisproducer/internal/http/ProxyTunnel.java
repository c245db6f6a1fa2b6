package io.github.kinesisproducer.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Opens a {@code CONNECT} tunnel through an HTTP proxy on a connected socket: after it, the socket carries bytes to
 * and from the endpoint, and TLS runs end to end with the endpoint (its certificate checked against the endpoint's
 * name, not the proxy's). The proxy's answer is read byte by byte up to its blank line and not one byte further:
 * what follows belongs to the TLS handshake.
 */
final class ProxyTunnel {
    /** A proxy's answer to CONNECT is a status line and a few headers; more is a broken or hostile peer. */
    static final int MAX_HEAD_BYTES = 16 * 1024;

    private ProxyTunnel() {
    }

    /**
     * Asks the proxy for a tunnel to {@code host:port}, with Basic credentials if the proxy has them, and returns
     * once the proxy answered 2xx. Reads are bounded by the socket's timeout, set by the caller.
     *
     * @throws ProxyRefusedException if the proxy refuses for good (407, 403, ...)
     * @throws IOException for any other failure (a 502 or 503 from the proxy, a closed connection, not HTTP)
     */
    static void open(Socket socket, HttpProxy proxy, String host, int port) throws IOException {
        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        StringBuilder request = new StringBuilder(256).append("CONNECT ").append(authority).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n");
        if (proxy.hasCredentials()) {
            request.append("Proxy-Authorization: ").append(proxy.authorization()).append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        int[] read = {0};
        String status = line(in, read, proxy);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
            throw new IOException("the proxy " + proxy + " did not answer CONNECT in HTTP (is it an HTTP proxy?): "
                    + printable(status));
        }
        int code = Integer.parseInt(parts[1]);
        String challenge = null;
        for (String header = line(in, read, proxy); !header.isEmpty(); header = line(in, read, proxy)) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).strip().toLowerCase(Locale.ROOT)
                    .equals("proxy-authenticate")) {
                String value = header.substring(colon + 1).strip();
                challenge = challenge == null ? value : challenge + ", " + value;
            }
        }
        if (code < 200 || code > 299) {
            throw ProxyRefusedException.of(proxy, code, parts.length > 2 ? parts[2] : "", challenge, authority);
        }
    }

    /** One line of the answer, without its CRLF (or LF). */
    private static String line(InputStream in, int[] read, HttpProxy proxy) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the proxy " + proxy + " closed the connection "
                        + (read[0] == 0 ? "instead of answering CONNECT" : "in the middle of its answer to CONNECT"));
            }
            if (++read[0] > MAX_HEAD_BYTES) {
                throw new IOException("the proxy " + proxy + " answered CONNECT with more than " + MAX_HEAD_BYTES
                        + " bytes of head");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
