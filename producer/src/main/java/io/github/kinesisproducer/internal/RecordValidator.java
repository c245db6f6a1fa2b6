package io.github.kinesisproducer.internal;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.InvalidRecordException;
import io.github.kinesisproducer.ProducerConfig;

/** Checks a record at {@code send}, on the caller's thread, so bad input fails at once and touches nothing else. */
final class RecordValidator {
    private final ProducerConfig config;
    private final int delimiterLength;

    RecordValidator(ProducerConfig config) {
        this.config = config;
        this.delimiterLength = config.aggregation() == Aggregation.DELIMITED ? config.recordDelimiter().length : 0;
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
    }

    /** Kinesis counts data plus partition key against the stream's max record size. */
    void checkSize(PendingRecord r) {
        int keyBytes = r.partitionKey == null ? RandomKeys.MAX_LENGTH : r.keyBytes;
        long total = (long) r.data.length + keyBytes + delimiterLength;
        if (total > config.maxRecordSize()) {
            throw new InvalidRecordException("record too large: " + r.data.length + " data bytes + " + keyBytes
                    + " partition key bytes" + (delimiterLength > 0 ? " + " + delimiterLength + " delimiter bytes" : "")
                    + " = " + total + " > max_record_size " + config.maxRecordSize()
                    + " (Kinesis counts the partition key toward the record size limit)");
        }
    }
}
