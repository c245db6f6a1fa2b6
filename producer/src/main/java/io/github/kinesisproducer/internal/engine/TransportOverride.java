package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.internal.protocol.KinesisTransport;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Makes a {@link KinesisProducer.Builder} build a producer that talks to a transport of the caller's choosing (an
 * in-memory fake) instead of Kinesis: for this project's own tests and benchmarks only. Not API: users test their code
 * with the {@code Producer} interface and the test kit ({@code MockKinesisProducer}, {@code LocalKinesisExtension}),
 * and no public signature mentions a transport. Builders are held weakly; an unmarked builder builds the real client.
 */
public final class TransportOverride {
    private static final Map<KinesisProducer.Builder, KinesisTransport> TRANSPORTS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private TransportOverride() {
    }

    /** Marks {@code builder}: what it builds uses {@code transport}. Returns the builder, to go on configuring it. */
    public static KinesisProducer.Builder use(KinesisProducer.Builder builder, KinesisTransport transport) {
        TRANSPORTS.put(builder, transport);
        return builder;
    }

    /** The transport a builder was marked with, or null (the usual case). */
    public static KinesisTransport transportFor(KinesisProducer.Builder builder) {
        return TRANSPORTS.get(builder);
    }
}
