package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand. Monotonic and wall time are kept apart, so code that mixes them shows up. */
public final class ManualClock implements Clock {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong wall = new AtomicLong(1_700_000_000_000L);

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long wallMillis() {
        return wall.get();
    }

    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        wall.addAndGet(d.toMillis());
    }

    public void advanceMillis(long ms) {
        advance(Duration.ofMillis(ms));
    }
}
