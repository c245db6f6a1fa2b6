package io.github.kinesisproducer.internal.engine;

import java.util.concurrent.ThreadLocalRandom;

/** Random partition keys for records sent without one, as the seed does: a decimal number below 10^12. */
final class RandomKeys {
    /** Longest key this produces, counted against the record size limit up front. */
    static final int MAX_LENGTH = 12;

    private RandomKeys() {
    }

    static String next() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
    }

    /** UTF-8 length of a key from {@link #next()}: its digits are ASCII, one byte each. */
    static int utf8Length(String key) {
        return key.length();
    }
}
