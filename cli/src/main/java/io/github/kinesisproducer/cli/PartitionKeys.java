package io.github.kinesisproducer.cli;

import java.nio.charset.StandardCharsets;

/** Chooses each record's partition key: {@code random}, {@code line} (the record's text) or {@code json:FIELD}. */
abstract class PartitionKeys {
    /** Kinesis's limit on a partition key, in UTF-16 characters. */
    static final int MAX_KEY_LENGTH = 256;

    /** The error code under which records without a usable key are counted in the summary. */
    static final String NO_KEY = "NoPartitionKey";

    /** Why no key could be taken from a record; the record is then counted as failed, not sent. */
    static final class KeyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KeyException(String message) {
            super(message);
        }
    }

    /** The key for {@code record}, or null to let the producer choose a random one. */
    abstract String keyFor(byte[] record);

    /** How the option was given, for messages. */
    abstract String spec();

    static PartitionKeys parse(String spec) {
        if (spec == null || spec.equalsIgnoreCase("random")) {
            return new Random();
        }
        if (spec.equalsIgnoreCase("line")) {
            return new Line();
        }
        if (spec.regionMatches(true, 0, "json:", 0, 5)) {
            String path = spec.substring(5);
            if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
                throw CliException.usage("--partition-key json:FIELD needs a field name (or a.b.c path); got '"
                        + spec + "'");
            }
            return new Json(path);
        }
        throw CliException.usage("--partition-key must be random, line or json:FIELD; got '" + spec + "'");
    }

    /**
     * Cuts a key to Kinesis's 256 characters, never between the two halves of a surrogate pair. Keys only route
     * records to shards, so a shared 256-character prefix merely means the same shard.
     */
    static String fit(String key) {
        if (key.length() <= MAX_KEY_LENGTH) {
            return key;
        }
        int end = Character.isHighSurrogate(key.charAt(MAX_KEY_LENGTH - 1)) ? MAX_KEY_LENGTH - 1 : MAX_KEY_LENGTH;
        return key.substring(0, end);
    }

    private static final class Random extends PartitionKeys {
        @Override
        String keyFor(byte[] record) {
            return null;
        }

        @Override
        String spec() {
            return "random";
        }
    }

    private static final class Line extends PartitionKeys {
        @Override
        String keyFor(byte[] record) {
            if (record.length == 0) {
                throw new KeyException("an empty record has no text to use as its partition key");
            }
            return fit(new String(record, StandardCharsets.UTF_8));
        }

        @Override
        String spec() {
            return "line";
        }
    }

    private static final class Json extends PartitionKeys {
        private final String path;
        private final String[] segments;

        Json(String path) {
            this.path = path;
            this.segments = path.split("\\.");
        }

        @Override
        String keyFor(byte[] record) {
            String value;
            try {
                value = JsonField.find(new String(record, StandardCharsets.UTF_8), segments);
            } catch (IllegalArgumentException e) {
                throw new KeyException("not valid JSON (" + e.getMessage() + "), so no field '" + path + "'");
            }
            if (value == null) {
                throw new KeyException("JSON has no field '" + path + "' (or it is null)");
            }
            if (value.isEmpty()) {
                throw new KeyException("field '" + path + "' is empty; Kinesis needs a key of 1 to 256 characters");
            }
            return fit(value);
        }

        @Override
        String spec() {
            return "json:" + path;
        }
    }
}
