package io.github.kinesisproducer.flink;

import java.io.IOException;

/**
 * Fails the job (with {@link RecordFailurePolicy#FAIL_JOB}, the default) when a record failed for good: thrown on
 * the task thread by the writer's next {@code write} or {@code flush}. Flink then restarts the job from its last
 * completed checkpoint and sends the record again. The message names the record's partition key, stream, error
 * code and attempts; the cause is the producer's exception ({@code RecordFailedException} with every attempt).
 */
public class RecordNotDeliveredException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient FailedRecord record;

    /**
     * @param record the record that failed
     * @param othersPending further failed records waiting behind it on this subtask
     */
    public RecordNotDeliveredException(FailedRecord record, int othersPending) {
        super(record.describe() + (othersPending > 0 ? "; " + othersPending + " more failed records on this subtask"
                : "") + ". The job fails so that Flink restarts it from its last checkpoint and sends the record "
                + "again; to drop such records or hand them to a function instead, use onRecordFailure(...) on "
                + "KinesisProducerSink's builder ('sink.failure-handling' in SQL)", record.error());
        this.record = record;
    }

    /** The record, when this exception was not serialized since (Flink ships it to the job manager). */
    public FailedRecord record() {
        return record;
    }
}
