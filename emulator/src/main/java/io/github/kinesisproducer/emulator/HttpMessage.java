package io.github.kinesisproducer.emulator;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request or response as the {@link KinesisProxy} sees it: the start line, the headers (names in lower
 * case, in arrival order) and the whole body. Reading accepts {@code Content-Length} and chunked bodies; writing
 * always frames with {@code Content-Length} (a rewritten body gets the right length).
 *
 * <p>Deliberately small and strict: it serves a test proxy in front of an emulator, not arbitrary traffic.
 *
 * @param startLine "POST / HTTP/1.1" or "HTTP/1.1 200 OK"
 */
@SuppressWarnings("ArrayRecordComponent") // the body as read or to be written; messages are never compared
public record HttpMessage(String startLine, Map<String, String> headers, byte[] body) {
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    public HttpMessage {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A response with a JSON body, as Kinesis sends it (errors carry {@code x-amzn-ErrorType} too). */
    public static HttpMessage response(int status, String reason, Map<String, String> headers, byte[] body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/x-amz-json-1.1");
        h.putAll(headers);
        return new HttpMessage("HTTP/1.1 " + status + " " + reason, h, body);
    }

    /** The status code of a response. */
    public int status() {
        String[] parts = startLine.split(" ", 3);
        return Integer.parseInt(parts[1]);
    }

    /** The operation a Kinesis request calls ({@code PutRecords} for {@code X-Amz-Target: Kinesis_20131202.PutRecords}). */
    public String operation() {
        String target = headers.getOrDefault("x-amz-target", "");
        return target.substring(target.indexOf('.') + 1);
    }

    public String bodyAsUtf8() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The same message with another body (its length is set when written). */
    public HttpMessage withBody(byte[] newBody) {
        return new HttpMessage(startLine, headers, newBody);
    }

    /** The same message with one header set (name in any case), or removed if {@code value} is null. */
    public HttpMessage withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        if (value == null) {
            h.remove(name.toLowerCase(Locale.ROOT));
        } else {
            h.put(name.toLowerCase(Locale.ROOT), value);
        }
        return new HttpMessage(startLine, h, body);
    }

    /** Writes the message with a {@code Content-Length} matching its body (transfer codings are dropped). */
    public void writeTo(OutputStream out) throws IOException {
        out.write(head());
        out.write(body);
        out.flush();
    }

    /** The start line and headers, ending with the blank line. */
    public byte[] head() {
        StringBuilder sb = new StringBuilder(startLine).append("\r\n");
        headers.forEach((name, value) -> {
            if (!name.equals("content-length") && !name.equals("transfer-encoding")) {
                sb.append(name).append(": ").append(value).append("\r\n");
            }
        });
        sb.append("content-length: ").append(body.length).append("\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The whole message as bytes, as {@link #writeTo} writes it. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 256);
        out.writeBytes(head());
        out.writeBytes(body);
        return out.toByteArray();
    }

    /**
     * Reads one message, or returns null if the stream ends before its first byte (the peer closed an idle
     * keep-alive connection). Interim {@code 1xx} responses are returned like any other message.
     */
    public static HttpMessage read(InputStream in) throws IOException {
        String start = line(in, true);
        if (start == null) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int headBytes = start.length();
        for (String l = line(in, false); !l.isEmpty(); l = line(in, false)) {
            headBytes += l.length();
            if (headBytes > MAX_HEAD_BYTES) {
                throw new IOException("message head over " + MAX_HEAD_BYTES + " bytes");
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + l);
            }
            headers.merge(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        boolean bodyless = start.startsWith("HTTP/") && isBodyless(start);
        byte[] body = bodyless ? new byte[0]
                : "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? chunked(in)
                : fixed(in, headers.get("content-length"));
        return new HttpMessage(start, headers, body);
    }

    private static boolean isBodyless(String statusLine) {
        String[] parts = statusLine.split(" ", 3);
        int status = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return status / 100 == 1 || status == 204 || status == 304;
    }

    private static byte[] fixed(InputStream in, String contentLength) throws IOException {
        if (contentLength == null) {
            return new byte[0]; // requests without a body; responses from kinesalite always carry a length
        }
        long n = Long.parseLong(contentLength.trim());
        if (n < 0 || n > MAX_BODY_BYTES) {
            throw new IOException("body length out of range: " + n);
        }
        byte[] body = in.readNBytes((int) n);
        if (body.length != n) {
            throw new EOFException("connection closed inside a body");
        }
        return body;
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in, false);
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
            if (n == 0) {
                while (!line(in, false).isEmpty()) {
                    // trailers: ignored
                }
                return out.toByteArray();
            }
            if (out.size() + (long) n > MAX_BODY_BYTES) {
                throw new IOException("chunked body over " + MAX_BODY_BYTES + " bytes");
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length != n) {
                throw new EOFException("connection closed inside a chunk");
            }
            out.writeBytes(chunk);
            line(in, false);
        }
    }

    /** A CRLF- (or LF-) terminated line; null at end of stream before the first byte if {@code eofOk}. */
    private static String line(InputStream in, boolean eofOk) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofOk && sb.length() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside a message head");
            }
            if (b == '\n') {
                int end = sb.length();
                return end > 0 && sb.charAt(end - 1) == '\r' ? sb.substring(0, end - 1) : sb.toString();
            }
            if (sb.length() > MAX_HEAD_BYTES) {
                throw new IOException("line over " + MAX_HEAD_BYTES + " bytes");
            }
            sb.append((char) b);
        }
    }
}
