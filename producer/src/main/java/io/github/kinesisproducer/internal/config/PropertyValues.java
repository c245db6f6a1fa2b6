package io.github.kinesisproducer.internal.config;

import io.github.kinesisproducer.ConfigException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the text of a config-file value into the type a setting takes, with the message the file's reader shows when
 * it cannot: the key as written, the value, and what is allowed. Range checks stay with {@code ProducerConfig}.
 */
public final class PropertyValues {
    private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|m|min|h)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*(B|KiB|MiB|GiB)?");
    private static final Pattern ISO_DURATION = Pattern.compile("PT[0-9.HMS]+");

    private PropertyValues() {
    }

    /** How a number without a unit is read. */
    public enum TimeUnit {
        SECONDS("s"), MILLISECONDS("ms");

        private final String suffix;

        TimeUnit(String suffix) {
            this.suffix = suffix;
        }
    }

    /**
     * A duration: a number in {@code unit} ({@code 0.2}), or a number with a unit ({@code 200ms}, {@code 30s},
     * {@code 5m}, {@code 1h}).
     */
    public static Duration duration(String key, String value, TimeUnit unit) {
        Matcher m = DURATION.matcher(value.strip());
        if (!m.matches()) {
            throw invalid(key, value, durationHint(unit));
        }
        BigDecimal n = new BigDecimal(m.group(1));
        String u = m.group(2) == null ? unit.suffix : m.group(2).toLowerCase(Locale.ROOT);
        BigDecimal nanos = switch (u) {
            case "ms" -> n.movePointRight(6);
            case "s" -> n.movePointRight(9);
            case "m", "min" -> n.multiply(BigDecimal.valueOf(60_000_000_000L));
            case "h" -> n.multiply(BigDecimal.valueOf(3_600_000_000_000L));
            default -> throw new IllegalStateException(u);
        };
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw invalid(key, value, durationHint(unit));
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static String durationHint(TimeUnit unit) {
        return unit == TimeUnit.MILLISECONDS ? "a whole number of milliseconds, e.g. 30000"
                : "a number of seconds (0.2) or a number with a unit: 200ms, 30s, 5m, 1h";
    }

    /** A whole number of bytes, with an optional binary unit: {@code 65536}, {@code 64KiB}, {@code 64MiB}. */
    public static long bytes(String key, String value) {
        Matcher m = SIZE.matcher(value.strip());
        if (!m.matches()) {
            throw invalid(key, value, "a whole number of bytes, optionally with KiB, MiB or GiB (e.g. 64MiB)");
        }
        long shift = m.group(2) == null ? 0 : switch (m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> 0;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid(key, value, "a whole number of bytes below 2^63");
        }
    }

    /** A whole number. */
    public static long integer(String key, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(key, value, "a whole number");
        }
    }

    /** An int, for settings held as ints. */
    public static int intValue(String key, String value, boolean withUnits) {
        long n = withUnits ? bytes(key, value) : integer(key, value);
        if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
            throw invalid(key, value, "a whole number up to " + Integer.MAX_VALUE);
        }
        return (int) n;
    }

    /** {@code true} or {@code false}, in any case. */
    public static boolean bool(String key, String value) {
        String v = value.strip();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(key, value, "true or false");
    }

    public static URI uri(String key, String value) {
        try {
            return new URI(value.strip());
        } catch (URISyntaxException e) {
            throw invalid(key, value, "an absolute http:// or https:// URI such as http://127.0.0.1:4567");
        }
    }

    /** {@code Invalid value for KEY: 'VALUE' (allowed: ...)}: the wording the CLI's option messages look for. */
    public static ConfigException invalid(String key, String value, String allowed) {
        return new ConfigException("Invalid value for " + key + ": '" + value + "' (allowed: " + allowed + ")");
    }

    /**
     * Rewrites a range message of {@code ProducerConfig} for the key as written: ISO durations ({@code PT0.1S}) become
     * the unit the key is written in ({@code 100 ms}), and the key and value become the file's.
     */
    public static ConfigException restate(ConfigException e, String key, String value, TimeUnit unit) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int allowed = m.lastIndexOf("(allowed: ");
        if (allowed < 0 || !m.endsWith(")")) {
            return new ConfigException(key + " = '" + value + "': " + m);
        }
        String range = m.substring(allowed + "(allowed: ".length(), m.length() - 1);
        if (unit != null) {
            Matcher d = ISO_DURATION.matcher(range);
            StringBuilder b = new StringBuilder();
            while (d.find()) {
                d.appendReplacement(b, Matcher.quoteReplacement(describe(Duration.parse(d.group()), unit)));
            }
            d.appendTail(b);
            range = b.toString();
        }
        return invalid(key, value, range);
    }

    private static String describe(Duration d, TimeUnit unit) {
        if (unit == TimeUnit.MILLISECONDS) {
            return d.toMillis() + " ms";
        }
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
