package io.github.kinesisproducer.flink;

/**
 * What the sink does with a record that failed for good: the producer gave up on it (a non-retriable error code,
 * {@code kinesis_max_retries} attempts or {@code record_ttl} used up) or refused it at once (an invalid key, a record
 * too large). For a function of your own, see {@link FailedRecordHandler}.
 */
public enum RecordFailurePolicy {
    /**
     * The default: the job fails at the next {@code write} or {@code flush} on the task thread, with a
     * {@link RecordNotDeliveredException} naming the record's partition key, the error code and the attempts. Flink
     * restarts it from its last completed checkpoint (per its restart strategy), so the record is sent again and
     * nothing is lost; records sent after that checkpoint may be stored twice. A checkpoint never completes while
     * such a record is pending, because the writer's flush before the barrier waits for every record and then fails.
     */
    FAIL_JOB,
    /**
     * Count the record in {@code numRecordsSendErrors} and {@code kinesisProducer.recordsDropped}, log it (the first,
     * then every 1,000th) and go on. <b>The record is lost</b>: the checkpoint completes without it and no restart
     * sends it again. For streams where a gap is better than a stalled job.
     */
    DROP
}
