package io.github.kinesisproducer.cli;

/**
 * Finds one field in a JSON document, for {@code --partition-key json:FIELD}, without a JSON library in the jar.
 *
 * <p>It is a strict recursive-descent scanner over the whole document (so malformed input is reported, not
 * silently keyed), but it only materialises the value asked for: strings are unescaped, numbers and literals come as
 * written, objects and arrays as their raw JSON text.
 */
final class JsonField {
    private static final int MAX_DEPTH = 512;

    private final String s;
    private int i;

    private JsonField(String s) {
        this.s = s;
    }

    /**
     * The value at {@code path} (field names, descending into nested objects), or null if absent or JSON null.
     *
     * @throws IllegalArgumentException if the text is not one valid JSON value
     */
    static String find(String json, String... path) {
        JsonField p = new JsonField(json);
        p.ws();
        String found = p.value(path, 0, 0);
        p.ws();
        if (p.i != json.length()) {
            throw p.error("unexpected text after the JSON value");
        }
        return found;
    }

    /**
     * Parses one value. When {@code depth == path.length} the value is the one wanted and is returned; otherwise
     * it is searched for the next path segment (if an object) and skipped.
     */
    private String value(String[] path, int depth, int nesting) {
        if (nesting > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        boolean wanted = depth == path.length;
        int start = i;
        char c = peek();
        switch (c) {
            case '{' -> {
                String found = object(path, depth, nesting);
                return wanted ? s.substring(start, i) : found;
            }
            case '[' -> {
                array(nesting);
                return wanted ? s.substring(start, i) : null;
            }
            case '"' -> {
                String str = string();
                return wanted ? str : null;
            }
            default -> {
                String literal = literal();
                return wanted && !literal.equals("null") ? literal : null;
            }
        }
    }

    private String object(String[] path, int depth, int nesting) {
        i++; // {
        ws();
        String found = null;
        if (peek() == '}') {
            i++;
            return null;
        }
        while (true) {
            ws();
            if (peek() != '"') {
                throw error("expected a field name");
            }
            String name = string();
            ws();
            expect(':');
            ws();
            boolean onPath = depth < path.length && name.equals(path[depth]);
            // Another depth means "skip": the value is parsed for validity but nothing is kept.
            String v = value(path, onPath ? depth + 1 : path.length + 1, nesting + 1);
            if (onPath && v != null) {
                found = v; // as most parsers do, the last duplicate wins
            }
            ws();
            char c = next();
            if (c == '}') {
                return found;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private void array(int nesting) {
        i++; // [
        ws();
        if (peek() == ']') {
            i++;
            return;
        }
        String[] none = new String[0];
        while (true) {
            ws();
            value(none, 1, nesting + 1);
            ws();
            char c = next();
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        i++; // opening quote
        StringBuilder b = null;
        int runStart = i;
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(i);
            if (c == '"') {
                String tail = s.substring(runStart, i++);
                return b == null ? tail : b.append(tail).toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                i++;
                continue;
            }
            if (b == null) {
                b = new StringBuilder();
            }
            b.append(s, runStart, i);
            i++;
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        throw error("truncated \\u escape");
                    }
                    try {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    i += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
            runStart = i;
        }
    }

    private String literal() {
        int start = i;
        while (i < s.length() && "{}[],:\" \t\r\n".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        String t = s.substring(start, i);
        if (t.equals("true") || t.equals("false") || t.equals("null") || isNumber(t)) {
            return t;
        }
        i = start;
        throw error(t.isEmpty() ? "expected a value" : "unexpected '" + abbreviate(t) + "'");
    }

    /** JSON's number grammar, {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, without a regex (hot path). */
    static boolean isNumber(String t) {
        int n = t.length();
        int p = 0;
        if (p < n && t.charAt(p) == '-') {
            p++;
        }
        if (p < n && t.charAt(p) == '0') {
            p++;
        } else {
            int digits = p;
            p = skipDigits(t, p);
            if (p == digits) {
                return false;
            }
        }
        if (p < n && t.charAt(p) == '.') {
            int digits = ++p;
            p = skipDigits(t, p);
            if (p == digits) {
                return false;
            }
        }
        if (p < n && (t.charAt(p) == 'e' || t.charAt(p) == 'E')) {
            p++;
            if (p < n && (t.charAt(p) == '+' || t.charAt(p) == '-')) {
                p++;
            }
            int digits = p;
            p = skipDigits(t, p);
            if (p == digits) {
                return false;
            }
        }
        return p == n;
    }

    private static int skipDigits(String t, int from) {
        int p = from;
        while (p < t.length() && t.charAt(p) >= '0' && t.charAt(p) <= '9') {
            p++;
        }
        return p;
    }

    private void ws() {
        while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }

    private char peek() {
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        return s.charAt(i);
    }

    private char next() {
        char c = peek();
        i++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            i--;
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at character " + (i + 1));
    }

    private static String abbreviate(String t) {
        return t.length() > 20 ? t.substring(0, 20) + "..." : t;
    }
}
