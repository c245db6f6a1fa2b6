package io.github.kinesisproducer.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A producer that does nothing: each send makes a future, with the same {@code whenComplete} callback as the real
 * runners, and queues it; one thread completes whatever it finds queued. That is the least any asynchronous producer
 * does per record, so this runner's CPU per million is the part of every figure that belongs to the harness (its
 * send loop, latency bookkeeping and callback) and to one cross-thread future per record, not to a producer.
 */
public final class NullRunner implements ProducerDriver {
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> queue = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    private Thread completer;

    @Override
    public String transport(RunOptions options) {
        return "none";
    }

    @Override
    public boolean sendsToSink() {
        return false;
    }

    @Override
    public void start(RunOptions options) {
        completer = new Thread(this::complete, "null-producer-completer");
        completer.setDaemon(true);
        completer.start();
    }

    private void complete() {
        while (!closed) {
            CompletableFuture<Void> f;
            boolean any = false;
            while ((f = queue.poll()) != null) {
                f.complete(null);
                any = true;
            }
            if (!any) {
                // Idle: a producer's sender would wait for its next deadline; 1 ms costs ~1,000 wake-ups per second.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    @Override
    public void send(int index, String partitionKey, byte[] data, Completion completion) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        CompletableFuture<?> unused = f.whenComplete((r, e) -> completion.done(index, e == null));
        queue.add(f);
    }

    @Override
    public void flush() {
        // Nothing is buffered: the completer takes every queued future within a millisecond.
    }

    @Override
    public void close() {
        closed = true;
        if (completer != null) {
            try {
                completer.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
