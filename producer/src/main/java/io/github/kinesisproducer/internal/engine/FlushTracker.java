package io.github.kinesisproducer.internal.engine;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Knows when everything sent before a flush is done. Records are counted per epoch; a flush closes the current
 * epoch and completes once that epoch and all older ones have no pending records. Flush markers travel through
 * the same inbox as records, so "sent before the flush" is exact. Sender thread only.
 */
final class FlushTracker {
    private static final class Epoch {
        final long id;
        long pending;
        final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>(1);

        Epoch(long id) {
            this.id = id;
        }
    }

    /** Open epochs, oldest first; the last one is the current epoch. */
    private final ArrayDeque<Epoch> epochs = new ArrayDeque<>();
    private final java.util.function.Consumer<CompletableFuture<Void>> completer;

    /** @param completer completes a flush future (on the callback executor, after the records' own completions) */
    FlushTracker(java.util.function.Consumer<CompletableFuture<Void>> completer) {
        this.completer = completer;
        epochs.addLast(new Epoch(0));
    }

    /** Counts a record into the current epoch and returns the epoch's id. */
    long recordAccepted() {
        Epoch current = epochs.peekLast();
        current.pending++;
        return current.id;
    }

    void recordDone(long epochId) {
        for (Epoch e : epochs) {
            if (e.id == epochId) {
                e.pending--;
                break;
            }
        }
        completeFinished();
    }

    /** Closes the current epoch with this waiter; completes it at once if nothing is pending. */
    void flush(CompletableFuture<Void> waiter) {
        Epoch current = epochs.peekLast();
        current.waiters.add(waiter);
        epochs.addLast(new Epoch(current.id + 1));
        completeFinished();
    }

    /** True while some flush waits. */
    boolean flushPending() {
        return epochs.size() > 1;
    }

    private void completeFinished() {
        while (epochs.size() > 1 && epochs.peekFirst().pending == 0) {
            Epoch done = epochs.pollFirst();
            done.waiters.forEach(completer);
        }
    }
}
