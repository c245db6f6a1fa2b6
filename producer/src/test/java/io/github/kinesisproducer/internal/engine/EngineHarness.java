package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.internal.shards.HashKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Drives an {@link Engine} by hand: a manual clock, a fake Kinesis, futures completed inline. Never sleeps. */
final class EngineHarness {
    final ManualClock clock = new ManualClock();
    final FakeKinesis kinesis;
    final ProducerConfig config;
    final MemoryPool pool;
    final StreamDirectory streams;
    /** The default stream's counters. */
    final ProducerStats stats;
    final Engine engine;
    /** Every recordDistributionDetected event: "STRATEGY from SOURCE". */
    final java.util.List<String> distributionEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
    final java.util.List<String> distributionDetails = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Listener events with their stream: "shardMapLoaded STREAM N", "userRecordsFailed STREAM CODE N", ... */
    final java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    double random = 0.5;

    EngineHarness(int shards, Consumer<ProducerConfig.Builder> settings) {
        this(new FakeKinesis(shards), settings);
    }

    EngineHarness(io.github.kinesisproducer.internal.protocol.KinesisTransport transport,
            Consumer<ProducerConfig.Builder> settings) {
        this(transport, "test-stream", settings);
    }

    /** Over any transport (e.g. {@link FakeStreams}, several streams), with this default stream (null: none). */
    EngineHarness(io.github.kinesisproducer.internal.protocol.KinesisTransport transport, String defaultStream,
            Consumer<ProducerConfig.Builder> settings) {
        this.kinesis = transport instanceof FakeKinesis f ? f : null;
        ProducerConfig.Builder b = ProducerConfig.builder();
        if (defaultStream != null) {
            b.streamName(defaultStream);
        }
        settings.accept(b);
        this.config = b.build();
        this.pool = new MemoryPool(config.maxBufferedBytes(), config.maxBufferedRecords());
        this.streams = new StreamDirectory(config);
        this.stats = streams.defaultStream() == null ? null : streams.defaultStream().stats;
        io.github.kinesisproducer.ProducerListener listener = new io.github.kinesisproducer.ProducerListener() {
            @Override
            public void recordDistributionDetected(io.github.kinesisproducer.RecordDistribution strategy,
                    String source, String detail) {
                distributionEvents.add(strategy + " from " + source);
                distributionDetails.add(detail);
            }

            @Override
            public void shardMapLoaded(String stream, int openShards) {
                events.add("shardMapLoaded " + stream + " " + openShards);
            }

            @Override
            public void shardMapLoadFailed(String stream, String errorCode, Throwable error) {
                events.add("shardMapLoadFailed " + stream + " " + errorCode);
            }

            @Override
            public void userRecordsFailed(String stream, String errorCode, int count) {
                events.add("userRecordsFailed " + stream + " " + errorCode + " " + count);
            }

            @Override
            public void throttled(String stream, String shardId) {
                events.add("throttled " + stream);
            }
        };
        this.engine = new Engine(config, transport, clock, pool, streams, Runnable::run, () -> random, () -> { },
                listener);
    }

    /** The producer's totals, as metrics() reports them. */
    io.github.kinesisproducer.ProducerMetrics metrics() {
        return streams.totals(pool, engine.inFlightRequests());
    }

    CompletableFuture<RecordResult> send(String key, byte[] data) {
        return send(key, null, data);
    }

    /** The seed's keyless send, as ProducerRuntime does it: a random key up front unless delimited. */
    CompletableFuture<RecordResult> sendKeyless(byte[] data) {
        String key = config.aggregation() == io.github.kinesisproducer.Aggregation.DELIMITED ? null : RandomKeys.next();
        return offer(new PendingRecord(key, null, data, clock.nanoTime(), config.recordTtl().toNanos(), true));
    }

    CompletableFuture<RecordResult> send(String key, String explicitHashKey, byte[] data) {
        return offer(new PendingRecord(key, explicitHashKey, data, clock.nanoTime(), config.recordTtl().toNanos()));
    }

    /** A record for {@code stream} (its share of the buffer taken as the runtime takes it, without waiting). */
    CompletableFuture<RecordResult> sendTo(String stream, String key, byte[] data) {
        return offer(new PendingRecord(streams.resolve(stream), key, null, data, clock.nanoTime(),
                config.recordTtl().toNanos(), false));
    }

    CompletableFuture<Void> flush(String stream) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        engine.offer(new Engine.Marker(f, false, stream));
        return f;
    }

    private CompletableFuture<RecordResult> offer(PendingRecord r) {
        String key = r.partitionKey;
        String explicitHashKey = r.explicitHashKey;
        if (key != null) {
            r.hashKey = explicitHashKey != null ? HashKey.parseDecimal(explicitHashKey) : HashKey.ofPartitionKey(key);
        }
        StreamHandle stream = r.stream != null ? r.stream : streams.defaultStream();
        try {
            if (!stream.quota.reserve(r.reservedBytes, 0)) {
                throw new IllegalStateException("stream's share full");
            }
            if (!pool.reserve(r.reservedBytes, 0)) {
                stream.quota.release(r.reservedBytes);
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
