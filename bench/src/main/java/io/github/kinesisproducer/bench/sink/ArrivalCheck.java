package io.github.kinesisproducer.bench.sink;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Checks that every user record of a timed phase arrived exactly once. Bench records start with their index (8 bytes,
 * big-endian, {@code BenchData}); a runner opens a window for indexes 0..capacity-1 right before its timed phase
 * ({@link #expect}) and reads the {@link #report} after it. Counting records alone would let a lost record and a
 * duplicate cancel out; a bit per index does not.
 *
 * <p>Records arriving outside a window (probe, warm-up) are not tracked. One window at a time: the e2e bench runs one
 * producer at a time.
 */
final class ArrivalCheck {
    private volatile Window window;

    private static final class Window {
        final long capacity;
        final AtomicLongArray bits;
        final LongAdder duplicates = new LongAdder();
        final LongAdder outOfRange = new LongAdder();
        final LongAdder tooShort = new LongAdder();

        Window(long capacity) {
            this.capacity = capacity;
            this.bits = new AtomicLongArray((int) ((capacity + 63) / 64));
        }
    }

    /** Starts a new window for record indexes 0..capacity-1 (forgets the previous one). */
    void expect(long capacity) {
        if (capacity < 0 || capacity > (long) Integer.MAX_VALUE * 64) {
            throw new IllegalArgumentException("capacity " + capacity + " out of range");
        }
        window = new Window(capacity);
    }

    /** Stops tracking. */
    void stop() {
        window = null;
    }

    /** One user record's data arrived: d[off, off+len). */
    void seen(byte[] d, int off, int len) {
        Window w = window;
        if (w == null) {
            return;
        }
        if (len < 8) {
            w.tooShort.increment();
            return;
        }
        long index = 0;
        for (int i = 0; i < 8; i++) {
            index = index << 8 | (d[off + i] & 0xFF);
        }
        if (index < 0 || index >= w.capacity) {
            w.outOfRange.increment();
            return;
        }
        int word = (int) (index >>> 6);
        long bit = 1L << (index & 63);
        long old;
        do {
            old = w.bits.get(word);
            if ((old & bit) != 0) {
                w.duplicates.increment();
                return;
            }
        } while (!w.bits.compareAndSet(word, old, old | bit));
    }

    /**
     * The window's verdict for a phase that sent records 0..sent-1: {@code expected} (= sent), {@code arrived} (distinct
     * indexes below sent), {@code missing}, {@code unexpected} (distinct indexes at or above sent, or beyond the window,
     * or records too short to carry an index) and {@code duplicates}. Empty without a window.
     */
    Map<String, Long> report(long sent) {
        Window w = window;
        Map<String, Long> m = new LinkedHashMap<>();
        if (w == null) {
            return m;
        }
        long below = 0;
        long above = 0;
        for (int i = 0; i < w.bits.length(); i++) {
            long v = w.bits.get(i);
            long first = (long) i * 64;
            if (first + 64 <= sent) {
                below += Long.bitCount(v);
            } else if (first >= sent) {
                above += Long.bitCount(v);
            } else {
                long low = v & ((1L << (sent - first)) - 1);
                below += Long.bitCount(low);
                above += Long.bitCount(v & ~low);
            }
        }
        m.put("expected", sent);
        m.put("arrived", below);
        m.put("missing", sent - below);
        m.put("unexpected", above + w.outOfRange.sum() + w.tooShort.sum());
        m.put("duplicates", w.duplicates.sum());
        return m;
    }
}
