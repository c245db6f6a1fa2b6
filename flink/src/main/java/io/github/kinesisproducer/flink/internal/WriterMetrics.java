package io.github.kinesisproducer.flink.internal;

import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.ProducerMetrics;
import java.time.Duration;
import java.util.function.ToLongFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * The writer's Flink metrics. Flink's standard sink metrics in the writer's group: {@code numRecordsSend} and
 * {@code numBytesSend} (records and data bytes handed to the producer; Flink shows the first as
 * {@code numRecordsOut}), {@code numRecordsSendErrors} (records that failed for good) and {@code currentSendTime}
 * (milliseconds of the last PutRecords call). The producer's own, in the sub-group {@code kinesisProducer}: see
 * {@link #GROUP} and docs/flink.md.
 *
 * <p>Flink's counters are not thread-safe, so the task thread alone updates the ones this class owns; values of the
 * producer are read from its {@link Producer#metrics()} snapshot when a reporter asks.
 */
public final class WriterMetrics implements ProducerListener {
    /** The sub-group of the producer's own metrics. */
    public static final String GROUP = "kinesisProducer";

    private final SinkWriterMetricGroup group;
    private final Counter recordsSend;
    private final Counter bytesSend;
    private final Counter sendErrors;
    private final Counter dropped = new SimpleCounter();
    private final Counter handedOff = new SimpleCounter();
    private final Counter sendBlocked = new SimpleCounter();
    private final Counter sendBlockedMillis = new SimpleCounter();
    /** Written by the producer's sender thread, read by reporters. */
    private volatile long lastSendTimeMillis;
    /** Written by the task thread only (volatile for reporters). */
    private volatile long bufferedBytesPeak;
    private volatile long bufferedRecordsPeak;
    private volatile Producer producer;

    public WriterMetrics(SinkWriterMetricGroup group) {
        this.group = group;
        this.recordsSend = group.getNumRecordsSendCounter();
        this.bytesSend = group.getNumBytesSendCounter();
        this.sendErrors = group.getNumRecordsSendErrorsCounter();
        group.setCurrentSendTimeGauge(() -> lastSendTimeMillis);
    }

    /** Registers the producer's metrics; called once its producer exists. */
    void bind(Producer p) {
        this.producer = p;
        MetricGroup g = group.addGroup(GROUP);
        g.gauge("userRecordsPerKinesisRecord", () -> snapshot().userRecordsPerKinesisRecord());
        g.gauge("bufferedBytes", () -> snapshot().bufferedBytes());
        g.gauge("bufferedRecords", () -> snapshot().bufferedRecords());
        g.gauge("bufferedBytesPeak", () -> bufferedBytesPeak);
        g.gauge("bufferedRecordsPeak", () -> bufferedRecordsPeak);
        g.gauge("inFlightRequests", () -> snapshot().inFlightRequests());
        g.counter("userRecordsPut", view(ProducerMetrics::userRecordsPut));
        g.counter("userRecordsFailed", view(ProducerMetrics::userRecordsFailed));
        g.counter("kinesisRecordsPut", view(ProducerMetrics::kinesisRecordsPut));
        g.counter("putRecordsCalls", view(ProducerMetrics::putRecordsCalls));
        g.counter("retries", view(ProducerMetrics::retries));
        g.counter("throttles", view(ProducerMetrics::throttles));
        g.counter("recordsDropped", dropped);
        g.counter("recordsToFailureHandler", handedOff);
        g.counter("sendBlocked", sendBlocked);
        g.counter("sendBlockedTimeMs", sendBlockedMillis);
    }

    private ProducerMetrics snapshot() {
        return producer.metrics();
    }

    /** A counter whose count is the producer's; Flink never increments it. */
    private Counter view(ToLongFunction<ProducerMetrics> value) {
        return new Counter() {
            @Override
            public void inc() {
                inc(1);
            }

            @Override
            public void inc(long n) {
                throw new UnsupportedOperationException("read-only view of the producer's metrics");
            }

            @Override
            public void dec() {
                inc(-1);
            }

            @Override
            public void dec(long n) {
                inc(-n);
            }

            @Override
            public long getCount() {
                return value.applyAsLong(snapshot());
            }
        };
    }

    /** Task thread: one record of {@code dataBytes} handed to the producer. */
    void sent(int dataBytes) {
        recordsSend.inc();
        bytesSend.inc(dataBytes);
    }

    /** Task thread: a record failed for good, whatever happens to it next. */
    void failed() {
        sendErrors.inc();
    }

    /** Task thread. */
    void dropped() {
        dropped.inc();
    }

    /** Task thread. */
    void handedOff() {
        handedOff.inc();
    }

    /**
     * Task thread: the producer refused a record because its buffer was full, so the writer waits. The buffer is at
     * its fullest now, which is when its peak is read.
     */
    void blockedOnFullBuffer() {
        sendBlocked.inc();
        samplePeak();
    }

    /** Task thread: how long the last wait for buffer space took. */
    void blockedFor(long nanos) {
        sendBlockedMillis.inc(Duration.ofNanos(nanos).toMillis());
    }

    /** Task thread: reads the producer's buffer gauges and keeps their highest values. */
    void samplePeak() {
        Producer p = producer;
        if (p == null) {
            return;
        }
        ProducerMetrics m = p.metrics();
        if (m.bufferedBytes() > bufferedBytesPeak) {
            bufferedBytesPeak = m.bufferedBytes();
        }
        if (m.bufferedRecords() > bufferedRecordsPeak) {
            bufferedRecordsPeak = m.bufferedRecords();
        }
    }

    long dropCount() {
        return dropped.getCount();
    }

    long blockedCount() {
        return sendBlocked.getCount();
    }

    long bufferedBytesPeak() {
        return bufferedBytesPeak;
    }

    long bufferedRecordsPeak() {
        return bufferedRecordsPeak;
    }

    @Override
    public void putRecordsCompleted(int kinesisRecords, int kinesisRecordsFailed, int userRecords, long bytes,
            Duration latency, String requestError) {
        lastSendTimeMillis = latency.toMillis();
    }
}
