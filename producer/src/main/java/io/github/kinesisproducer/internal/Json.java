package io.github.kinesisproducer.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader for Kinesis responses (PutRecords results and error bodies, a few KB at most). Objects
 * become {@code Map<String, Object>}, arrays {@code List<Object>}, numbers {@code Long} or {@code Double}.
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
        Json j = new Json(new String(utf8, 0, length, StandardCharsets.UTF_8));
        Object v = j.valueAt();
        j.end();
        return v;
    }

    /**
     * A cursor for reading a document piece by piece ({@link #enter}, {@link #field}, {@link #more}, {@link #value}
     * ...), without building a tree: for PutRecords responses, which carry an object per record.
     */
    static Json reader(byte[] utf8, int length) {
        return new Json(new String(utf8, 0, length, StandardCharsets.UTF_8));
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
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected '" + c + "'");
        }
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
                String key = field();
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
                    case 'u' -> {
                        if (p + 4 > s.length()) {
                            throw error("truncated \\u escape");
                        }
                        sb.append((char) Integer.parseInt(s, p, p + 4, 16));
                        p += 4;
                    }
                    case '"', '\\', '/' -> sb.append(e);
                    default -> throw error("bad escape \\" + e);
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
    }

    private Object number() {
        int start = p;
        while (p < s.length() && "+-0123456789.eE".indexOf(s.charAt(p)) >= 0) {
            p++;
        }
        String n = s.substring(start, p);
        try {
            return n.indexOf('.') >= 0 || n.indexOf('e') >= 0 || n.indexOf('E') >= 0 ? (Object) Double.parseDouble(n)
                    : (Object) Long.parseLong(n);
        } catch (NumberFormatException e) {
            throw error("bad number " + n);
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, p)) {
            throw error("unexpected token");
        }
        p += word.length();
        return v;
    }

    private void skipSpace() {
        while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
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
