package io.github.kinesisproducer.bench.sink;

import java.util.Arrays;

/** A growable ASCII output buffer, reused per worker thread. */
final class ByteSink {
    byte[] buf = new byte[64 * 1024];
    int len;

    void reset() {
        len = 0;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    ByteSink ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** Writes v in decimal, left-padded with zeros to {@code width} digits. */
    ByteSink padded(long v, int width) {
        ensure(width);
        for (int i = width - 1; i >= 0; i--) {
            buf[len + i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        len += width;
        return this;
    }

    ByteSink num(long v) {
        return ascii(Long.toString(v));
    }

    /** Writes a JSON string literal (quotes and escapes). */
    ByteSink jsonString(String s) {
        ensure(s.length() * 6 + 2);
        buf[len++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                buf[len++] = '\\';
                buf[len++] = (byte) c;
            } else if (c < 0x20 || c > 0x7E) {
                ascii(String.format("\\u%04x", (int) c));
            } else {
                buf[len++] = (byte) c;
            }
        }
        buf[len++] = '"';
        return this;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }
}
