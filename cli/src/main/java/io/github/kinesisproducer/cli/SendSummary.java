package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.ProducerMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * What a send did, in the terms a user asks about: how many records arrived, how well they were packed, what
 * went wrong.
 *
 * @param userRecordsSent user records Kinesis acknowledged
 * @param userRecordsFailed user records that failed for good (including those refused before sending)
 * @param failuresByCode those failures by error code
 * @param failedMaybeStored failed records of which a request got no answer (Kinesis may have stored them)
 * @param kinesisRecords Kinesis records put (an aggregate counts once)
 * @param putRecordsCalls PutRecords calls made
 * @param retries Kinesis-record retries
 * @param errorsByCode every failed attempt by error code (retried ones included)
 * @param bytesPut data bytes put, aggregation overhead included
 * @param elapsed from the first record read to the last result
 */
record SendSummary(long userRecordsSent, long userRecordsFailed, Map<String, Long> failuresByCode,
        long failedMaybeStored, long kinesisRecords, long putRecordsCalls, long retries, Map<String, Long> errorsByCode, long bytesPut,
        Duration elapsed) {

    SendSummary {
        failuresByCode = Map.copyOf(failuresByCode);
        errorsByCode = Map.copyOf(errorsByCode);
    }

    static SendSummary of(Sender sender, ProducerMetrics m) {
        return new SendSummary(sender.succeeded(), sender.failed(), sender.failuresByCode(), sender.failedMaybeStored(),
                m.kinesisRecordsPut(),
                m.putRecordsCalls(), m.retries(), m.errorsByCode(), m.bytesPut(), sender.elapsed());
    }

    /** The aggregation ratio; 0 before anything was put. */
    double userRecordsPerKinesisRecord() {
        return kinesisRecords == 0 ? 0 : (double) userRecordsSent / kinesisRecords;
    }

    boolean allSucceeded() {
        return userRecordsFailed == 0;
    }

    /** A block of aligned lines, each ending in a newline. */
    String render() {
        StringBuilder b = new StringBuilder();
        line(b, "user records", Format.count(userRecordsSent) + " sent, " + Format.count(userRecordsFailed)
                + " failed");
        line(b, "Kinesis records", Format.count(kinesisRecords)
                + (kinesisRecords > 0 ? " (" + Format.decimal(userRecordsPerKinesisRecord())
                        + " user records per Kinesis record)" : ""));
        line(b, "PutRecords calls", Format.count(putRecordsCalls));
        line(b, "retries", Format.count(retries) + (errorsByCode.isEmpty() ? "" : " (errors seen: "
                + byCode(errorsByCode) + ")"));
        line(b, "failures", userRecordsFailed == 0 ? "none" : byCode(failuresByCode));
        if (failedMaybeStored > 0) {
            // Resending every failure would duplicate these: the user needs the number to decide.
            line(b, "may be stored", Format.count(failedMaybeStored) + " of the failed records: a request got no "
                    + "answer (timeout, lost connection), so Kinesis may have stored them; resending them may "
                    + "duplicate them");
        }
        line(b, "elapsed", Format.duration(elapsed));
        line(b, "throughput", Format.rate(Format.perSecond((double) userRecordsSent, elapsed), "records") + ", "
                + Format.mebibytesPerSecond(Format.perSecond((double) bytesPut, elapsed)));
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append("  ").append(label).append(" ".repeat(Math.max(1, 20 - label.length()))).append(value).append('\n');
    }

    /** {@code Expired 3, ResourceNotFoundException 12}: sorted by code so output is stable. */
    static String byCode(Map<String, Long> counts) {
        StringJoiner j = new StringJoiner(", ");
        new TreeMap<>(counts).forEach((code, n) -> j.add(code + " " + Format.count(n)));
        return j.toString();
    }
}
