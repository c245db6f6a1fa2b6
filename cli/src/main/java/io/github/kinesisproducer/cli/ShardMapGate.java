package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.ProducerListener;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets the CLI wait for the producer's first shard map before it sends. Until the map is loaded the producer can
 * only aggregate records that share a partition key; a CLI hands over thousands of records in the first
 * milliseconds, long before the first ListShards returns, so without this wait a whole small file would go out
 * barely aggregated.
 */
final class ShardMapGate implements ProducerListener {
    private final CountDownLatch loaded = new CountDownLatch(1);

    @Override
    public void shardMapLoaded(int openShards) {
        loaded.countDown();
    }

    /**
     * Waits until the first map is loaded or {@code timeout} passes (the stream may not exist: sending then
     * reports that error per record).
     *
     * @return true if the map was loaded
     */
    boolean await(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
