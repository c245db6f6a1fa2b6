package io.github.kinesisproducer.internal;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.InvalidRecordException;
import io.github.kinesisproducer.ProducerConfig;

/** Checks a record at {@code send}, on the caller's thread, so bad input fails at once and touches nothing else. */
final class RecordValidator {
    private final RecordSizeLimit sizeLimit;
    private final int delimiterLength;
    /** The delimiter in delimited mode, else null. */
    private final byte[] delimiter;

    RecordValidator(ProducerConfig config, RecordSizeLimit sizeLimit) {
        this.sizeLimit = sizeLimit;
        this.delimiter = config.aggregation() == Aggregation.DELIMITED ? config.recordDelimiter() : null;
        this.delimiterLength = delimiter == null ? 0 : delimiter.length;
    }

    void checkKey(String partitionKey) {
        if (partitionKey == null) {
            throw new InvalidRecordException("partitionKey must not be null; use send(byte[]) for a random key");
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
        try {
            return HashKey.parseDecimal(explicitHashKey);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidRecordException("explicitHashKey is invalid: " + e.getMessage()
                    + " (a decimal integer from 0 to 2^128-1 without leading zeros, or null to hash the partition key)");
        }
    }

    void checkData(byte[] data) {
        if (data == null) {
            throw new InvalidRecordException("data must not be null (an empty array is allowed)");
        }
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

    /** Kinesis counts data plus partition key against the stream's max record size. */
    void checkSize(PendingRecord r) {
        int keyBytes = r.partitionKey == null ? RandomKeys.MAX_LENGTH : r.keyBytes;
        long total = (long) r.data.length + keyBytes + delimiterLength;
        if (total > sizeLimit.bytes()) {
            throw new InvalidRecordException("record too large: " + r.data.length + " data bytes + " + keyBytes
                    + " partition key bytes" + (delimiterLength > 0 ? " + " + delimiterLength + " delimiter bytes" : "")
                    + " = " + total + " > " + sizeLimit.describe()
                    + " (Kinesis counts the partition key toward the record size limit)");
        }
    }
}
