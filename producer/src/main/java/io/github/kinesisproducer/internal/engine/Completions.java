package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.Attempt;
import io.github.kinesisproducer.RecordResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides one stream's outcomes on the sender thread and delivers them off it ({@link Outcomes}): memory is released
 * and flush epochs counted at once, while futures are completed in one task per engine pass on the callback executor,
 * so slow user callbacks never stall I/O. Flush futures are queued after the records they wait for, and the executor
 * runs tasks in order, so a flush never completes before its records' futures.
 */
final class Completions {
    private static final Logger LOG = LoggerFactory.getLogger(Completions.class);

    private final Outcomes outcomes;
    private final ProducerStats stats;
    private final Listeners listener;
    /** The stream's share of the buffer, released with the producer's pool at the end of each pass. */
    private final MemoryPool share;
    private FlushTracker flushes;
    private long shareBytes;
    private long shareRecords;
    private long outstanding;

    Completions(Outcomes outcomes, StreamHandle stream, Listeners listener) {
        this.outcomes = outcomes;
        this.stats = stream.stats;
        this.share = stream.quota;
        this.listener = listener;
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
            outcomes.add(new Stored(rec.records, rec.aggregated, shardId, sequenceNumber, attempts));
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
                outcomes.add(() -> r.future.complete(result));
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
            outcomes.add(() -> r.future.completeExceptionally(error));
            finish(r);
        }
    }

    void flushDone(CompletableFuture<Void> f) {
        outcomes.flushDone(f);
    }

    /** Gives the stream's share back what its records decided this pass held (called by {@link Outcomes}). */
    void releaseShare() {
        share.releaseAll(shareBytes, shareRecords);
        shareBytes = 0;
        shareRecords = 0;
    }

    /** Marks the record decided; its completion task must already be queued (a flush it ends queues after it). */
    private void finish(PendingRecord r) {
        r.done = true;
        outcomes.release(this, r.reservedBytes, shareRecords == 0);
        shareBytes += r.reservedBytes;
        shareRecords++;
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
