package io.github.kinesisproducer.bench;

import io.github.kinesisproducer.KinesisProducer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * kinesis-producer writing to {@code --streams N} streams with one {@code KinesisProducer} per stream, as a module that
 * keeps a registry of producers would: N buffers, N sender and callback threads, N connection pools. Record i goes to
 * the producer of stream {@code STREAM-(i mod N)}.
 */
public final class ProducerPerStreamRunner implements ProducerDriver {
    private final List<KinesisProducer> producers = new ArrayList<>();
    private KinesisAsyncClient tlsClient;
    private long startupMillis = -1;

    @Override
    public String implementation() {
        return ProducerDriver.jarOf(KinesisProducer.class);
    }

    @Override
    public long startupMillis() {
        return startupMillis;
    }

    @Override
    public void start(RunOptions o) throws Exception {
        long t0 = System.nanoTime();
        tlsClient = ProducerRunner.tlsClientIfNeeded(o);
        List<CompletableFuture<?>> probes = new ArrayList<>();
        for (String s : ManyStreamsRunner.streamNames(o)) {
            KinesisProducer p = ProducerRunner.builder(o, tlsClient).streamName(s).build();
            producers.add(p);
            probes.add(p.send("probe", new byte[o.size]));
        }
        CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).join();
        startupMillis = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(o.probeWaitMs);
    }

    @Override
    public void send(int index, String partitionKey, byte[] data, Completion completion) {
        CompletableFuture<?> unused = producers.get(Math.floorMod(index, producers.size())).send(partitionKey, data)
                .whenComplete((r, e) -> completion.done(index, e == null));
    }

    @Override
    public void flush() {
        for (KinesisProducer p : producers) {
            CompletableFuture<Void> unused = p.flush(); // the runner waits for its own completions
        }
    }

    @Override
    public void close() {
        for (KinesisProducer p : producers) {
            p.close();
        }
        if (tlsClient != null) {
            tlsClient.close();
        }
    }
}
