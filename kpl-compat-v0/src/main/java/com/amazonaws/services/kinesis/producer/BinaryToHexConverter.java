package com.amazonaws.services.kinesis.producer;

/** Bytes as upper-case hexadecimal text, as the KPL's utility of the same name. */
public class BinaryToHexConverter {
    private static final char[] DIGITS = "0123456789ABCDEF".toCharArray();

    /** Upper-case hexadecimal, two characters per byte. */
    public static String convert(byte[] data) {
        char[] out = new char[data.length * 2];
        for (int i = 0; i < data.length; i++) {
            out[2 * i] = DIGITS[(data[i] >> 4) & 0xF];
            out[2 * i + 1] = DIGITS[data[i] & 0xF];
        }
        return new String(out);
    }
}
