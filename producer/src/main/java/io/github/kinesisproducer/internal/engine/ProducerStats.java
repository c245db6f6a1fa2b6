package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordDistribution;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One stream's counters; written by the engine and callers, read by {@code metrics()} from any thread. The
 * producer's totals are the sums over its streams ({@link StreamDirectory#totals}).
 */
final class ProducerStats {
    final LongAdder userRecordsReceived = new LongAdder();
    final LongAdder userRecordsPut = new LongAdder();
    final LongAdder userRecordsFailed = new LongAdder();
    final LongAdder kinesisRecordsPut = new LongAdder();
    final LongAdder bytesPut = new LongAdder();
    final LongAdder putRecordsCalls = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder throttles = new LongAdder();
    final LongAdder latencyMillisTotal = new LongAdder();
    final LongAdder unknownOutcomes = new LongAdder();
    final ConcurrentHashMap<String, LongAdder> errorsByCode = new ConcurrentHashMap<>();
    final LongAdder resentAfterMisplacement = new LongAdder();
    volatile int inFlightRequests;
    /** What the engine acts on now (DETECT while not known). */
    volatile RecordDistribution recordDistribution = RecordDistribution.DETECT;

    void error(String code) {
        errorsByCode.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    /** This stream's snapshot, with what it holds of the buffer. */
    ProducerMetrics snapshot(long bufferedRecords, long bufferedBytes) {
        Map<String, Long> errors = new TreeMap<>();
        errorsByCode.forEach((k, v) -> errors.put(k, v.sum()));
        return new ProducerMetrics(userRecordsReceived.sum(), userRecordsPut.sum(), userRecordsFailed.sum(),
                kinesisRecordsPut.sum(), bytesPut.sum(), putRecordsCalls.sum(), retries.sum(), throttles.sum(),
                errors, bufferedRecords, bufferedBytes, inFlightRequests, latencyMillisTotal.sum(),
                recordDistribution, resentAfterMisplacement.sum(), unknownOutcomes.sum());
    }

    /**
     * The sum of several streams' snapshots, with the producer's own gauges (the whole buffer, every call in flight)
     * and the record distribution it reports.
     */
    static ProducerMetrics sum(Iterable<ProducerMetrics> streams, long bufferedRecords, long bufferedBytes,
            int inFlight, RecordDistribution distribution) {
        long[] c = new long[11];
        Map<String, Long> errors = new TreeMap<>();
        for (ProducerMetrics m : streams) {
            c[0] += m.userRecordsReceived();
            c[1] += m.userRecordsPut();
            c[2] += m.userRecordsFailed();
            c[3] += m.kinesisRecordsPut();
            c[4] += m.bytesPut();
            c[5] += m.putRecordsCalls();
            c[6] += m.retries();
            c[7] += m.throttles();
            c[8] += m.putRecordsLatencyMillisTotal();
            c[9] += m.userRecordsResentAfterMisplacement();
            c[10] += m.unknownOutcomes();
            m.errorsByCode().forEach((k, v) -> errors.merge(k, v, Long::sum));
        }
        return new ProducerMetrics(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], errors, bufferedRecords,
                bufferedBytes, inFlight, c[8], distribution, c[9], c[10]);
    }
}
