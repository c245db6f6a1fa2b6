package io.github.kinesisproducer.internal.protocol;

import java.util.List;

/** A PutRecords answer: one result per request entry, in the same order. */
public record PutRecordsResponse(List<PutRecordsResponse.Result> records, int failedRecordCount) {
    /** Stored ({@code shardId} and {@code sequenceNumber}) or failed ({@code errorCode} and {@code errorMessage}). */
    public record Result(String shardId, String sequenceNumber, String errorCode, String errorMessage) {
        public static Result stored(String shardId, String sequenceNumber) {
            return new Result(shardId, sequenceNumber, null, null);
        }

        public static Result failed(String errorCode, String errorMessage) {
            return new Result(null, null, errorCode, errorMessage);
        }
    }

    public PutRecordsResponse {
        records = List.copyOf(records);
    }

    /** With the failed count taken from the results. */
    public static PutRecordsResponse of(List<Result> records) {
        return new PutRecordsResponse(records, (int) records.stream().filter(r -> r.errorCode() != null).count());
    }
}
