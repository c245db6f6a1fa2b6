package io.github.kinesisproducer;

import java.util.Map;

/**
 * A point-in-time snapshot of the producer's counters (totals since start) and gauges (current values).
 *
 * @param userRecordsReceived user records accepted by {@code send}
 * @param userRecordsPut user records acknowledged by Kinesis
 * @param userRecordsFailed user records whose future failed
 * @param kinesisRecordsPut Kinesis records acknowledged (aggregates count once)
 * @param bytesPut data bytes of the Kinesis records acknowledged (keys excluded)
 * @param putRecordsCalls PutRecords calls completed (success or not)
 * @param retries Kinesis-record retries scheduled
 * @param throttles records or requests Kinesis throttled
 * @param errorsByCode error counts by Kinesis error code (every failed attempt)
 * @param bufferedRecords user records held now (accepted, not yet completed)
 * @param bufferedBytes bytes held now (data plus keys)
 * @param inFlightRequests PutRecords calls in flight now
 * @param putRecordsLatencyMillisTotal sum of PutRecords call latencies, for an average
 * @param unknownOutcomes Kinesis-record attempts whose outcome is unknown: the request went out whole and got no
 *                        usable answer (a timeout, a lost connection, an unreadable response, an HTTP 5xx), so Kinesis
 *                        may have stored the record; a retry of it may store it twice. Each such attempt has
 *                        {@link Attempt#outcomeUnknown()} set
 */
public record ProducerMetrics(long userRecordsReceived, long userRecordsPut, long userRecordsFailed,
        long kinesisRecordsPut, long bytesPut, long putRecordsCalls, long retries, long throttles,
        Map<String, Long> errorsByCode, long bufferedRecords, long bufferedBytes, int inFlightRequests,
        long putRecordsLatencyMillisTotal, long unknownOutcomes) {

    public ProducerMetrics {
        errorsByCode = Map.copyOf(errorsByCode);
    }

    /** Without {@code unknownOutcomes} (0), as before it existed. */
    public ProducerMetrics(long userRecordsReceived, long userRecordsPut, long userRecordsFailed,
            long kinesisRecordsPut, long bytesPut, long putRecordsCalls, long retries, long throttles,
            Map<String, Long> errorsByCode, long bufferedRecords, long bufferedBytes, int inFlightRequests,
            long putRecordsLatencyMillisTotal) {
        this(userRecordsReceived, userRecordsPut, userRecordsFailed, kinesisRecordsPut, bytesPut, putRecordsCalls,
                retries, throttles, errorsByCode, bufferedRecords, bufferedBytes, inFlightRequests,
                putRecordsLatencyMillisTotal, 0);
    }

    /** Average user records per Kinesis record (the aggregation ratio); 0 before anything was put. */
    public double userRecordsPerKinesisRecord() {
        return kinesisRecordsPut == 0 ? 0 : (double) userRecordsPut / kinesisRecordsPut;
    }
}
