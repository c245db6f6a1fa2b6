package io.github.kinesisproducer.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcomes of one engine pass, for every stream, handed over at its end: memory back to the producer's pool and
 * to each stream's share, then the futures completed in one task on the callback executor, in the order they were
 * decided (so a flush, queued after its records, never completes before them). Sender thread only.
 */
final class Outcomes {
    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

    private final MemoryPool pool;
    private final Executor executor;
    private List<Runnable> batch = new ArrayList<>();
    private long releasedBytes;
    private long releasedRecords;
    /** Streams that released memory this pass. */
    private final List<Completions> released = new ArrayList<>();

    Outcomes(MemoryPool pool, Executor executor) {
        this.pool = pool;
        this.executor = executor;
    }

    /** A completion to run on the callback executor, after those queued before it. */
    void add(Runnable completion) {
        batch.add(completion);
    }

    void flushDone(CompletableFuture<Void> f) {
        batch.add(() -> f.complete(null));
    }

    /** A record of {@code stream} is decided: its memory goes back at the end of the pass. */
    void release(Completions stream, int bytes, boolean firstOfPass) {
        releasedBytes += bytes;
        releasedRecords++;
        if (firstOfPass) {
            released.add(stream);
        }
    }

    /** Hands this pass's outcomes over: memory back to the pools, futures to the callback executor. */
    void dispatch() {
        if (releasedRecords > 0) {
            for (Completions c : released) {
                c.releaseShare();
            }
            released.clear();
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
}
