package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.ProducerConfig;
import java.util.function.DoubleSupplier;

/**
 * Jittered exponential backoff between attempts ({@code KinesisErrors} decides whether there is one). Throttling
 * gets its own, longer base so that a hot shard has time to recover.
 */
final class RetryPolicy {
    private final long retryBaseNanos;
    private final long throttleBaseNanos;
    private final long maxBackoffNanos;
    private final DoubleSupplier random;

    RetryPolicy(ProducerConfig config, DoubleSupplier random) {
        this.retryBaseNanos = config.retryBackoff().toNanos();
        this.throttleBaseNanos = config.throttleBackoff().toNanos();
        this.maxBackoffNanos = config.maxBackoff().toNanos();
        this.random = random;
    }

    /**
     * Backoff before the next attempt: base·2^(attempts−1), capped, with "equal jitter" (half fixed, half random),
     * so retries spread out but never come back at once.
     */
    long backoffNanos(int attemptsSoFar, boolean throttled) {
        long base = throttled ? throttleBaseNanos : retryBaseNanos;
        int shift = Math.min(Math.max(attemptsSoFar - 1, 0), 30);
        long exp = base > (maxBackoffNanos >> shift) ? maxBackoffNanos : Math.min(maxBackoffNanos, base << shift);
        long half = exp / 2;
        return half + (long) (random.getAsDouble() * (exp - half));
    }
}
