package io.github.kinesisproducer.internal.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for Kinesis responses (PutRecords results and error bodies, a few KB at most), strict per RFC
 * 8259: UTF-8 only, no raw control characters in strings, exactly four hex digits in a {@code \\u} escape, numbers
 * without leading zeros or a leading '+', white space only where the grammar allows it and only of its four kinds, no
 * repeated member name. Objects become {@code Map<String, Object>}, arrays {@code List<Object>}, numbers {@code Long},
 * or {@code BigInteger} / {@code BigDecimal} when a {@code Long} cannot hold them exactly (a number of any size in a
 * field nobody reads must not make a response unreadable).
 */
final class Json {
    /** Kinesis responses nest three levels deep; a deeper document is not one, and would only exhaust the stack. */
    static final int MAX_DEPTH = 64;

    private final String s;
    private int p;
    private int depth;

    private Json(String s) {
        this.s = s;
    }

    /** @throws IllegalArgumentException for malformed JSON, naming the position */
    static Object parse(byte[] utf8, int length) {
        Json j = reader(utf8, length);
        Object v = j.valueAt();
        j.end();
        return v;
    }

    /**
     * A cursor for reading a document piece by piece ({@link #enter}, {@link #field}, {@link #more}, {@link #value}
     * ...), without building a tree: for PutRecords responses, which carry an object per record.
     *
     * @throws IllegalArgumentException if the bytes are not UTF-8
     */
    static Json reader(byte[] utf8, int length) {
        return new Json(utf8(utf8, length));
    }

    /** Strict decoding: a malformed byte sequence is an error, not a replacement character. */
    private static String utf8(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Malformed JSON: not UTF-8 (" + e + ")");
        }
    }

    /** Consumes {@code open} ('{' or '['); returns false if the container is empty (its close is consumed too). */
    boolean enter(char open) {
        skipSpace();
        expect(open);
        descend();
        skipSpace();
        char close = open == '{' ? '}' : ']';
        if (peek() == close) {
            p++;
            depth--;
            return false;
        }
        return true;
    }

    /** After a member: true if another follows (a ',' consumed), false at the container's end (its close consumed). */
    boolean more(char close) {
        skipSpace();
        char c = next();
        if (c == ',') {
            return true;
        }
        if (c != close) {
            throw error("expected ',' or '" + close + "'");
        }
        depth--;
        return false;
    }

    /** A field name and its colon. */
    String field() {
        skipSpace();
        if (peek() != '"') {
            throw error("expected a field name");
        }
        String key = string();
        skipSpace();
        expect(':');
        return key;
    }

    /** The next character after white space, not consumed ('\0' at the end). */
    char peekToken() {
        skipSpace();
        return peek();
    }

    /** The next value, whole (objects as maps, arrays as lists). */
    Object value() {
        return valueAt();
    }

    /** Nothing but white space may follow. */
    void end() {
        skipSpace();
        if (p != s.length()) {
            throw error("trailing characters");
        }
    }

    private Object valueAt() {
        skipSpace();
        if (p >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(p);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", true);
            case 'f' -> literal("false", false);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected '" + c + "'");
            }
        };
    }

    private void descend() {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (enter('{')) {
            do {
                int at = p;
                String key = field();
                if (m.containsKey(key)) {
                    p = at;
                    throw error("repeated member \"" + key + "\"");
                }
                m.put(key, valueAt());
            } while (more('}'));
        }
        return m;
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        if (enter('[')) {
            do {
                list.add(valueAt());
            } while (more(']'));
        }
        return list;
    }

    private String string() {
        p++; // opening quote
        StringBuilder sb = null;
        int start = p;
        while (true) {
            char c = next();
            if (c == '"') {
                return sb == null ? s.substring(start, p - 1) : sb.toString();
            }
            if (c < 0x20) {
                p--;
                throw error("raw control character U+" + String.format("%04X", (int) c) + " in a string");
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder().append(s, start, p - 1);
                }
                char e = next();
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> sb.append(hex4());
                    case '"', '\\', '/' -> sb.append(e);
                    default -> throw error("bad escape \\" + e);
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
    }

    /** The four hex digits of a {@code \\u} escape (no sign, no fewer), as a UTF-16 unit. */
    private char hex4() {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = p < s.length() ? Character.digit(s.charAt(p), 16) : -1;
            if (d < 0 || s.charAt(p) > 'f') {
                throw error("a \\u escape needs four hex digits");
            }
            v = v << 4 | d;
            p++;
        }
        return (char) v;
    }

    /** RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
    private Object number() {
        int start = p;
        if (peek() == '-') {
            p++;
        }
        if (peek() == '0') {
            p++;
            if (isDigit(peek())) {
                throw error("leading zero in a number");
            }
        } else if (!digits()) {
            throw error("bad number");
        }
        boolean integer = true;
        if (peek() == '.') {
            p++;
            integer = false;
            if (!digits()) {
                throw error("a fraction needs digits");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            p++;
            integer = false;
            if (peek() == '+' || peek() == '-') {
                p++;
            }
            if (!digits()) {
                throw error("an exponent needs digits");
            }
        }
        String n = s.substring(start, p);
        if (!integer) {
            return new java.math.BigDecimal(n);
        }
        return n.length() <= 18 ? (Object) Long.parseLong(n) : narrow(new java.math.BigInteger(n));
    }

    private static Object narrow(java.math.BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private boolean digits() {
        int start = p;
        while (isDigit(peek())) {
            p++;
        }
        return p > start;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, p)) {
            throw error("unexpected token");
        }
        p += word.length();
        return v;
    }

    /** RFC 8259's white space: space, tab, line feed, carriage return; nothing else. */
    private void skipSpace() {
        while (p < s.length()) {
            char c = s.charAt(p);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            p++;
        }
    }

    private char peek() {
        return p < s.length() ? s.charAt(p) : '\0';
    }

    private char next() {
        if (p >= s.length()) {
            throw error("unexpected end");
        }
        return s.charAt(p++);
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("Malformed JSON at offset " + p + ": " + what);
    }
}
