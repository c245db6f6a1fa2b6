package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.InvalidRecordException;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.internal.config.ConfigRules;
import io.github.kinesisproducer.internal.shards.HashKey;

/**
 * Checks a record at {@code send}, on the caller's thread, so bad input fails at once and touches nothing else. Every
 * message starts with the argument that was wrong ({@code partitionKey}, {@code explicitHashKey}, {@code data}, or the
 * record's size, which counts data and key), as the public API names it.
 *
 * <p>Public for {@code RecordValidation} and {@code KinesisRecord} (the same checks without a producer); not API.
 */
public final class RecordValidator {
    private static final String SWAPPED_HINT = ". Was a partition key passed as the explicit hash key? "
            + "send(partitionKey, explicitHashKey, data) takes the partition key first; "
            + "KinesisRecord.of(partitionKey, data).withExplicitHashKey(hashKey) names both";
    static final String NO_STREAM = "stream is missing: this producer has no default stream (it was built without "
            + "stream_name), so each record names its own: sendTo(stream, partitionKey, data) or "
            + "send(KinesisRecord.of(partitionKey, data).withStream(stream)); or build the producer with streamName(...)";
    private final RecordSizeLimit sizeLimit;
    private final int delimiterLength;
    /** The delimiter in delimited mode, else null. */
    private final byte[] delimiter;
    private final String defaultStream;

    RecordValidator(ProducerConfig config, RecordSizeLimit sizeLimit) {
        this.sizeLimit = sizeLimit;
        this.defaultStream = config.streamName();
        this.delimiter = config.aggregation() == Aggregation.DELIMITED ? config.recordDelimiter() : null;
        this.delimiterLength = delimiter == null ? 0 : delimiter.length;
    }

    /**
     * The checks of a producer with {@code config} before its stream reported a record size limit of its own: the
     * size limit is {@code max_record_size} (its default, 1 MiB, when unset).
     */
    public static RecordValidator forConfig(ProducerConfig config) {
        return new RecordValidator(config, new RecordSizeLimit(config, config.streamName()));
    }

    /**
     * Every check {@code send} makes, in the same order: stream, data, partition key (unless keyless), explicit hash
     * key, size. The producer makes them one by one while it builds the record; this is for checks without a producer.
     *
     * @param stream the record's stream, or null for the default stream (an error when there is none)
     * @param keyless true for a record sent without a key (a random one is used); {@code partitionKey} is ignored
     */
    public void check(String stream, String partitionKey, String explicitHashKey, byte[] data, boolean keyless) {
        if (stream == null) {
            requireDefaultStream();
        } else {
            requireValidStream(stream);
        }
        checkData(data);
        if (!keyless) {
            requireValidKey(partitionKey);
        }
        if (explicitHashKey != null) {
            parseExplicitHashKey(explicitHashKey);
        }
        checkSize(data.length, keyless ? -1 : utf8Length(partitionKey), sizeLimit);
    }

    void checkKey(String partitionKey) {
        requireValidKey(partitionKey);
    }

    /** A record without a stream needs the producer's default one. */
    void requireDefaultStream() {
        if (defaultStream == null) {
            throw new InvalidRecordException(NO_STREAM);
        }
    }

    /** A stream name or ARN as Kinesis takes them ({@code sendTo}, {@code KinesisRecord.withStream}). */
    public static void requireValidStream(String stream) {
        if (!ConfigRules.isStream(stream)) {
            throw new InvalidRecordException("stream is invalid: " + (stream == null ? "null" : "'" + stream + "'")
                    + "; expected " + ConfigRules.STREAM_FORMS);
        }
    }

    /** The partition key checks, which no setting changes: not null, 1 to 256 characters, valid Unicode. */
    public static void requireValidKey(String partitionKey) {
        if (partitionKey == null) {
            throw new InvalidRecordException("partitionKey must not be null; for a random key use send(byte[]) or "
                    + "KinesisRecord.of(byte[])");
        }
        int n = partitionKey.length();
        if (n == 0 || n > ProducerConfig.KINESIS_MAX_PARTITION_KEY_LENGTH) {
            throw new InvalidRecordException("partitionKey must be 1 to " + ProducerConfig.KINESIS_MAX_PARTITION_KEY_LENGTH
                    + " characters; got " + (n == 0 ? "an empty string" : n + " characters"));
        }
        for (int i = 0; i < n; i++) {
            char c = partitionKey.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < n
                        && Character.isLowSurrogate(partitionKey.charAt(i + 1));
                if (!paired) {
                    // It has no UTF-8 form: Kinesis and we would hash different bytes.
                    throw new InvalidRecordException("partitionKey has an unpaired UTF-16 surrogate at index " + i
                            + "; keys must be valid Unicode text");
                }
                i++;
            }
        }
    }

    HashKey parseExplicitHashKey(String explicitHashKey) {
        return parseValidExplicitHashKey(explicitHashKey);
    }

    /**
     * The explicit hash key as a number, or an {@link InvalidRecordException} that names it. A key with letters in it
     * is most often a partition key passed in its place, so the message says so.
     */
    public static HashKey parseValidExplicitHashKey(String explicitHashKey) {
        try {
            return HashKey.parseDecimal(explicitHashKey);
        } catch (IllegalArgumentException | NullPointerException e) {
            boolean text = explicitHashKey != null && !explicitHashKey.startsWith("-")
                    && !explicitHashKey.chars().allMatch(c -> c >= '0' && c <= '9');
            throw new InvalidRecordException("explicitHashKey is invalid: " + e.getMessage()
                    + " (or none, to route by the partition key's MD5)" + (text ? SWAPPED_HINT : ""));
        }
    }

    /** The data check that no setting changes: present (an empty array is a valid record). */
    public static void requireData(byte[] data) {
        if (data == null) {
            throw new InvalidRecordException("data must not be null (an empty array is allowed)");
        }
    }

    void checkData(byte[] data) {
        requireData(data);
        if (delimiter != null && delimiter.length > 0) {
            int at = delimiterOverlap(data, delimiter);
            if (at >= 0) {
                // Consumers split on the delimiter: the record would arrive as two or more records, silently.
                throw new InvalidRecordException("data " + (at + delimiter.length <= data.length
                        ? "contains the record_delimiter at byte " + at
                        : "ends with the start of the record_delimiter (from byte " + at + ")")
                        + ": consumers would split it into separate records. Use a delimiter that cannot occur in "
                        + "the data, escape it, or use KPL aggregation.");
            }
        }
    }

    /**
     * The first index below {@code data.length} where the delimiter occurs in {@code data} followed by the delimiter
     * that will be appended, or -1. A consumer splitting the joined records finds the first occurrence, so a record
     * that ends with a prefix of a multi-byte delimiter ("x|" before "||") is cut short as surely as one containing it.
     */
    static int delimiterOverlap(byte[] data, byte[] delimiter) {
        byte first = delimiter[0];
        for (int i = 0; i < data.length; i++) {
            if (data[i] != first) {
                continue;
            }
            int k = 1;
            while (k < delimiter.length) {
                int j = i + k;
                byte b = j < data.length ? data[j] : delimiter[j - data.length];
                if (b != delimiter[k]) {
                    break;
                }
                k++;
            }
            if (k == delimiter.length) {
                return i;
            }
        }
        return -1;
    }

    /** Kinesis counts data plus partition key against the stream's max record size: {@code limit}, its stream's. */
    void checkSize(PendingRecord r, RecordSizeLimit limit) {
        checkSize(r.data.length, r.keyless ? -1 : r.keyBytes, limit);
    }

    /**
     * @param keyBytes the partition key's UTF-8 length, or -1 for a keyless record: its random key counts with its
     *                 longest length, so whether a record fits never depends on the key drawn
     */
    private void checkSize(int dataLength, int keyBytes, RecordSizeLimit sizeLimit) {
        int key = keyBytes < 0 ? RandomKeys.MAX_LENGTH : keyBytes;
        long total = (long) dataLength + key + delimiterLength;
        if (total > sizeLimit.bytes()) {
            throw new InvalidRecordException("record too large (data + partitionKey): " + dataLength + " data bytes + "
                    + key + " partition key bytes" + (delimiterLength > 0 ? " + " + delimiterLength
                    + " delimiter bytes" : "") + " = " + total + " > " + sizeLimit.describe()
                    + " (Kinesis counts the partition key toward the record size limit)");
        }
    }

    private static int utf8Length(String validKey) {
        // Not the producer's hot path (that encodes the key once, in PendingRecord); the key's pairs were checked.
        return validKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
