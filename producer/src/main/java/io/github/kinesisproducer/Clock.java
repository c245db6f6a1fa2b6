package io.github.kinesisproducer;

/**
 * The source of time for the producer. Injected everywhere time matters so that tests can use a
 * manual clock and never sleep. Implementations must be thread-safe.
 */
public interface Clock {
    /** Monotonic time for deadlines and durations, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Wall-clock time for timestamps shown to users, as {@link System#currentTimeMillis()}. */
    long wallMillis();

    /** The system clock. */
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }
    };
}
