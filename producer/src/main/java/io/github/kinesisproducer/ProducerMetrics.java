package io.github.kinesisproducer;

import java.util.Map;

/**
 * A point-in-time snapshot of the producer's counters (totals since start) and gauges (current values): of every
 * stream it writes to ({@code KinesisProducer.metrics()}), or of one ({@code KinesisProducer.metrics(stream)}).
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
 * @param recordDistribution how the producer treats the stream's record placement now: {@code AUTO} (the stream
 *     places records itself: no KPL aggregation), {@code USER_PARTITION_KEY}, or {@code DETECT} while it is not known
 *     (acting as for USER_PARTITION_KEY); in the totals, the default stream's (the only stream's on a producer without
 *     one, else DETECT)
 * @param userRecordsResentAfterMisplacement user records sent again because the aggregate carrying them was stored on a
 *     shard that does not cover them (a reshard, or a stream that places records itself): their results say
 *     {@link RecordResult#mayHaveBeenStoredTwice()}
 * @param unknownOutcomes Kinesis-record attempts whose outcome is unknown: the request went out whole and got no
 *     usable answer (a timeout, a lost connection, an unreadable response, an HTTP 5xx), so Kinesis may have stored
 *     the record; a retry of it may store it twice. Each such attempt has {@link Attempt#outcomeUnknown()} set
 */
public record ProducerMetrics(long userRecordsReceived, long userRecordsPut, long userRecordsFailed,
        long kinesisRecordsPut, long bytesPut, long putRecordsCalls, long retries, long throttles,
        Map<String, Long> errorsByCode, long bufferedRecords, long bufferedBytes, int inFlightRequests,
        long putRecordsLatencyMillisTotal, RecordDistribution recordDistribution,
        long userRecordsResentAfterMisplacement, long unknownOutcomes) {

    public ProducerMetrics {
        errorsByCode = Map.copyOf(errorsByCode);
        java.util.Objects.requireNonNull(recordDistribution, "recordDistribution");
    }

    /** The counters without the record-distribution fields (DETECT, 0) and unknownOutcomes (0), as before they existed. */
    public ProducerMetrics(long userRecordsReceived, long userRecordsPut, long userRecordsFailed,
            long kinesisRecordsPut, long bytesPut, long putRecordsCalls, long retries, long throttles,
            Map<String, Long> errorsByCode, long bufferedRecords, long bufferedBytes, int inFlightRequests,
            long putRecordsLatencyMillisTotal) {
        this(userRecordsReceived, userRecordsPut, userRecordsFailed, kinesisRecordsPut, bytesPut, putRecordsCalls,
                retries, throttles, errorsByCode, bufferedRecords, bufferedBytes, inFlightRequests,
                putRecordsLatencyMillisTotal, RecordDistribution.DETECT, 0, 0);
    }

    /** Without {@code unknownOutcomes} (0), as before it existed. */
    public ProducerMetrics(long userRecordsReceived, long userRecordsPut, long userRecordsFailed,
            long kinesisRecordsPut, long bytesPut, long putRecordsCalls, long retries, long throttles,
            Map<String, Long> errorsByCode, long bufferedRecords, long bufferedBytes, int inFlightRequests,
            long putRecordsLatencyMillisTotal, RecordDistribution recordDistribution,
            long userRecordsResentAfterMisplacement) {
        this(userRecordsReceived, userRecordsPut, userRecordsFailed, kinesisRecordsPut, bytesPut, putRecordsCalls,
                retries, throttles, errorsByCode, bufferedRecords, bufferedBytes, inFlightRequests,
                putRecordsLatencyMillisTotal, recordDistribution, userRecordsResentAfterMisplacement, 0);
    }

    /** Average user records per Kinesis record (the aggregation ratio); 0 before anything was put. */
    public double userRecordsPerKinesisRecord() {
        return kinesisRecordsPut == 0 ? 0 : (double) userRecordsPut / kinesisRecordsPut;
    }
}
