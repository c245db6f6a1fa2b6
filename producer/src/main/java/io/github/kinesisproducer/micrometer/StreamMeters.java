package io.github.kinesisproducer.micrometer;

import io.github.kinesisproducer.RecordDistribution;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters {@link MicrometerMetrics} records from listener events, with one set of tags: the producer's (all
 * streams together), or the producer's and one stream's. Registered when made; meters keyed by error code are made
 * on first use and cached, so an event costs no meter lookup on the sender thread.
 */
final class StreamMeters {
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
    private final Map<String, Counter> retriesByCode = new ConcurrentHashMap<>();
    private final Map<String, Counter> failuresByCode = new ConcurrentHashMap<>();
    private final Map<String, Counter> shardMapFailuresByCode = new ConcurrentHashMap<>();
    private final Map<String, Counter> unknownOutcomesByCode = new ConcurrentHashMap<>();

    StreamMeters(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
        this.putSuccess = putTimer("success");
        this.putPartial = putTimer("partial");
        this.putFailed = putTimer("failed");
        this.throttles = Counter.builder(MicrometerMetrics.PREFIX + "throttles").tags(tags)
                .description("Records or PutRecords calls Kinesis throttled").register(registry);
        this.userRecordsPerKinesisRecord = DistributionSummary.builder(MicrometerMetrics.PREFIX
                + "user.records.per.kinesis.record").tags(tags)
                .description("User records per Kinesis record, one sample per PutRecords call").register(registry);
        Gauge.builder(MicrometerMetrics.PREFIX + "shards.open", openShards, AtomicInteger::get).tags(tags)
                .description("Open shards in the last shard map loaded").register(registry);
        Gauge.builder(MicrometerMetrics.PREFIX + "record.distribution.auto", servicePlaced, AtomicInteger::get)
                .tags(tags).description("1 while the stream places records itself (no KPL aggregation), else 0")
                .register(registry);
    }

    private Timer putTimer(String outcome) {
        return Timer.builder(MicrometerMetrics.PREFIX + "put.records").tags(tags).tag("outcome", outcome)
                .description("PutRecords call latency").register(registry);
    }

    void putRecordsCompleted(int kinesisRecords, int kinesisRecordsFailed, int userRecords, Duration latency,
            String requestError) {
        Timer timer = requestError != null || (kinesisRecords > 0 && kinesisRecordsFailed >= kinesisRecords) ? putFailed
                : kinesisRecordsFailed > 0 ? putPartial : putSuccess;
        timer.record(latency);
        if (requestError == null && kinesisRecordsFailed == 0 && kinesisRecords > 0) {
            userRecordsPerKinesisRecord.record((double) userRecords / kinesisRecords);
        }
    }

    void retryScheduled(String errorCode) {
        counter(retriesByCode, "retries", "Kinesis records scheduled for another attempt", errorCode).increment();
    }

    void outcomeUnknown(String errorCode) {
        counter(unknownOutcomesByCode, "unknown.outcomes", "Kinesis-record attempts that went out and got no usable "
                + "answer: Kinesis may have stored them", errorCode).increment();
    }

    void throttled() {
        throttles.increment();
    }

    void userRecordsFailed(String errorCode, int count) {
        counter(failuresByCode, "user.records.failures", "User records failed for good, by error code", errorCode)
                .increment(count);
    }

    void shardMapLoaded(int shards) {
        openShards.set(shards);
    }

    void shardMapLoadFailed(String errorCode) {
        counter(shardMapFailuresByCode, "shard.map.failures", "Failed attempts to load the shard map, by error code",
                errorCode).increment();
    }

    void recordDistributionDetected(RecordDistribution strategy, String source) {
        servicePlaced.set(strategy == RecordDistribution.AUTO ? 1 : 0);
        distributionChanges.computeIfAbsent(strategy + "|" + source, k -> Counter.builder(MicrometerMetrics.PREFIX
                + "record.distribution.changes").tags(tags).tag("strategy", strategy.name()).tag("source", source)
                .description("Times the producer learnt the stream's record distribution or adapted to a change")
                .register(registry)).increment();
    }

    private Counter counter(Map<String, Counter> cache, String name, String description, String errorCode) {
        String code = errorCode == null || errorCode.isEmpty() ? "unknown" : errorCode;
        return cache.computeIfAbsent(code, c -> Counter.builder(MicrometerMetrics.PREFIX + name).tags(tags)
                .tag("error.code", c).description(description).register(registry));
    }
}
