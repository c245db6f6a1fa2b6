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
        int o = 0;
        int acc = 0;
        int bits = 0;
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if (c == '=') {
                break;
            }
            int v = VALUE[c];
            if (v < 0) {
                return -1;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >> bits);
            }
        }
        return o;
    }
}
