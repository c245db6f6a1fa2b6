package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.ProducerListener;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the CLI learns from the producer's first shard-map loads, so it can wait for the map before it sends and stop
 * at once when the stream is missing or the endpoint refuses us. Until the map is loaded the producer can only
 * aggregate records that share a partition key; a CLI hands over thousands of records in the first milliseconds, long
 * before the first ListShards returns, so without this wait a whole small file would go out barely aggregated. The
 * producer's own ListShards doubles as the stream check: no second client is built for it.
 */
final class ShardMapGate implements ProducerListener {
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final CountDownLatch firstOutcome = new CountDownLatch(1);
    private volatile Throwable lastFailure;
    private volatile String lastFailureCode;

    @Override
    public void shardMapLoaded(int openShards) {
        loaded.countDown();
        firstOutcome.countDown();
    }

    @Override
    public void shardMapLoadFailed(String errorCode, Throwable error) {
        lastFailureCode = errorCode;
        lastFailure = error;
        firstOutcome.countDown();
    }

    /** Waits for the first load to succeed or fail (up to {@code timeout}); true if it has. */
    boolean awaitFirstOutcome(Duration timeout) throws InterruptedException {
        return firstOutcome.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until the map is loaded or {@code timeout} passes (the producer retries failed loads meanwhile).
     *
     * @return true if the map was loaded
     */
    boolean await(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isLoaded() {
        return loaded.getCount() == 0;
    }

    /** The error of the latest failed load, or null. */
    Throwable lastFailure() {
        return lastFailure;
    }

    String lastFailureCode() {
        return lastFailureCode;
    }
}
