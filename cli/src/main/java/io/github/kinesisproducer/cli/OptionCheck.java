package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.ConfigException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hands option values to the producer's config, which validates them, and turns a {@link ConfigException} into a
 * usage error (exit code 2) that names the option as typed, not the config key: {@code --stream}, not
 * {@code stream_name}. Checked before any input is read or any call is made.
 */
final class OptionCheck {
    /** The tail of the producer's "Invalid value for KEY: VALUE (allowed: ...)" messages. */
    private static final Pattern ALLOWED = Pattern.compile("\\(allowed: (.*)\\)\\s*$");

    private OptionCheck() {
    }

    /**
     * Runs {@code setter}, which passes an option's value to the producer's config.
     *
     * @param option the option as the user knows it, e.g. {@code --stream}
     * @param value how to show the value, e.g. {@code 'bad name!'}
     * @throws CliException a usage error naming the option, the value and what is allowed
     */
    static void check(String option, String value, Runnable setter) {
        check(option, value, null, setter);
    }

    /** @param allowed what to say is allowed, when the producer's wording does not suit a command line; or null */
    static void check(String option, String value, String allowed, Runnable setter) {
        try {
            setter.run();
        } catch (ConfigException e) {
            throw CliException.usage(message(option, value, allowed, e));
        }
    }

    static String message(String option, String value, String allowed, ConfigException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        Matcher producerAllowed = ALLOWED.matcher(m);
        if (allowed == null && producerAllowed.find()) {
            allowed = producerAllowed.group(1);
        }
        // Without the expected wording, the producer's whole message still says what is wrong.
        return option + " " + value + " is not valid" + (allowed != null ? "; allowed: " + allowed : ": " + m);
    }

    /** {@code 'value'}, for messages. */
    static String quote(Object value) {
        return "'" + value + "'";
    }
}
