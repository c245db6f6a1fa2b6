package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.internal.protocol.KinesisTransport;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a {@code KinesisProducer.Builder} build a producer that talks to a transport of the caller's choosing (an
 * in-memory fake) instead of Kinesis: for this project's own tests and benchmarks only. Not API: users test their code
 * with the {@code Producer} interface and the test kit ({@code MockKinesisProducer}, {@code LocalKinesisExtension}),
 * and no public signature mentions a transport. Builders are held weakly; an unmarked builder builds the real client.
 */
public final class TransportOverride {
    /** A builder (by identity, held weakly) and its transport. */
    private record Marked(WeakReference<Object> builder, KinesisTransport transport) {
    }

    /** Empty unless tests marked builders: production builds pay one synchronized look at an empty list. */
    private static final List<Marked> MARKED = new ArrayList<>();

    private TransportOverride() {
    }

    /** Marks {@code builder}: what it builds uses {@code transport}. Returns the builder, to go on configuring it. */
    public static <B> B use(B builder, KinesisTransport transport) {
        synchronized (MARKED) {
            MARKED.removeIf(m -> m.builder().get() == null);
            MARKED.add(new Marked(new WeakReference<>(builder), transport));
        }
        return builder;
    }

    /** The transport a builder was marked with, or null (the usual case). */
    public static KinesisTransport transportFor(Object builder) {
        synchronized (MARKED) {
            for (Marked m : MARKED) {
                if (m.builder().get() == builder) {
                    return m.transport();
                }
            }
            return null;
        }
    }
}
