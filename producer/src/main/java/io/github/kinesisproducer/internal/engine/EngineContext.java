package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.Clock;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.internal.protocol.KinesisTransport;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What every stream's {@link StreamLane} shares with the engine: the settings, the one transport (one connection
 * pool), the clock, the queue through which transport threads hand results to the sender thread, the listener, the
 * end-of-pass {@link Outcomes} and the retry policy.
 */
record EngineContext(ProducerConfig config, KinesisTransport transport, Clock clock,
        ConcurrentLinkedQueue<Runnable> events, Runnable wakeup, Listeners listeners, Outcomes outcomes,
        RetryPolicy retryPolicy) {

    /** Any thread: runs {@code event} on the sender thread at its next pass, and wakes it. */
    void post(Runnable event) {
        events.add(event);
        wakeup.run();
    }
}
