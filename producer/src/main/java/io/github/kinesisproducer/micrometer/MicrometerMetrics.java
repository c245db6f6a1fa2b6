package io.github.kinesisproducer.micrometer;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordDistribution;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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

    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer putSuccess;
    private final Timer putPartial;
    private final Timer putFailed;
    private final Counter throttles;
    private final DistributionSummary userRecordsPerKinesisRecord;
    private final AtomicInteger openShards = new AtomicInteger();
    private final AtomicInteger servicePlaced = new AtomicInteger();
    private final Map<String, Counter> distributionChanges = new ConcurrentHashMap<>();
    // Error codes are a small set; caching avoids building a meter id per event on the sender thread.
    private final Map<String, Counter> retriesByCode = new ConcurrentHashMap<>();
    private final Map<String, Counter> failuresByCode = new ConcurrentHashMap<>();
    private final Map<String, Counter> shardMapFailuresByCode = new ConcurrentHashMap<>();
    private final Map<String, Counter> unknownOutcomesByCode = new ConcurrentHashMap<>();
    private volatile KinesisProducer producer;
    /** The snapshot meters this instance registered, per registry: to tell them from another instance's. */
    private final Map<MeterRegistry, java.util.Set<io.micrometer.core.instrument.Meter.Id>> mine = new ConcurrentHashMap<>();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MicrometerMetrics.class);

    /** Meters without extra tags. */
    public MicrometerMetrics(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /**
     * @param registry where every meter goes (also the registry {@link #bindTo(KinesisProducer)} binds to)
     * @param tags common tags for every meter, e.g. {@code Tags.of("stream", "orders")} when several producers
     *     share a registry
     */
    public MicrometerMetrics(MeterRegistry registry, Iterable<Tag> tags) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
        this.putSuccess = putTimer("success");
        this.putPartial = putTimer("partial");
        this.putFailed = putTimer("failed");
        this.throttles = Counter.builder(PREFIX + "throttles").tags(this.tags)
                .description("Records or PutRecords calls Kinesis throttled").register(registry);
        this.userRecordsPerKinesisRecord = DistributionSummary.builder(PREFIX + "user.records.per.kinesis.record")
                .tags(this.tags).description("User records per Kinesis record, one sample per PutRecords call")
                .register(registry);
        Gauge.builder(PREFIX + "shards.open", openShards, AtomicInteger::get).tags(this.tags)
                .description("Open shards in the last shard map loaded").register(registry);
        Gauge.builder(PREFIX + "record.distribution.auto", servicePlaced, AtomicInteger::get).tags(this.tags)
                .description("1 while the stream places records itself (no KPL aggregation), else 0")
                .register(registry);
    }

    private Timer putTimer(String outcome) {
        return Timer.builder(PREFIX + "put.records").tags(tags).tag("outcome", outcome)
                .description("PutRecords call latency").register(registry);
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
        return this;
    }

    /**
     * Registers the snapshot meters in {@code meterRegistry}. Idempotent: registering again returns the existing
     * meters. Until a producer is attached with {@link #bindTo(KinesisProducer)} they read 0.
     */
    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        functionCounter(meterRegistry, "user.records.received", null, "User records accepted by send",
                ProducerMetrics::userRecordsReceived);
        functionCounter(meterRegistry, "user.records.put", null, "User records acknowledged by Kinesis",
                ProducerMetrics::userRecordsPut);
        functionCounter(meterRegistry, "user.records.failed", null, "User records whose future failed",
                ProducerMetrics::userRecordsFailed);
        functionCounter(meterRegistry, "kinesis.records.put", null, "Kinesis records acknowledged (aggregates count once)",
                ProducerMetrics::kinesisRecordsPut);
        functionCounter(meterRegistry, "put.bytes", "bytes", "Data bytes of the Kinesis records acknowledged",
                ProducerMetrics::bytesPut);
        gauge(meterRegistry, "buffered.records", null, "User records held (accepted, not yet completed)",
                ProducerMetrics::bufferedRecords);
        gauge(meterRegistry, "buffered.bytes", "bytes", "Bytes held (data plus keys)", ProducerMetrics::bufferedBytes);
        gauge(meterRegistry, "requests.in.flight", null, "PutRecords calls in flight",
                ProducerMetrics::inFlightRequests);
    }

    private void functionCounter(MeterRegistry r, String name, String unit, String description,
            ToDoubleFunction<ProducerMetrics> value) {
        // The meter holds this object weakly (Micrometer has no other choice for function counters) and reads the
        // producer attached at scrape time; the gauges below hold it strongly, so it lives as long as they do.
        replaceForeign(r, PREFIX + name);
        remember(r, FunctionCounter.builder(PREFIX + name, this, m -> m.read(value)).tags(tags).baseUnit(unit)
                .description(description).register(r));
    }

    private void gauge(MeterRegistry r, String name, String unit, String description,
            ToDoubleFunction<ProducerMetrics> value) {
        // Strongly: used only as a MeterBinder (not also as the listener), nothing else may hold this object, and
        // weakly held meters read NaN once it is collected.
        replaceForeign(r, PREFIX + name);
        remember(r, Gauge.builder(PREFIX + name, this, m -> m.read(value)).strongReference(true).tags(tags)
                .baseUnit(unit).description(description).register(r));
    }

    /**
     * A meter of this name and these tags registered by another instance (a producer that was replaced) would be
     * returned by register() and keep reading the old producer, silently: remove it first.
     */
    private void replaceForeign(MeterRegistry r, String name) {
        io.micrometer.core.instrument.Meter existing = r.find(name).tags(tags).meter();
        if (existing != null && !mine.getOrDefault(r, java.util.Set.of()).contains(existing.getId())) {
            LOG.warn("Replacing meter {} {} registered by another MicrometerMetrics (an earlier producer?); give "
                    + "producers that run at the same time distinct tags", name, tags);
            r.remove(existing);
        }
    }

    private void remember(MeterRegistry r, io.micrometer.core.instrument.Meter meter) {
        mine.computeIfAbsent(r, x -> ConcurrentHashMap.newKeySet()).add(meter.getId());
    }

    private double read(ToDoubleFunction<ProducerMetrics> value) {
        KinesisProducer p = producer;
        return p == null ? 0 : value.applyAsDouble(p.metrics());
    }

    @Override
    public void putRecordsCompleted(int kinesisRecords, int kinesisRecordsFailed, int userRecords, long bytes,
            Duration latency, String requestError) {
        Timer timer = requestError != null || (kinesisRecords > 0 && kinesisRecordsFailed >= kinesisRecords) ? putFailed
                : kinesisRecordsFailed > 0 ? putPartial : putSuccess;
        timer.record(latency);
        if (requestError == null && kinesisRecordsFailed == 0 && kinesisRecords > 0) {
            userRecordsPerKinesisRecord.record((double) userRecords / kinesisRecords);
        }
    }

    @Override
    public void retryScheduled(String errorCode, int userRecords) {
        counter(retriesByCode, "retries", "Kinesis records scheduled for another attempt", errorCode).increment();
    }

    @Override
    public void outcomeUnknown(String errorCode, int userRecords) {
        counter(unknownOutcomesByCode, "unknown.outcomes", "Kinesis-record attempts that went out and got no usable "
                + "answer: Kinesis may have stored them", errorCode).increment();
    }

    @Override
    public void throttled(String shardId) {
        throttles.increment();
    }

    @Override
    public void userRecordsFailed(String errorCode, int count) {
        counter(failuresByCode, "user.records.failures", "User records failed for good, by error code", errorCode)
                .increment(count);
    }

    @Override
    public void shardMapLoaded(int shards) {
        openShards.set(shards);
    }

    @Override
    public void shardMapLoadFailed(String errorCode, Throwable error) {
        counter(shardMapFailuresByCode, "shard.map.failures", "Failed attempts to load the shard map, by error code",
                errorCode).increment();
    }

    @Override
    public void recordDistributionDetected(RecordDistribution strategy, String source, String detail) {
        servicePlaced.set(strategy == RecordDistribution.AUTO ? 1 : 0);
        distributionChanges.computeIfAbsent(strategy + "|" + source, k -> Counter.builder(PREFIX
                + "record.distribution.changes").tags(tags).tag("strategy", strategy.name()).tag("source", source)
                .description("Times the producer learnt the stream's record distribution or adapted to a change")
                .register(registry)).increment();
    }

    private Counter counter(Map<String, Counter> cache, String name, String description, String errorCode) {
        String code = errorCode == null || errorCode.isEmpty() ? "unknown" : errorCode;
        return cache.computeIfAbsent(code, c -> Counter.builder(PREFIX + name).tags(tags).tag("error.code", c)
                .description(description).register(registry));
    }
}
