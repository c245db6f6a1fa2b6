package io.github.kinesisproducer.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Reads HTTP/1.1 responses from one connection's input, strictly: a response whose framing is ambiguous (both
 * {@code Transfer-Encoding} and {@code Content-Length}, two {@code Content-Length}s, a length that is not a plain
 * number) or cut short is an {@link IOException}, never a guess, so the connection is closed and the call's outcome
 * is unknown, and no byte of it can be taken for the next answer on that connection. Interim {@code 1xx} responses
 * are skipped. Heads and bodies are bounded: Kinesis answers in kilobytes (a ListShards page of 10,000 shards is about
 * 3 MB), so anything larger is a broken or hostile peer, and the producer's memory stays bounded whatever the server
 * sends.
 *
 * <p>It buffers the connection's input itself (give it the socket's stream, unbuffered): the head is scanned in that
 * buffer a line at a time rather than a byte per call on a synchronized {@code BufferedInputStream}, and a body of
 * known length is read into one array of exactly its size (the JDK's {@code readNBytes(int)} collects 8 KiB pieces and
 * copies them again, twice the allocation for a 45 KB answer of 500 results). Nothing is read past the end of the
 * current response except what the server already sent after it, which {@link #buffered()} reports.
 */
final class HttpResponseReader {
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    /** The status line and all header lines of one response (or the trailers of a chunked body) together. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_HEADERS = 128;
    /** Interim responses tolerated before the answer (a server may send 100 Continue and 103 Early Hints). */
    static final int MAX_INTERIM_RESPONSES = 16;

    private static final int BUFFER_BYTES = 8192;

    private final InputStream in;
    private final BooleanSupplier aborted;
    private final byte[] buf = new byte[BUFFER_BYTES];
    /** Unread bytes are buf[pos, lim). */
    private int pos;
    private int lim;
    /** The current head line's bytes when it does not lie whole in {@link #buf} (grows up to the head's bound). */
    private byte[] lineBuf = new byte[128];
    /** True once a byte of the current response has arrived. */
    private boolean started;
    /** Bytes of head (or trailers) read so far, against {@link #MAX_HEAD_BYTES}. */
    private int headBytes;

    /** @param aborted true if the connection was closed on purpose (a timeout): EOF then says so, not "by the server" */
    HttpResponseReader(InputStream in, BooleanSupplier aborted) {
        this.in = in;
        this.aborted = aborted;
    }

    /** True once a byte of the response being read (or last read) has arrived. */
    boolean started() {
        return started;
    }

    /** Bytes that arrived after the last response and are not read yet (a healthy connection has none). */
    int buffered() {
        return lim - pos;
    }

    /** Forgets the last response: for a new exchange on the same connection. */
    void reset() {
        started = false;
    }

    /** The next final (non-1xx) response, its body read whole. */
    HttpTransport.Response read() throws IOException {
        started = false;
        for (int interim = 0; ; interim++) {
            headBytes = 0;
            String status = line();
            int code = statusCode(status);
            Map<String, String> headers = new TreeMap<>();
            int contentLengths = headers(headers);
            if (code >= 200) {
                return finalResponse(status, code, headers, contentLengths);
            }
            if (code == 101) {
                throw new IOException("the server switched protocols (101) on a request that did not ask to");
            }
            if (interim >= MAX_INTERIM_RESPONSES) {
                throw new IOException("more than " + MAX_INTERIM_RESPONSES + " interim (1xx) responses");
            }
            // 100 Continue, 103 Early Hints, ...: no body; the answer follows.
        }
    }

    private HttpTransport.Response finalResponse(String status, int code, Map<String, String> headers,
            int contentLengths) throws IOException {
        String reason = status.length() > 13 ? status.substring(13) : "";
        String te = headers.get("transfer-encoding");
        String cl = headers.get("content-length");
        if (te != null && cl != null) {
            // RFC 9112 §6.3: a sign of request smuggling or a broken intermediary; never guess which one is right.
            throw new IOException("response has both Transfer-Encoding and Content-Length");
        }
        if (contentLengths > 1) {
            throw new IOException("response has " + contentLengths + " Content-Length headers");
        }
        byte[] body;
        boolean closeDelimited = false;
        if (code == 204 || code == 304) {
            body = new byte[0];
        } else if (te != null) {
            if (!te.trim().equalsIgnoreCase("chunked")) {
                throw new IOException("unsupported Transfer-Encoding: " + abbreviate(te));
            }
            body = chunked();
        } else if (cl != null) {
            int n = length(cl);
            body = new byte[n];
            int got = readUpTo(body, n);
            if (got < n) {
                throw new EOFException("connection closed after " + got + " of " + n + " body bytes");
            }
        } else {
            // No length: the body ends when the server closes (one byte more than allowed tells it is too long).
            body = readToEnd();
            checkBodySize(body.length);
            closeDelimited = true;
        }
        boolean keepAlive = !closeDelimited && keepAlive(status, headers.getOrDefault("connection", ""));
        return new HttpTransport.Response(code, reason, headers, body, keepAlive);
    }

    private static boolean keepAlive(String status, String connection) {
        boolean close = false;
        boolean keepAlive = false;
        for (String token : connection.split(",", 0)) { // empty tokens (a trailing comma) carry nothing
            String t = token.trim();
            close |= t.equalsIgnoreCase("close");
            keepAlive |= t.equalsIgnoreCase("keep-alive");
        }
        return !close && (status.startsWith("HTTP/1.1") || keepAlive);
    }

    /** "HTTP/1.1 200 OK" (the reason may be empty or absent) → 200. */
    private static int statusCode(String status) throws IOException {
        if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' '
                || (status.length() > 12 && status.charAt(12) != ' ')) {
            throw new IOException("not an HTTP/1.x status line: " + abbreviate(status));
        }
        int code = 0;
        for (int i = 9; i < 12; i++) {
            char c = status.charAt(i);
            if (c < '0' || c > '9') {
                throw new IOException("bad HTTP status line: " + abbreviate(status));
            }
            code = code * 10 + (c - '0');
        }
        if (code < 100) {
            throw new IOException("bad HTTP status code: " + abbreviate(status));
        }
        return code;
    }

    /** Reads header lines up to the empty line into {@code out}; returns how many Content-Length lines there were. */
    private int headers(Map<String, String> out) throws IOException {
        int count = 0;
        int contentLengths = 0;
        for (String h = line(); !h.isEmpty(); h = line()) {
            if (++count > MAX_HEADERS) {
                throw new IOException("response has more than " + MAX_HEADERS + " header lines");
            }
            int colon = h.indexOf(':');
            if (colon <= 0 || !isToken(h, colon)) {
                // Also a line folded onto the previous one (obsolete) and "Name : value" (RFC 9112 §5.1).
                throw new IOException("malformed header line: " + abbreviate(h));
            }
            String name = h.substring(0, colon).toLowerCase(Locale.ROOT);
            if (name.equals("content-length")) {
                contentLengths++;
            }
            out.merge(name, h.substring(colon + 1).trim(), (a, b) -> a + "," + b);
        }
        return contentLengths;
    }

    private static boolean isToken(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7F || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            headBytes = 0; // each chunk-size line is bounded on its own
            String size = line();
            int semi = size.indexOf(';');
            int n = hexLength(semi < 0 ? size : size.substring(0, semi));
            if (n == 0) {
                headBytes = 0;
                headers(new TreeMap<>()); // trailers: bounded like headers, then ignored
                return body.toByteArray();
            }
            checkBodySize((long) body.size() + n);
            byte[] chunk = new byte[n];
            if (readUpTo(chunk, n) < n) {
                throw new EOFException("connection closed inside a chunk");
            }
            body.write(chunk, 0, n);
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

    /**
     * One line without its CRLF (or bare LF), each byte a char (ISO-8859-1); EOF before it ends is an error; the head's
     * size is bounded.
     */
    private String line() throws IOException {
        int n = 0; // bytes of this line gathered in lineBuf so far (only when it spans buffer refills)
        while (true) {
            if (pos == lim && !fill()) {
                throw new EOFException(!started && !aborted.getAsBoolean()
                        ? "connection closed by the server before a response" : "connection closed mid-response");
            }
            started = true;
            int from = pos;
            int end = from;
            while (end < lim && buf[end] != '\n') {
                end++;
            }
            boolean complete = end < lim;
            int taken = end - from + (complete ? 1 : 0); // the LF counts against the bound too
            if (headBytes + taken > MAX_HEAD_BYTES) {
                throw new IOException("HTTP response head larger than " + (MAX_HEAD_BYTES >> 10) + " KiB");
            }
            headBytes += taken;
            pos = from + taken;
            if (complete && n == 0) {
                int len = end - from;
                len -= len > 0 && buf[end - 1] == '\r' ? 1 : 0;
                return new String(buf, from, len, StandardCharsets.ISO_8859_1);
            }
            if (n + end - from > lineBuf.length) {
                lineBuf = Arrays.copyOf(lineBuf, Math.max(n + end - from, lineBuf.length * 2));
            }
            System.arraycopy(buf, from, lineBuf, n, end - from);
            n += end - from;
            if (complete) {
                n -= n > 0 && lineBuf[n - 1] == '\r' ? 1 : 0;
                return new String(lineBuf, 0, n, StandardCharsets.ISO_8859_1);
            }
        }
    }

    /** Refills the empty buffer; false at EOF. */
    private boolean fill() throws IOException {
        int r = in.read(buf, 0, buf.length);
        while (r == 0) { // a blocking stream should not, but never spin on it
            r = in.read(buf, 0, buf.length);
        }
        pos = 0;
        lim = Math.max(r, 0);
        return r > 0;
    }

    /** Reads up to {@code n} bytes into {@code dst}: the buffered ones first, the rest straight from the stream. */
    private int readUpTo(byte[] dst, int n) throws IOException {
        int got = Math.min(n, lim - pos);
        System.arraycopy(buf, pos, dst, 0, got);
        pos += got;
        if (got < n) {
            got += in.readNBytes(dst, got, n - got);
        }
        return got;
    }

    /** The rest of the stream, up to one byte more than a body may have (the caller tells it is too long). */
    private byte[] readToEnd() throws IOException {
        int buffered = lim - pos;
        byte[] head = Arrays.copyOfRange(buf, pos, lim);
        pos = lim;
        byte[] rest = in.readNBytes(MAX_BODY_BYTES + 1 - buffered);
        if (rest.length == 0) {
            return head;
        }
        byte[] all = Arrays.copyOf(head, buffered + rest.length);
        System.arraycopy(rest, 0, all, buffered, rest.length);
        return all;
    }

    /** Content-Length: decimal digits only (no sign, no list, no spaces inside), at most {@link #MAX_BODY_BYTES}. */
    private static int length(String value) throws IOException {
        String v = value.trim();
        if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IOException("bad Content-Length: " + abbreviate(value));
        }
        long n = Long.parseLong(v);
        checkBodySize(n);
        return (int) n;
    }

    /** A chunk size: hex digits only, at most 8 of them. */
    private static int hexLength(String value) throws IOException {
        String v = value.trim();
        if (v.isEmpty() || v.length() > 8 || !v.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80)) {
            throw new IOException("bad chunk size: " + abbreviate(value));
        }
        long n = Long.parseLong(v, 16);
        checkBodySize(n);
        return (int) n;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
