package io.github.kinesisproducer.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Reads HTTP/1.x responses from one connection's input: status line, headers, and a body framed by Content-Length,
 * chunked transfer coding, or the end of the connection. Bodies are bounded ({@link #MAX_BODY_BYTES}): Kinesis answers
 * in kilobytes (a ListShards page of 10,000 shards is about 3 MB), so anything larger is a broken or hostile peer,
 * and the producer's memory stays bounded whatever the server sends.
 */
final class HttpResponseReader {
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    private static final int MAX_LINE = 16384;

    private final InputStream in;
    private final BooleanSupplier aborted;
    /** True once a byte of the current response has arrived: the request was seen, so it must not be re-sent. */
    private boolean started;

    /** @param aborted true if the connection was closed on purpose (a timeout): EOF then says so, not "by the server" */
    HttpResponseReader(InputStream in, BooleanSupplier aborted) {
        this.in = in;
        this.aborted = aborted;
    }

    /** True once a byte of the response being read (or last read) has arrived. */
    boolean started() {
        return started;
    }

    /** Forgets the last response: for a new exchange on the same connection. */
    void reset() {
        started = false;
    }

    Http11Client.Response read() throws IOException {
        started = false;
        String status = line();
        // "HTTP/1.1 200 OK"
        if (!status.startsWith("HTTP/1.") || status.length() < 12) {
            throw new IOException("not an HTTP response: " + abbreviate(status));
        }
        int code;
        try {
            code = Integer.parseInt(status.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status line: " + abbreviate(status), e);
        }
        String reason = status.length() > 13 ? status.substring(13) : "";
        Map<String, String> headers = new TreeMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        h.substring(colon + 1).trim(), (a, b) -> a + "," + b);
            }
        }
        byte[] body;
        String te = headers.get("transfer-encoding");
        String cl = headers.get("content-length");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked();
        } else if (cl != null) {
            int n = count(cl, 10, "Content-Length");
            checkBodySize(n);
            body = in.readNBytes(n);
            if (body.length < n) {
                throw new EOFException("connection closed after " + body.length + " of " + n + " body bytes");
            }
        } else if (code == 204 || code == 304 || code < 200) {
            body = new byte[0];
        } else {
            // No length: the body ends when the server closes (one byte more than allowed tells it is too long).
            body = in.readNBytes(MAX_BODY_BYTES + 1);
            checkBodySize(body.length);
            return new Http11Client.Response(code, reason, headers, body, false);
        }
        String connection = headers.getOrDefault("connection", "");
        boolean keepAlive = status.startsWith("HTTP/1.0") ? connection.equalsIgnoreCase("keep-alive")
                : !connection.equalsIgnoreCase("close");
        return new Http11Client.Response(code, reason, headers, body, keepAlive);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semi = size.indexOf(';');
            int n = count(semi < 0 ? size : size.substring(0, semi), 16, "chunk size");
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers: ignored
                }
                return body.toByteArray();
            }
            checkBodySize((long) body.size() + n);
            byte[] chunk = in.readNBytes(n);
            if (chunk.length < n) {
                throw new EOFException("connection closed inside a chunk");
            }
            body.write(chunk);
            if (!line().isEmpty()) {
                throw new IOException("chunk of " + n + " bytes not followed by CRLF");
            }
        }
    }

    private static void checkBodySize(long n) throws IOException {
        if (n > MAX_BODY_BYTES) {
            throw new IOException("HTTP response body larger than " + (MAX_BODY_BYTES >> 20)
                    + " MiB: not a Kinesis response (check the endpoint)");
        }
    }

    /** One header line without its CRLF; EOF before it ends is an error. */
    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(sb.length() == 0 && !aborted.getAsBoolean()
                        ? "connection closed by the server before a response" : "connection closed mid-response");
            }
            started = true;
            if (b == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            if (sb.length() > MAX_LINE) {
                throw new IOException("HTTP header line longer than 16 KiB");
            }
            sb.append((char) b);
        }
    }

    /** A non-negative length from a header or chunk line; anything else is a protocol error (IOException). */
    private static int count(String value, int radix, String what) throws IOException {
        try {
            int n = Integer.parseInt(value.trim(), radix);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException("bad " + what + ": " + abbreviate(value));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
