package io.github.kinesisproducer.test;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.emulator.EmulatorClients;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A stream in the local emulator, made by {@link LocalKinesisExtension} for a test (or a test class), with a producer
 * configured for it and a reader. What it made is closed, and the stream deleted, when the test (or class) ends.
 */
public final class LocalStream {
    private final String name;
    private final URI endpoint;
    private final StreamAdmin admin;
    private final Scope scope;
    private KinesisProducer producer;

    LocalStream(String name, URI endpoint, StreamAdmin admin, Scope scope) {
        this.name = name;
        this.endpoint = endpoint;
        this.admin = admin;
        this.scope = scope;
    }

    public String name() {
        return name;
    }

    /** The emulator's endpoint, {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The ids of the open shards, in order. */
    public List<String> shardIds() {
        return admin.openShards(name).stream().map(Shard::shardId).toList();
    }

    /**
     * This stream's producer (builder defaults: KPL aggregation, 100 ms buffering), built on the first call; the same
     * one after. Closed, which sends what it holds, when this stream's test or class ends.
     */
    public synchronized KinesisProducer producer() {
        if (producer == null) {
            producer = producer(b -> { });
        }
        return producer;
    }

    /**
     * A new producer for this stream with settings of your own on top of {@link #producerBuilder()}'s, e.g.
     * {@code stream.producer(b -> b.aggregation(Aggregation.NONE).strictOrdering(true))}. Closed when this stream's test
     * or class ends.
     */
    public KinesisProducer producer(Consumer<KinesisProducer.Builder> settings) {
        KinesisProducer.Builder b = producerBuilder();
        settings.accept(b);
        KinesisProducer p = b.build();
        scope.register(p);
        return p;
    }

    /**
     * A builder set for this stream and the emulator (name, endpoint, region, dummy static credentials), for a
     * producer you build and close yourself.
     */
    public KinesisProducer.Builder producerBuilder() {
        return KinesisProducer.builder().streamName(name).endpointOverride(endpoint)
                .region(EmulatorClients.REGION.id()).credentialsProvider(EmulatorClients.credentials());
    }

    /** Reads this stream back as user records. */
    public RecordReader reader() {
        return new RecordReader(admin, name);
    }

    @Override
    public String toString() {
        return "LocalStream[" + name + " at " + endpoint + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalStream s && name.equals(s.name) && endpoint.equals(s.endpoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, endpoint);
    }
}
