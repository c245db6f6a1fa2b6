package software.amazon.kinesis.producer;

import java.util.regex.Pattern;

/** The KPL's value checks for its settings, with its messages (a setter refuses a value as the KPL's does). */
final class KplChecks {
    private static final Pattern HOST = Pattern.compile("^([A-Za-z0-9-\\.]+)?$");

    private KplChecks() {
    }

    static long range(String name, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    static String pattern(String name, String v, Pattern p, String shown) {
        if (v == null || !p.matcher(v).matches()) {
            throw new IllegalArgumentException(name + " must match the pattern " + shown + ", got " + v);
        }
        return v;
    }

    /** The value must match {@code regex}, which the message shows. */
    static String pattern(String name, String v, String regex) {
        return pattern(name, v, Pattern.compile(regex), regex);
    }

    static String host(String name, String v) {
        return pattern(name, v, HOST, HOST.pattern());
    }
}
