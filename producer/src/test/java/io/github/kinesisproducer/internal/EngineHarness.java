package io.github.kinesisproducer.internal;

import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.RecordResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Drives an {@link Engine} by hand: a manual clock, a fake Kinesis, futures completed inline. Never sleeps. */
final class EngineHarness {
    final ManualClock clock = new ManualClock();
    final FakeKinesis kinesis;
    final ProducerConfig config;
    final MemoryPool pool;
    final ProducerStats stats = new ProducerStats();
    final Engine engine;
    double random = 0.5;

    EngineHarness(int shards, Consumer<ProducerConfig.Builder> settings) {
        this.kinesis = new FakeKinesis(shards);
        ProducerConfig.Builder b = ProducerConfig.builder("test-stream");
        settings.accept(b);
        this.config = b.build();
        this.pool = new MemoryPool(config.maxBufferedBytes(), config.maxBufferedRecords());
        this.engine = new Engine(config, kinesis, clock, pool, stats, Runnable::run, () -> random, () -> { });
    }

    CompletableFuture<RecordResult> send(String key, byte[] data) {
        return send(key, null, data);
    }

    CompletableFuture<RecordResult> send(String key, String explicitHashKey, byte[] data) {
        PendingRecord r = new PendingRecord(key, explicitHashKey, data, clock.nanoTime(), config.recordTtl().toNanos());
        if (key != null) {
            r.hashKey = explicitHashKey != null ? HashKey.parseDecimal(explicitHashKey) : HashKey.ofPartitionKey(key);
        }
        try {
            if (!pool.reserve(r.reservedBytes, 0)) {
                throw new IllegalStateException("pool full");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        engine.offer(r);
        return r.future;
    }

    CompletableFuture<Void> flush() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        engine.offer(new Engine.Marker(f, false));
        return f;
    }

    void close() {
        engine.offer(new Engine.Marker(null, true));
    }

    long step() {
        return engine.runOnce(clock.nanoTime());
    }

    /** Steps, jumping the clock to each wake-up, until the engine has nothing scheduled within {@code limit}. */
    void runFor(Duration limit) {
        long end = clock.nanoTime() + limit.toNanos();
        for (int i = 0; i < 1_000_000; i++) {
            long next = step();
            if (engine.terminated()) {
                return;
            }
            long now = clock.nanoTime();
            if (next <= now || engine.hasPendingInput()) {
                continue;
            }
            if (next >= end) {
                clock.advance(Duration.ofNanos(Math.max(0, end - now)));
                step();
                return;
            }
            clock.advance(Duration.ofNanos(next - now));
        }
        throw new IllegalStateException("engine did not settle");
    }
}
