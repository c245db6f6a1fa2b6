package io.github.kinesisproducer.flink.internal;

import io.github.kinesisproducer.flink.FailedRecord;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Failed records on their way from the producer's callback thread to the task thread, where the writer decides what
 * happens to them: errors never surface on a foreign thread and are never lost in between.
 */
final class FailureQueue {
    private final ConcurrentLinkedQueue<FailedRecord> queue = new ConcurrentLinkedQueue<>();
    /** Read on the task thread for every record: a plain volatile read when nothing failed. */
    private volatile boolean nonEmpty;

    /** Any thread. */
    void add(FailedRecord record) {
        queue.add(record);
        nonEmpty = true;
    }

    /** Task thread: true if something may be waiting. */
    boolean maybeNonEmpty() {
        return nonEmpty;
    }

    /** Task thread: the oldest failure, or null. */
    FailedRecord poll() {
        FailedRecord r = queue.poll();
        if (r == null) {
            nonEmpty = false;
            // A failure added between poll and the write above would be hidden until the next add: look once more.
            r = queue.poll();
            if (r != null) {
                nonEmpty = true;
            }
        }
        return r;
    }

    /** How many are waiting now. */
    int size() {
        return queue.size();
    }
}
