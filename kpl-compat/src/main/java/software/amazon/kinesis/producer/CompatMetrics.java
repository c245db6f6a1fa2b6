package software.amazon.kinesis.producer;

import io.github.kinesisproducer.ProducerMetrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The KPL's metrics ({@code getMetrics}) from kinesis-producer's counters and what this module sees of each record.
 * Totals since start, or over the last N seconds (≤ 60, as the KPL keeps) from snapshots taken every second. Global
 * metrics (no dimension) and, while the producer wrote to one stream only, for it ({@code StreamName}: the counters
 * are the producer's, not per stream); {@code ErrorsByCode} also by {@code ErrorCode}. No
 * per-shard metrics. Min and max are tracked for record sizes, retries, buffering and request times; for the ratio
 * metrics (records per Kinesis record, per request) only sum and count are known, and min = max = mean.
 */
final class CompatMetrics {
    static final int HISTORY_SECONDS = 60;

    /** Counters this module keeps per record. */
    private enum Own { USER_DATA_PUT, RETRIES, COMPLETED, BUFFERING_MS, BUFFERED, EXPIRED }

    /** Stats with a tracked min and max. */
    private enum Spread { RECORD_SIZE, RETRIES, BUFFERING_MS, REQUEST_MS }

    private record Sample(long atMillis, ProducerMetrics core, Map<Own, Long> own) {
    }

    private static final class MinMax {
        final AtomicLong min = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong max = new AtomicLong(Long.MIN_VALUE);

        void add(long v) {
            min.accumulateAndGet(v, Math::min);
            max.accumulateAndGet(v, Math::max);
        }

        long[] takeAndReset() {
            return new long[] {min.getAndSet(Long.MAX_VALUE), max.getAndSet(Long.MIN_VALUE)};
        }

        long[] read() {
            return new long[] {min.get(), max.get()};
        }
    }

    private final long startMillis;
    private final Supplier<ProducerMetrics> core;
    private final Supplier<String> stream;
    private final java.util.function.IntSupplier pending;
    private final EnumMap<Own, LongAdder> own = new EnumMap<>(Own.class);
    private final EnumMap<Spread, MinMax> total = new EnumMap<>(Spread.class);
    private final EnumMap<Spread, MinMax> thisSecond = new EnumMap<>(Spread.class);
    /** Newest last: a snapshot per second and the min/max of that second. */
    private final ArrayDeque<Sample> history = new ArrayDeque<>();
    private final ArrayDeque<EnumMap<Spread, long[]>> spreads = new ArrayDeque<>();

    CompatMetrics(long startMillis, Supplier<ProducerMetrics> core, Supplier<String> stream,
            java.util.function.IntSupplier pending) {
        this.startMillis = startMillis;
        this.core = core;
        this.stream = stream;
        this.pending = pending;
        for (Own o : Own.values()) {
            own.put(o, new LongAdder());
        }
        for (Spread s : Spread.values()) {
            total.put(s, new MinMax());
            thisSecond.put(s, new MinMax());
        }
    }

    /** A record was put: its data size and its attempts (KPL timing). */
    void recordPut(int dataBytes, List<Attempt> attempts) {
        own.get(Own.USER_DATA_PUT).add(dataBytes);
        spread(Spread.RECORD_SIZE, dataBytes);
        completed(attempts);
        for (Attempt a : attempts) {
            spread(Spread.REQUEST_MS, a.getDuration());
        }
    }

    /** A record failed with this error code. */
    void recordFailed(String errorCode, List<Attempt> attempts) {
        if ("Expired".equals(errorCode)) {
            own.get(Own.EXPIRED).increment();
        }
        completed(attempts);
    }

    private void completed(List<Attempt> attempts) {
        own.get(Own.COMPLETED).increment();
        int retries = Math.max(0, attempts.size() - 1);
        own.get(Own.RETRIES).add(retries);
        spread(Spread.RETRIES, retries);
        if (!attempts.isEmpty()) {
            int buffering = attempts.get(0).getDelay();
            own.get(Own.BUFFERING_MS).add(buffering);
            own.get(Own.BUFFERED).increment();
            spread(Spread.BUFFERING_MS, buffering);
        }
    }

    private void spread(Spread s, long v) {
        total.get(s).add(v);
        thisSecond.get(s).add(v);
    }

    /** Called once a second: keeps a snapshot and that second's min/max, for windows up to a minute. */
    synchronized void tick(long nowMillis) {
        history.addLast(sample(nowMillis));
        EnumMap<Spread, long[]> second = new EnumMap<>(Spread.class);
        thisSecond.forEach((s, mm) -> second.put(s, mm.takeAndReset()));
        spreads.addLast(second);
        while (history.size() > HISTORY_SECONDS + 1) {
            history.removeFirst();
            spreads.removeFirst();
        }
    }

    private Sample sample(long nowMillis) {
        EnumMap<Own, Long> values = new EnumMap<>(Own.class);
        own.forEach((o, adder) -> values.put(o, adder.sum()));
        return new Sample(nowMillis, core.get(), values);
    }

    /** The metrics named {@code name} (null: all) since start ({@code windowSeconds} ≤ 0) or over the window. */
    synchronized List<Metric> metrics(String name, int windowSeconds, long nowMillis) {
        Sample now = sample(nowMillis);
        Sample base = null;
        EnumMap<Spread, long[]> mm = new EnumMap<>(Spread.class);
        long duration;
        if (windowSeconds <= 0) {
            duration = Math.max(1, (nowMillis - startMillis) / 1000);
            total.forEach((s, m) -> mm.put(s, m.read()));
        } else {
            int back = Math.min(windowSeconds, history.size());
            List<Sample> h = new ArrayList<>(history);
            List<EnumMap<Spread, long[]>> sp = new ArrayList<>(spreads);
            base = back == 0 ? null : h.get(h.size() - back);
            duration = base == null ? Math.max(1, (nowMillis - startMillis) / 1000)
                    : Math.max(1, (nowMillis - base.atMillis()) / 1000);
            thisSecond.forEach((s, m) -> mm.put(s, m.read()));
            for (int i = sp.size() - Math.max(0, back - 1); i < sp.size(); i++) {
                sp.get(i).forEach((s, v) -> mm.merge(s, v, (a, b) -> new long[] {Math.min(a[0], b[0]),
                    Math.max(a[1], b[1])}));
            }
        }
        return build(name, duration, now, base, mm);
    }

    private List<Metric> build(String name, long duration, Sample now, Sample base, Map<Spread, long[]> mm) {
        ProducerMetrics c = now.core();
        ProducerMetrics b = base == null ? null : base.core();
        long received = delta(c, b, ProducerMetrics::userRecordsReceived);
        long userPut = delta(c, b, ProducerMetrics::userRecordsPut);
        long kinesisPut = delta(c, b, ProducerMetrics::kinesisRecordsPut);
        long bytesPut = delta(c, b, ProducerMetrics::bytesPut);
        long calls = delta(c, b, ProducerMetrics::putRecordsCalls);
        long latency = delta(c, b, ProducerMetrics::putRecordsLatencyMillisTotal);
        Map<String, Long> errors = new TreeMap<>(c == null ? Map.of() : c.errorsByCode());
        if (b != null) {
            b.errorsByCode().forEach((code, n) -> errors.merge(code, -n, Long::sum));
        }
        long allErrors = errors.values().stream().mapToLong(Long::longValue).sum();
        long completed = own(now, base, Own.COMPLETED);

        List<Metric> out = new ArrayList<>();
        Builder m = new Builder(out, name, duration, stream.get());
        m.count("UserRecordsReceived", received);
        int p = pending.getAsInt();
        m.add("UserRecordsPending", p, 1, p, p);
        m.count("UserRecordsPut", userPut);
        m.spread("UserRecordsDataPut", own(now, base, Own.USER_DATA_PUT), userPut, mm.get(Spread.RECORD_SIZE));
        m.count("KinesisRecordsPut", kinesisPut);
        m.ratio("KinesisRecordsDataPut", bytesPut, kinesisPut);
        m.count("AllErrors", allErrors);
        errors.forEach((code, n) -> m.count("ErrorsByCode", n, "ErrorCode", code));
        m.spread("RetriesPerRecord", own(now, base, Own.RETRIES), completed, mm.get(Spread.RETRIES));
        m.spread("BufferingTime", own(now, base, Own.BUFFERING_MS), own(now, base, Own.BUFFERED),
                mm.get(Spread.BUFFERING_MS));
        m.spread("RequestTime", latency, calls, mm.get(Spread.REQUEST_MS));
        m.ratio("UserRecordsPerKinesisRecord", userPut, kinesisPut);
        m.ratio("KinesisRecordsPerPutRecordsRequest", kinesisPut, calls);
        m.ratio("UserRecordsPerPutRecordsRequest", userPut, calls);
        m.count("UserRecordExpired", own(now, base, Own.EXPIRED));
        return out;
    }

    private static long delta(ProducerMetrics now, ProducerMetrics base,
            java.util.function.ToLongFunction<ProducerMetrics> f) {
        return (now == null ? 0 : f.applyAsLong(now)) - (base == null ? 0 : f.applyAsLong(base));
    }

    private static long own(Sample now, Sample base, Own o) {
        return now.own().get(o) - (base == null ? 0 : base.own().get(o));
    }

    /** Adds each metric globally and, once a stream is known, with its StreamName; keeps only {@code name}'s. */
    private record Builder(List<Metric> out, String name, long duration, String stream) {
        void count(String metric, long n, String... dims) {
            add(metric, (double) n, (double) n, n > 0 ? 1 : 0, n > 0 ? 1 : 0, dims);
        }

        void ratio(String metric, long sum, long count) {
            double mean = count == 0 ? 0 : (double) sum / count;
            add(metric, (double) sum, (double) count, mean, mean);
        }

        void spread(String metric, long sum, long count, long[] minMax) {
            boolean any = count > 0 && minMax != null && minMax[0] != Long.MAX_VALUE;
            add(metric, (double) sum, (double) count, any ? (double) minMax[0] : 0, any ? (double) minMax[1] : 0);
        }

        void add(String metric, double sum, double count, double min, double max, String... dims) {
            if (name != null && !name.equals(metric)) {
                return;
            }
            Map<String, String> d = new LinkedHashMap<>();
            for (int i = 0; i + 1 < dims.length; i += 2) {
                d.put(dims[i], dims[i + 1]);
            }
            out.add(new Metric(metric, duration, d, sum, count, min, max));
            if (stream != null) {
                Map<String, String> s = new LinkedHashMap<>();
                s.put("StreamName", stream);
                s.putAll(d);
                out.add(new Metric(metric, duration, s, sum, count, min, max));
            }
        }
    }
}
