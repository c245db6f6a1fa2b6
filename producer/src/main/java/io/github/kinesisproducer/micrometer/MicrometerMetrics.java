package io.github.kinesisproducer.micrometer;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordDistribution;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a producer's metrics to a Micrometer {@link MeterRegistry} (Prometheus, CloudWatch, Datadog, ...).
 *
 * <p>Micrometer is an optional dependency of this library: add {@code io.micrometer:micrometer-core} yourself to
 * use this class. Nothing else in the library refers to it, so without Micrometer on the classpath the producer
 * works as usual and this class is simply never loaded.
 *
 * <p>It plays two roles, because the producer's numbers come from two places:
 * <ul>
 *   <li>as the producer's {@link ProducerListener} it records per-event meters that a snapshot cannot give:
 *       PutRecords latency, retries and final failures by error code, throttles, and user records per Kinesis
 *       record;</li>
 *   <li>as a {@link MeterBinder} it exposes the producer's own counters and gauges ({@link KinesisProducer#metrics()})
 *       as function counters and gauges read at scrape time, so they cost nothing between scrapes.</li>
 * </ul>
 *
 * <pre>{@code
 * MicrometerMetrics m = new MicrometerMetrics(registry, Tags.of("stream", "orders"));
 * KinesisProducer p = KinesisProducer.builder().streamName("orders").listener(m).build();
 * m.bindTo(p);
 * }</pre>
 *
 * The listener must be known when the producer is built, while the snapshot meters need the built producer: hence
 * the two steps. Both orders of {@link #bindTo(MeterRegistry)} and {@link #bindTo(KinesisProducer)} work (e.g. when
 * a framework binds every {@code MeterBinder} bean itself): the snapshot meters read whichever producer is attached
 * at scrape time and report 0 until one is. One instance serves one producer. The registry keeps it (and its
 * producer) alive, so binding alone is enough; a later instance with the same tags (a producer that replaces a
 * closed one) takes its meters over, with a warning, rather than leaving them on the old producer.
 *
 * <p>Several streams: the constructor's meters are the producer's totals over every stream it writes to (a single-stream
 * producer's meters, as they always were; with several streams {@code shards.open} and {@code record.distribution.auto}
 * follow the last event of any stream). {@link #byStream(MeterRegistry, Iterable)} makes every meter below per stream
 * instead, with a {@code stream} tag (the stream as records name it: a name or an ARN): a stream's meters appear with its
 * first event (its shard map loaded or not), the snapshot ones reading {@link KinesisProducer#metrics(String)}. Sum them
 * in queries for the totals. Give that instance no {@code stream} tag of your own.
 *
 * <p>Meters (all carry the tags given to the constructor):
 * <table>
 *   <caption>Meter names</caption>
 *   <tr><td>{@code kinesis.producer.put.records} (timer, tag {@code outcome}=success|partial|failed)</td>
 *       <td>PutRecords call latency; partial = some records were rejected</td></tr>
 *   <tr><td>{@code kinesis.producer.retries} (counter, tag {@code error.code})</td>
 *       <td>Kinesis records scheduled for another attempt</td></tr>
 *   <tr><td>{@code kinesis.producer.throttles} (counter)</td><td>records or calls Kinesis throttled</td></tr>
 *   <tr><td>{@code kinesis.producer.unknown.outcomes} (counter, tag {@code error.code})</td>
 *       <td>Kinesis-record attempts whose outcome is unknown (went out, no usable answer): may have been stored</td></tr>
 *   <tr><td>{@code kinesis.producer.user.records.failures} (counter, tag {@code error.code})</td>
 *       <td>user records failed for good ({@code Expired} = time-to-live ran out)</td></tr>
 *   <tr><td>{@code kinesis.producer.user.records.per.kinesis.record} (distribution summary)</td>
 *       <td>one sample per successful PutRecords call: its user records / its Kinesis records</td></tr>
 *   <tr><td>{@code kinesis.producer.shards.open} (gauge)</td><td>open shards in the last shard map loaded</td></tr>
 *   <tr><td>{@code kinesis.producer.shard.map.failures} (counter, tag {@code error.code})</td>
 *       <td>failed attempts to load the shard map ({@code ResourceNotFoundException}: the stream does not exist)</td></tr>
 *   <tr><td>{@code kinesis.producer.record.distribution.auto} (gauge)</td>
 *       <td>1 while the stream places records itself (RecordDistributionStrategy AUTO: no KPL aggregation), else 0</td></tr>
 *   <tr><td>{@code kinesis.producer.record.distribution.changes} (counter, tags {@code strategy}, {@code source})</td>
 *       <td>the producer learnt the stream's strategy or adapted to a change ({@code source}: DescribeStreamSummary,
 *       placement, record_distribution)</td></tr>
 *   <tr><td>{@code kinesis.producer.user.records.received|put|failed} (function counters)</td>
 *       <td>user records accepted by send / acknowledged / failed</td></tr>
 *   <tr><td>{@code kinesis.producer.kinesis.records.put} (function counter)</td>
 *       <td>Kinesis records acknowledged (an aggregate counts once)</td></tr>
 *   <tr><td>{@code kinesis.producer.put.bytes} (function counter, bytes)</td><td>data bytes acknowledged</td></tr>
 *   <tr><td>{@code kinesis.producer.buffered.records}, {@code kinesis.producer.buffered.bytes},
 *       {@code kinesis.producer.requests.in.flight} (gauges)</td><td>what the producer holds right now</td></tr>
 * </table>
 *
 * <p>The listener methods run on the producer's sender thread; they only touch cached meters.
 */
public final class MicrometerMetrics implements ProducerListener, MeterBinder {
    static final String PREFIX = "kinesis.producer.";
    /** The stream tag of events that name none (a listener method called without one). */
    private static final String NO_STREAM = "(none)";

    private final MeterRegistry registry;
    private final Tags tags;
    private final boolean byStream;
    /** The producer's meters, all streams together; null when by stream. */
    private final StreamMeters all;
    private final Map<String, StreamMeters> streams = new ConcurrentHashMap<>();
    /** Registries the snapshot meters were bound to: a stream seen later gets its snapshot meters there too. */
    private final Set<MeterRegistry> bound = ConcurrentHashMap.newKeySet();
    private volatile KinesisProducer producer;
    /** The snapshot meters this instance registered, per registry: to tell them from another instance's. */
    private final Map<MeterRegistry, Set<Meter.Id>> mine = new ConcurrentHashMap<>();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MicrometerMetrics.class);

    /** Meters without extra tags: the producer's totals. */
    public MicrometerMetrics(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /**
     * The producer's totals, over every stream it writes to.
     *
     * @param registry where every meter goes (also the registry {@link #bindTo(KinesisProducer)} binds to)
     * @param tags common tags for every meter, e.g. {@code Tags.of("stream", "orders")} when several producers
     *     share a registry
     */
    public MicrometerMetrics(MeterRegistry registry, Iterable<Tag> tags) {
        this(registry, tags, false);
    }

    private MicrometerMetrics(MeterRegistry registry, Iterable<Tag> tags, boolean byStream) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
        this.byStream = byStream;
        this.all = byStream ? null : new StreamMeters(registry, this.tags);
    }

    /** Meters per stream, without extra tags: see {@link #byStream(MeterRegistry, Iterable)}. */
    public static MicrometerMetrics byStream(MeterRegistry registry) {
        return byStream(registry, Tags.empty());
    }

    /**
     * Every meter per stream, tagged {@code stream} with the stream's name (or ARN) besides {@code tags}: for a
     * producer that writes to several streams. The meters and their names are those listed above.
     *
     * @throws IllegalArgumentException if {@code tags} has a {@code stream} tag already
     */
    public static MicrometerMetrics byStream(MeterRegistry registry, Iterable<Tag> tags) {
        for (Tag t : Objects.requireNonNull(tags, "tags")) {
            if (t.getKey().equals("stream")) {
                throw new IllegalArgumentException("byStream adds the stream tag itself: leave it out of the tags ("
                        + t + ")");
            }
        }
        return new MicrometerMetrics(registry, tags, true);
    }

    /**
     * Attaches the producer whose {@link KinesisProducer#metrics()} the snapshot meters read, and binds them to the
     * constructor's registry. Call it right after {@code build()}.
     *
     * @return this, for chaining
     * @throws IllegalStateException if a different producer is already attached
     */
    public MicrometerMetrics bindTo(KinesisProducer kinesisProducer) {
        Objects.requireNonNull(kinesisProducer, "producer");
        synchronized (this) {
            if (producer != null && producer != kinesisProducer) {
                throw new IllegalStateException("already bound to another producer: use one MicrometerMetrics each");
            }
            producer = kinesisProducer;
        }
        bindTo(registry);
        String defaultStream = kinesisProducer.config().streamName();
        if (byStream && defaultStream != null) {
            meters(defaultStream);
        }
        return this;
    }

    /**
     * Registers the snapshot meters in {@code meterRegistry} (by stream: those of every stream seen so far, and of
     * each stream seen later). Idempotent: registering again returns the existing meters. Until a producer is attached
     * with {@link #bindTo(KinesisProducer)} they read 0.
     */
    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        synchronized (this) { // with newStream: a stream seen meanwhile gets its meters in this registry too
            bound.add(meterRegistry);
            if (!byStream) {
                bindSnapshot(meterRegistry, tags, KinesisProducer::metrics);
                return;
            }
            for (String s : streams.keySet()) {
                bindSnapshot(meterRegistry, tags.and("stream", s), p -> p.metrics(s));
            }
        }
    }

    /** The meters of events of {@code stream}: the producer's, or by stream that stream's (made on first use). */
    private StreamMeters meters(String stream) {
        if (!byStream) {
            return all;
        }
        String s = stream == null ? NO_STREAM : stream;
        StreamMeters m = streams.get(s);
        return m != null ? m : newStream(s);
    }

    private synchronized StreamMeters newStream(String stream) {
        StreamMeters m = streams.get(stream);
        if (m == null) {
            Tags t = tags.and("stream", stream);
            m = new StreamMeters(registry, t);
            streams.put(stream, m);
            for (MeterRegistry r : bound) {
                bindSnapshot(r, t, p -> p.metrics(stream));
            }
        }
        return m;
    }

    private void bindSnapshot(MeterRegistry r, Tags t, Function<KinesisProducer, ProducerMetrics> source) {
        functionCounter(r, t, "user.records.received", null, "User records accepted by send", source,
                ProducerMetrics::userRecordsReceived);
        functionCounter(r, t, "user.records.put", null, "User records acknowledged by Kinesis", source,
                ProducerMetrics::userRecordsPut);
        functionCounter(r, t, "user.records.failed", null, "User records whose future failed", source,
                ProducerMetrics::userRecordsFailed);
        functionCounter(r, t, "kinesis.records.put", null, "Kinesis records acknowledged (aggregates count once)",
                source, ProducerMetrics::kinesisRecordsPut);
        functionCounter(r, t, "put.bytes", "bytes", "Data bytes of the Kinesis records acknowledged", source,
                ProducerMetrics::bytesPut);
        gauge(r, t, "buffered.records", null, "User records held (accepted, not yet completed)", source,
                ProducerMetrics::bufferedRecords);
        gauge(r, t, "buffered.bytes", "bytes", "Bytes held (data plus keys)", source, ProducerMetrics::bufferedBytes);
        gauge(r, t, "requests.in.flight", null, "PutRecords calls in flight", source,
                ProducerMetrics::inFlightRequests);
    }

    private void functionCounter(MeterRegistry r, Tags t, String name, String unit, String description,
            Function<KinesisProducer, ProducerMetrics> source, ToDoubleFunction<ProducerMetrics> value) {
        // The meter holds this object weakly (Micrometer has no other choice for function counters) and reads the
        // producer attached at scrape time; the gauges below hold it strongly, so it lives as long as they do.
        replaceForeign(r, t, PREFIX + name);
        remember(r, FunctionCounter.builder(PREFIX + name, this, m -> m.read(source, value)).tags(t).baseUnit(unit)
                .description(description).register(r));
    }

    private void gauge(MeterRegistry r, Tags t, String name, String unit, String description,
            Function<KinesisProducer, ProducerMetrics> source, ToDoubleFunction<ProducerMetrics> value) {
        // Strongly: used only as a MeterBinder (not also as the listener), nothing else may hold this object, and
        // weakly held meters read NaN once it is collected.
        replaceForeign(r, t, PREFIX + name);
        remember(r, Gauge.builder(PREFIX + name, this, m -> m.read(source, value)).strongReference(true).tags(t)
                .baseUnit(unit).description(description).register(r));
    }

    /**
     * A meter of this name and these tags registered by another instance (a producer that was replaced) would be
     * returned by register() and keep reading the old producer, silently: remove it first.
     */
    private void replaceForeign(MeterRegistry r, Tags t, String name) {
        Meter existing = r.find(name).tags(t).meter();
        if (existing != null && !mine.getOrDefault(r, Set.of()).contains(existing.getId())) {
            LOG.warn("Replacing meter {} {} registered by another MicrometerMetrics (an earlier producer?); give "
                    + "producers that run at the same time distinct tags", name, t);
            r.remove(existing);
        }
    }

    private void remember(MeterRegistry r, Meter meter) {
        mine.computeIfAbsent(r, x -> ConcurrentHashMap.newKeySet()).add(meter.getId());
    }

    private double read(Function<KinesisProducer, ProducerMetrics> source, ToDoubleFunction<ProducerMetrics> value) {
        KinesisProducer p = producer;
        ProducerMetrics m = p == null ? null : source.apply(p);
        return m == null ? 0 : value.applyAsDouble(m);
    }

    @Override
    public void putRecordsCompleted(int kinesisRecords, int kinesisRecordsFailed, int userRecords, long bytes,
            Duration latency, String requestError) {
        putRecordsCompleted(null, kinesisRecords, kinesisRecordsFailed, userRecords, bytes, latency, requestError);
    }

    @Override
    public void putRecordsCompleted(String stream, int kinesisRecords, int kinesisRecordsFailed, int userRecords,
            long bytes, Duration latency, String requestError) {
        meters(stream).putRecordsCompleted(kinesisRecords, kinesisRecordsFailed, userRecords, latency, requestError);
    }

    @Override
    public void retryScheduled(String errorCode, int userRecords) {
        retryScheduled(null, errorCode, userRecords);
    }

    @Override
    public void retryScheduled(String stream, String errorCode, int userRecords) {
        meters(stream).retryScheduled(errorCode);
    }

    @Override
    public void outcomeUnknown(String errorCode, int userRecords) {
        outcomeUnknown(null, errorCode, userRecords);
    }

    @Override
    public void outcomeUnknown(String stream, String errorCode, int userRecords) {
        meters(stream).outcomeUnknown(errorCode);
    }

    @Override
    public void throttled(String shardId) {
        throttled(null, shardId);
    }

    @Override
    public void throttled(String stream, String shardId) {
        meters(stream).throttled();
    }

    @Override
    public void userRecordsFailed(String errorCode, int count) {
        userRecordsFailed(null, errorCode, count);
    }

    @Override
    public void userRecordsFailed(String stream, String errorCode, int count) {
        meters(stream).userRecordsFailed(errorCode, count);
    }

    @Override
    public void shardMapLoaded(int shards) {
        shardMapLoaded(null, shards);
    }

    @Override
    public void shardMapLoaded(String stream, int shards) {
        meters(stream).shardMapLoaded(shards);
    }

    @Override
    public void shardMapLoadFailed(String errorCode, Throwable error) {
        shardMapLoadFailed(null, errorCode, error);
    }

    @Override
    public void shardMapLoadFailed(String stream, String errorCode, Throwable error) {
        meters(stream).shardMapLoadFailed(errorCode);
    }

    @Override
    public void recordDistributionDetected(RecordDistribution strategy, String source, String detail) {
        recordDistributionDetected(null, strategy, source, detail);
    }

    @Override
    public void recordDistributionDetected(String stream, RecordDistribution strategy, String source, String detail) {
        meters(stream).recordDistributionDetected(strategy, source);
    }
}
