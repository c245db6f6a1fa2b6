package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.Attempt;
import io.github.kinesisproducer.RecordResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides outcomes on the sender thread and delivers them off it: memory is released and flush epochs counted
 * at once, while futures are completed in one task per engine pass on the callback executor, so slow user
 * callbacks never stall I/O. Flush futures are queued after the records they wait for, and the executor runs
 * tasks in order, so a flush never completes before its records' futures.
 */
final class Completions {
    private static final Logger LOG = LoggerFactory.getLogger(Completions.class);

    private final MemoryPool pool;
    private final ProducerStats stats;
    private final Executor executor;
    private final Listeners listener;
    private FlushTracker flushes;
    private List<Runnable> batch = new ArrayList<>();
    private long releasedBytes;
    private long releasedRecords;
    private long outstanding;

    Completions(MemoryPool pool, ProducerStats stats, Executor executor, Listeners listener) {
        this.listener = listener;
        this.pool = pool;
        this.stats = stats;
        this.executor = executor;
    }

    void setFlushTracker(FlushTracker flushes) {
        this.flushes = flushes;
    }

    /** A record entered the engine. */
    void accepted(PendingRecord r) {
        r.epoch = flushes.recordAccepted();
        outstanding++;
    }

    /** User records in the engine whose outcome is not decided yet. */
    long outstanding() {
        return outstanding;
    }

    void succeed(OutRecord rec, String shardId, String sequenceNumber) {
        // Immutable once here, so every RecordResult of the Kinesis record shares it (List.copyOf returns it as is).
        List<Attempt> attempts = List.copyOf(rec.attempts);
        stats.kinesisRecordsPut.increment();
        stats.bytesPut.add(rec.data.length);
        if (allFirstOutcomes(rec)) {
            // The common case: one task completes the whole Kinesis record's futures, building their results there.
            batch.add(new Stored(rec.records, rec.aggregated, shardId, sequenceNumber, attempts));
            for (PendingRecord r : rec.records) {
                finish(r);
            }
            stats.userRecordsPut.add(rec.records.length);
            return;
        }
        int put = 0;
        for (int i = 0; i < rec.records.length; i++) {
            PendingRecord r = rec.records[i];
            if (!r.done) {
                List<Attempt> all = r.priorAttempts.isEmpty() ? attempts : concat(r.priorAttempts, attempts);
                RecordResult result = new RecordResult(shardId, sequenceNumber, rec.aggregated ? i : 0, all);
                put++;
                batch.add(() -> r.future.complete(result));
                finish(r);
            }
        }
        stats.userRecordsPut.add(put);
    }

    /** True if no user record of rec is decided yet or carries attempts of an earlier Kinesis record. */
    private static boolean allFirstOutcomes(OutRecord rec) {
        for (PendingRecord r : rec.records) {
            if (r.done || !r.priorAttempts.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Completes the futures of all user records of one stored Kinesis record, on the callback executor. */
    @SuppressWarnings("ArrayRecordComponent") // a task completing these records; never compared
    private record Stored(PendingRecord[] records, boolean aggregated, String shardId, String sequenceNumber,
            List<Attempt> attempts) implements Runnable {
        @Override
        public void run() {
            for (int i = 0; i < records.length; i++) {
                RecordResult result = new RecordResult(shardId, sequenceNumber, aggregated ? i : 0, attempts);
                try {
                    records[i].future.complete(result);
                } catch (RuntimeException e) {
                    LOG.warn("A record completion threw; other records are unaffected", e);
                }
            }
        }
    }

    void fail(OutRecord rec, java.util.function.Function<PendingRecord, RuntimeException> error) {
        for (PendingRecord r : rec.records) {
            fail(r, error.apply(r));
        }
    }

    void fail(PendingRecord r, RuntimeException error) {
        if (!r.done) {
            stats.userRecordsFailed.increment();
            listener.userRecordsFailed(error instanceof io.github.kinesisproducer.RecordFailedException f
                    ? f.errorCode() : error.getClass().getSimpleName(), 1);
            batch.add(() -> r.future.completeExceptionally(error));
            finish(r);
        }
    }

    void flushDone(CompletableFuture<Void> f) {
        batch.add(() -> f.complete(null));
    }

    /** Hands this pass's outcomes over: memory back to the pool, futures to the callback executor. */
    void dispatch() {
        if (releasedRecords > 0) {
            pool.releaseAll(releasedBytes, releasedRecords);
            releasedBytes = 0;
            releasedRecords = 0;
        }
        if (batch.isEmpty()) {
            return;
        }
        List<Runnable> tasks = batch;
        batch = new ArrayList<>();
        Runnable all = () -> {
            for (Runnable t : tasks) {
                try {
                    t.run();
                } catch (RuntimeException e) {
                    // complete() itself does not throw for dependents; this guards future changes.
                    LOG.warn("A record completion threw; other records are unaffected", e);
                }
            }
        };
        try {
            executor.execute(all);
        } catch (RejectedExecutionException e) {
            all.run(); // executor shut down by the user: complete here rather than leave futures hanging
        }
    }

    /** Marks the record decided; its completion task must already be queued (a flush it ends queues after it). */
    private void finish(PendingRecord r) {
        r.done = true;
        releasedBytes += r.reservedBytes;
        releasedRecords++;
        outstanding--;
        flushes.recordDone(r.epoch);
    }

    private static List<Attempt> concat(List<Attempt> a, List<Attempt> b) {
        List<Attempt> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }
}
