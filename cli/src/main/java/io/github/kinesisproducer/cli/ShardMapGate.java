package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.ProducerListener;
import java.time.Duration;

/**
 * What the CLI learns from the producer's shard-map loads, so it can wait for the map before it sends and stop at once
 * when the stream is missing or the endpoint refuses us. Until the map is loaded the producer can only aggregate
 * records that share a partition key; a CLI hands over thousands of records in the first milliseconds, long before the
 * first ListShards returns, so without this wait a whole small file would go out barely aggregated. The producer's own
 * ListShards doubles as the stream check: no second client is built for it.
 */
final class ShardMapGate implements ProducerListener {
    /** A failed load: its error code and exception, kept together. */
    record Failure(String code, Throwable error) {
    }

    private boolean loaded;
    private Failure lastFailure;

    @Override
    public synchronized void shardMapLoaded(int openShards) {
        loaded = true;
        notifyAll();
    }

    @Override
    public synchronized void shardMapLoadFailed(String errorCode, Throwable error) {
        lastFailure = new Failure(errorCode, error);
        notifyAll();
    }

    /**
     * Waits until the map is loaded, or a load failed in a way {@code stopOn} accepts, or {@code timeout} passes.
     *
     * @return true if the map is loaded
     */
    synchronized boolean await(Duration timeout, java.util.function.Predicate<Failure> stopOn)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!loaded && (lastFailure == null || !stopOn.test(lastFailure))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return loaded;
    }

    /** Waits until the map is loaded or {@code timeout} passes, whatever fails meanwhile. */
    boolean await(Duration timeout) throws InterruptedException {
        return await(timeout, f -> false);
    }

    /** The latest failed load, or null if none failed yet. */
    synchronized Failure lastFailure() {
        return lastFailure;
    }
}
