package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.ProducerMetrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The producer's counters; written by the engine and callers, read by {@code metrics()} from any thread. */
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
    volatile io.github.kinesisproducer.RecordDistribution recordDistribution =
            io.github.kinesisproducer.RecordDistribution.DETECT;

    void error(String code) {
        errorsByCode.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    ProducerMetrics snapshot(MemoryPool pool) {
        Map<String, Long> errors = new TreeMap<>();
        errorsByCode.forEach((k, v) -> errors.put(k, v.sum()));
        return new ProducerMetrics(userRecordsReceived.sum(), userRecordsPut.sum(), userRecordsFailed.sum(),
                kinesisRecordsPut.sum(), bytesPut.sum(), putRecordsCalls.sum(), retries.sum(), throttles.sum(),
                errors, pool.usedRecords(), pool.usedBytes(), inFlightRequests, latencyMillisTotal.sum(),
                recordDistribution, resentAfterMisplacement.sum(), unknownOutcomes.sum());
    }
}
