package io.github.kinesisproducer.kafka;

import io.github.kinesisproducer.InvalidRecordException;
import io.github.kinesisproducer.KinesisRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A Connect record as a Kinesis record: partition key, explicit hash key and data, as the configuration says.
 * Records that cannot become one (no key where one was asked for, a value the encoder refuses, a key Kinesis refuses)
 * are {@link ErrantRecordException}s, for the dead letter queue.
 */
final class RecordConverter implements AutoCloseable {

    /** A record that can never be sent as it is; the message says why. */
    static final class ErrantRecordException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ErrantRecordException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final PartitionKeys keys;
    private final ValueEncoder encoder;
    private final KinesisSinkConfig.NullValues nullValues;

    RecordConverter(PartitionKeys keys, ValueEncoder encoder, KinesisSinkConfig.NullValues nullValues) {
        this.keys = keys;
        this.encoder = encoder;
        this.nullValues = nullValues;
    }

    /**
     * The Kinesis record, or null when the record is to be skipped ({@code kinesis.null.values=skip}).
     *
     * @throws ErrantRecordException if the record cannot be sent as it is
     */
    KinesisRecord convert(SinkRecord record) {
        byte[] data;
        try {
            data = encoder.encode(record.topic(), record.valueSchema(), record.value());
        } catch (DataException e) {
            throw new ErrantRecordException("its value cannot be encoded: " + e.getMessage(), e);
        }
        if (data == null) {
            switch (nullValues) {
                case SKIP -> {
                    return null;
                }
                case EMPTY -> data = new byte[0];
                default -> throw new ErrantRecordException("its value is null (kinesis.null.values=fail)", null);
            }
        }
        try {
            String partitionKey = keys.partitionKey(record, encoder);
            String explicitHashKey = keys.explicitHashKey(record, encoder);
            if (explicitHashKey == null) {
                return KinesisRecord.of(partitionKey, data);
            }
            // The hash key places the record; a record without a key of its own stores the hash key as its key.
            return KinesisRecord.of(partitionKey != null ? partitionKey : explicitHashKey, data)
                    .withExplicitHashKey(explicitHashKey);
        } catch (PartitionKeys.MissingKeyException | InvalidRecordException e) {
            throw new ErrantRecordException(e.getMessage(), e);
        } catch (DataException e) {
            throw new ErrantRecordException("its key cannot be written as text: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        encoder.close();
    }
}
