package io.github.kinesisproducer.bench.sink;

import java.util.Arrays;

/** Standard-alphabet base64 of a byte range: decoded length without decoding, and decoding into a reusable buffer. */
final class Base64Span {
    private static final int[] VALUE = new int[256];

    static {
        Arrays.fill(VALUE, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUE[alphabet.charAt(i)] = i;
        }
    }

    private Base64Span() {
    }

    static int decodedLength(byte[] b, int from, int to) {
        int len = to - from;
        if (len == 0) {
            return 0;
        }
        int pad = 0;
        if (b[to - 1] == '=') {
            pad++;
            if (len > 1 && b[to - 2] == '=') {
                pad++;
            }
        }
        return len / 4 * 3 - pad + (len % 4 == 0 ? 0 : (len % 4) - 1);
    }

    /** Decodes b[from, to) into out (which must hold decodedLength bytes); returns the length, or -1 if invalid. */
    static int decode(byte[] b, int from, int to, byte[] out) {
        while (to > from && b[to - 1] == '=') {
            to--;
        }
        int o = 0;
        int i = from;
        int full = from + (to - from) / 4 * 4;
        int[] t = VALUE;
        for (; i < full; i += 4) {
            int a = t[b[i] & 0xFF];
            int c = t[b[i + 1] & 0xFF];
            int d = t[b[i + 2] & 0xFF];
            int e = t[b[i + 3] & 0xFF];
            if ((a | c | d | e) < 0) {
                return -1;
            }
            int v = a << 18 | c << 12 | d << 6 | e;
            out[o] = (byte) (v >> 16);
            out[o + 1] = (byte) (v >> 8);
            out[o + 2] = (byte) v;
            o += 3;
        }
        int rest = to - i;
        if (rest == 1) {
            return -1;
        }
        if (rest >= 2) {
            int a = t[b[i] & 0xFF];
            int c = t[b[i + 1] & 0xFF];
            int d = rest == 3 ? t[b[i + 2] & 0xFF] : 0;
            if ((a | c | d) < 0) {
                return -1;
            }
            int v = a << 18 | c << 12 | d << 6;
            out[o++] = (byte) (v >> 16);
            if (rest == 3) {
                out[o++] = (byte) (v >> 8);
            }
        }
        return o;
    }
}
