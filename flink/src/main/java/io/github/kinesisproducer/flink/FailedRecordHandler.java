package io.github.kinesisproducer.flink;

import java.io.Serializable;

/**
 * Takes the records the producer gave up on, instead of failing the job: e.g. writes them to a dead-letter store.
 * Set with {@code KinesisProducerSink.builder().onRecordFailure(handler)}.
 *
 * <p>Called on the task thread (never on the producer's threads), at the next {@code write} or {@code flush} of the
 * subtask after the failure, one record at a time. The checkpoint whose flush handed a record over completes once
 * {@link #handle} has returned, so the handler is responsible for that record from then on: <b>what it does not
 * keep is lost</b>. An exception it throws fails the job (which then restarts from its last checkpoint and sends the
 * record again). One instance per subtask, opened when its writer starts and closed with it.
 */
@FunctionalInterface
public interface FailedRecordHandler extends Serializable {
    /** Called once per subtask before the first record. */
    default void open() throws Exception {
    }

    /** Takes one failed record; throw to fail the job. */
    void handle(FailedRecord record) throws Exception;

    /** Called once when the subtask's writer closes. */
    default void close() throws Exception {
    }
}
