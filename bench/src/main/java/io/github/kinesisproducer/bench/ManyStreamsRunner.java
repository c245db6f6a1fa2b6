package io.github.kinesisproducer.bench;

import io.github.kinesisproducer.KinesisProducer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * kinesis-producer writing to {@code --streams N} streams with one producer: built without a stream name, record i goes
 * to stream {@code STREAM-(i mod N)} with {@code sendTo}. One buffer, one sender thread, one connection pool for all.
 */
public final class ManyStreamsRunner implements ProducerDriver {
    private KinesisProducer producer;
    private KinesisAsyncClient tlsClient;
    private String[] streams;
    private long startupMillis = -1;

    static String[] streamNames(RunOptions o) {
        String[] names = new String[o.streams];
        for (int k = 0; k < names.length; k++) {
            names[k] = o.stream + "-" + k;
        }
        return names;
    }

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
        streams = streamNames(o);
        tlsClient = ProducerRunner.tlsClientIfNeeded(o);
        producer = ProducerRunner.builder(o, tlsClient).build();
        // A probe per stream: every stream's shard map is loaded before the clock starts.
        List<CompletableFuture<?>> probes = new ArrayList<>();
        for (String s : streams) {
            probes.add(producer.sendTo(s, "probe", new byte[o.size]));
        }
        CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).join();
        startupMillis = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(o.probeWaitMs);
    }

    @Override
    public void send(int index, String partitionKey, byte[] data, Completion completion) {
        CompletableFuture<?> unused = producer.sendTo(streams[Math.floorMod(index, streams.length)], partitionKey, data)
                .whenComplete((r, e) -> completion.done(index, e == null));
    }

    @Override
    public void flush() {
        CompletableFuture<Void> unused = producer.flush(); // the runner waits for its own completions
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
        if (tlsClient != null) {
            tlsClient.close();
        }
    }
}
