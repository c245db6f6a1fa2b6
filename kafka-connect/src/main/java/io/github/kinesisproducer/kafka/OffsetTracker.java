package io.github.kinesisproducer.kafka;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: per partition, the records handed to the task in order, each done when Kinesis
 * acknowledged it (or the dead letter queue took it, or it was skipped). The committable offset of a partition is one
 * past the last record before which everything is done, so nothing is committed that Kinesis might not hold.
 *
 * <p>Records are added and the heads advanced on the task's thread only; completions come from the producer's
 * callback thread and only flip a volatile flag, so no lock is shared with it. Memory: entries leave as soon as they
 * and everything before them are done (at each {@link #add} and {@link #advance}), so the tracker holds about what the
 * producer's buffer holds.
 */
final class OffsetTracker {

    /** One record of a partition, in the order it was handed to the task. */
    static final class Entry {
        final TopicPartition partition;
        final long offset;
        private volatile boolean done;
        private volatile boolean abandoned;
        private volatile Future<?> reported;

        Entry(TopicPartition partition, long offset) {
            this.partition = partition;
            this.offset = offset;
        }

        /** Kinesis acknowledged it, or it needs nothing more (skipped). */
        void done() {
            done = true;
        }

        /** Sent to the dead letter queue: done once that write is. */
        void reportedAs(Future<?> future) {
            reported = future;
        }

        boolean isDone() {
            if (done) {
                return true;
            }
            Future<?> r = reported;
            return r != null && r.isDone();
        }
    }

    /** A record that failed for good: the task stops at the next {@code put} or commit, and commits nothing past it. */
    record Failure(TopicPartition partition, long offset, Throwable error) {
    }

    private final Map<TopicPartition, ArrayDeque<Entry>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> committable = new HashMap<>();
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    /** Changed by the task's thread only; atomic for the JMX reader. */
    private final AtomicInteger size = new AtomicInteger();

    /** Tracks the next record of {@code partition} (offsets ascending within a partition). */
    Entry add(TopicPartition partition, long offset) {
        ArrayDeque<Entry> queue = pending.computeIfAbsent(partition, p -> new ArrayDeque<>());
        advance(partition, queue);
        Entry e = new Entry(partition, offset);
        queue.addLast(e);
        size.incrementAndGet();
        return e;
    }

    /**
     * Records a failure (from any thread); the first one is kept. A record of a partition the task gave up is left to
     * its new owner, which starts from the last committed offset, before it.
     */
    void failed(Entry entry, Throwable error) {
        if (!entry.abandoned) {
            failure.compareAndSet(null, new Failure(entry.partition, entry.offset, error));
        }
    }

    /** The first failure, or null. */
    Failure failure() {
        return failure.get();
    }

    /** Drops every done record at the head of every partition. */
    void advance() {
        for (Map.Entry<TopicPartition, ArrayDeque<Entry>> e : pending.entrySet()) {
            advance(e.getKey(), e.getValue());
        }
    }

    private void advance(TopicPartition partition, ArrayDeque<Entry> queue) {
        Entry head = queue.peekFirst();
        long last = -1;
        while (head != null && head.isDone()) {
            last = head.offset;
            queue.pollFirst();
            size.decrementAndGet();
            head = queue.peekFirst();
        }
        if (last >= 0) {
            committable.put(partition, last + 1);
        }
    }

    /**
     * The offsets to commit for the given partitions (those the worker asks about), after {@link #advance()}: only
     * partitions with done records since they were assigned.
     */
    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> partitions) {
        advance();
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long next = committable.get(tp);
            if (next != null) {
                out.put(tp, new OffsetAndMetadata(next));
            }
        }
        return out;
    }

    /** Records not done yet, over every partition. */
    int inFlight() {
        return size.get();
    }

    /** Records not done yet of these partitions. */
    int inFlight(Collection<TopicPartition> partitions) {
        int n = 0;
        for (TopicPartition tp : partitions) {
            ArrayDeque<Entry> q = pending.get(tp);
            if (q != null) {
                advance(tp, q);
                n += q.size();
            }
        }
        return n;
    }

    /** Forgets partitions the task no longer owns (revoked or lost). */
    void remove(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            ArrayDeque<Entry> q = pending.remove(tp);
            if (q != null) {
                size.addAndGet(-q.size());
                q.forEach(e -> e.abandoned = true);
            }
            committable.remove(tp);
        }
    }
}
