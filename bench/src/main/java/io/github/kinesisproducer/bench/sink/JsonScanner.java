package io.github.kinesisproducer.bench.sink;

import java.nio.charset.StandardCharsets;

/**
 * A minimal, allocation-free JSON cursor over a byte[] (UTF-8). It only does what the sink needs: walk objects and arrays,
 * locate string values (as byte ranges into the input) and skip everything else. It is not a validating parser: the
 * inputs come from AWS SDKs and the KPL daemon. Strings containing escapes are flagged so the caller can unescape them.
 */
final class JsonScanner {
    private final byte[] b;
    private int pos;
    private final int end;

    /** Range of the last string read by {@link #readString()}: [strStart, strEnd), without quotes, still escaped. */
    int strStart;
    int strEnd;
    boolean strEscaped;

    JsonScanner(byte[] buf, int off, int len) {
        this.b = buf;
        this.pos = off;
        this.end = off + len;
    }

    void skipWs() {
        while (pos < end) {
            byte c = b[pos];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                pos++;
            } else {
                return;
            }
        }
    }

    boolean tryConsume(char c) {
        skipWs();
        if (pos < end && b[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    void expect(char c) {
        if (!tryConsume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    /** Peeks at the next non-blank byte, -1 at the end. */
    int peek() {
        skipWs();
        return pos < end ? b[pos] : -1;
    }

    void readString() {
        expect('"');
        strStart = pos;
        strEscaped = false;
        while (pos < end) {
            byte c = b[pos];
            if (c == '"') {
                strEnd = pos++;
                return;
            }
            if (c == '\\') {
                strEscaped = true;
                pos += 2;
            } else {
                pos++;
            }
        }
        throw error("unterminated string");
    }

    /** True if the last string read equals the ASCII {@code key} (keys never contain escapes here). */
    boolean stringEquals(byte[] key) {
        int len = strEnd - strStart;
        if (len != key.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[strStart + i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    String stringValue() {
        if (!strEscaped) {
            return new String(b, strStart, strEnd - strStart, StandardCharsets.UTF_8);
        }
        return new String(unescape(b, strStart, strEnd), StandardCharsets.UTF_8);
    }

    /** Skips any JSON value. */
    void skipValue() {
        int c = peek();
        switch (c) {
            case '"' -> readString();
            case '{' -> skipContainer('{', '}');
            case '[' -> skipContainer('[', ']');
            default -> {
                while (pos < end) {
                    byte x = b[pos];
                    if (x == ',' || x == '}' || x == ']' || x == ' ' || x == '\n' || x == '\r' || x == '\t') {
                        break;
                    }
                    pos++;
                }
            }
        }
    }

    private void skipContainer(char open, char close) {
        expect(open);
        if (tryConsume(close)) {
            return;
        }
        do {
            if (open == '{') {
                readString();
                expect(':');
            }
            skipValue();
        } while (tryConsume(','));
        expect(close);
    }

    IllegalArgumentException error(String what) {
        return new IllegalArgumentException("JSON: " + what + " at offset " + pos);
    }

    /** Unescapes the JSON string body b[from, to) into UTF-8 bytes. */
    static byte[] unescape(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        int i = from;
        int runStart = from;
        while (i < to) {
            if (b[i] != '\\') {
                i++;
                continue;
            }
            sb.append(new String(b, runStart, i - runStart, StandardCharsets.UTF_8));
            char e = (char) b[i + 1];
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(new String(b, i + 2, 4, StandardCharsets.US_ASCII), 16));
                    i += 4;
                }
                default -> sb.append(e); // \" \\ \/
            }
            i += 2;
            runStart = i;
        }
        sb.append(new String(b, runStart, to - runStart, StandardCharsets.UTF_8));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
