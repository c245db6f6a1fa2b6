package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The largest record (data + partition key) the producer accepts, and why: {@code max_record_size} when set, else
 * the stream's own {@code MaxRecordSizeInKiB} once {@code DescribeStreamSummary} has read it, else the 1 MiB default.
 * A record must also fit in one PutRecords call and in the buffer. Read by callers at {@code send}, set by the sender
 * thread.
 */
final class RecordSizeLimit {
    private static final Logger LOG = LoggerFactory.getLogger(RecordSizeLimit.class);

    private record Limit(int bytes, String why) {
    }

    private final ProducerConfig config;
    private final String stream;
    private final Limit configured;
    private volatile Limit limit;
    private boolean warnedExplicit;

    /** @param stream the stream whose limit this is, for messages */
    RecordSizeLimit(ProducerConfig config, String stream) {
        this.config = config;
        this.stream = stream;
        this.configured = new Limit(config.maxRecordSize(), "max_record_size " + config.maxRecordSize()
                + (config.maxRecordSizeSet() ? "" : " (the default; the stream's own limit is not known)"));
        this.limit = configured;
    }

    /** The stream is forgotten (idle): back to the configured limit until its own is read again. */
    void reset() {
        limit = configured;
    }

    int bytes() {
        return limit.bytes;
    }

    /** What the limit is and where it comes from, for error messages. */
    String describe() {
        return limit.why;
    }

    /**
     * The stream reported its max record size; it replaces the default unless max_record_size was set. Sender thread
     * only.
     */
    void streamReported(int kib) {
        long streamBytes = kib * 1024L;
        if (kib <= 0) {
            return;
        }
        if (config.maxRecordSizeSet()) {
            if (streamBytes < config.maxRecordSize() && !warnedExplicit) {
                warnedExplicit = true;
                LOG.warn("Stream '{}' takes records up to {} KiB (MaxRecordSizeInKiB), but max_record_size is {}: "
                        + "records above the stream's limit will be refused by Kinesis", stream, kib,
                        config.maxRecordSize());
            }
            return;
        }
        String stated = "the stream's MaxRecordSizeInKiB " + kib + ", read with DescribeStreamSummary";
        Limit next;
        if (streamBytes > config.maxRequestBytes()) {
            next = new Limit(config.maxRequestBytes(), "max_request_bytes " + config.maxRequestBytes() + " (a record "
                    + "must fit in one PutRecords call; " + stated + ", would allow " + streamBytes + ")");
        } else if (streamBytes > config.maxBufferedBytes()) {
            next = new Limit((int) config.maxBufferedBytes(), "max_buffered_bytes " + config.maxBufferedBytes()
                    + " (a record must fit in the buffer; " + stated + ", would allow " + streamBytes + ")");
        } else {
            next = new Limit((int) streamBytes, "the stream's max record size " + streamBytes + " (" + stated
                    + "; set max_record_size to override)");
        }
        if (next.bytes != limit.bytes) {
            LOG.info("Stream '{}': records up to {} bytes are accepted now: {}", stream, next.bytes,
                    next.why);
        }
        limit = next;
    }
}
