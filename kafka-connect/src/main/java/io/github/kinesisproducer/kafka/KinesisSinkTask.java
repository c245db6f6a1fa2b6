package io.github.kinesisproducer.kafka;

import io.github.kinesisproducer.BufferFullException;
import io.github.kinesisproducer.InvalidRecordException;
import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.ProducerClosedException;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a task's records to Kinesis through one producer.
 *
 * <ul>
 *   <li>At least once: {@link #preCommit} returns, per partition, only offsets before which every record is acknowledged
 *       by Kinesis (or in the dead letter queue, or skipped), so a restart resends from there.</li>
 *   <li>Back-pressure: {@code put} blocks while the producer's buffer is full, up to {@code kinesis.max.block.ms}; then
 *       the task rewinds its partitions to the first record not taken, pauses them, and resumes them once the buffer
 *       has drained to half. Memory stays within the producer's caps.</li>
 *   <li>Errors: a record Kinesis can never take goes to the errant record reporter, or fails the task naming topic,
 *       partition, offset and reason; a record that fails after the producer's retries fails the task at the next
 *       {@code put} or commit, and nothing at or past it is committed.</li>
 * </ul>
 */
public class KinesisSinkTask extends SinkTask {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisSinkTask.class);
    /** While paused, how often the worker hands the task an empty batch to decide whether to resume. */
    static final long RESUME_CHECK_MS = 200;

    /** Makes the task's producer; tests pass a mock. */
    interface ProducerFactory {
        Producer create(KinesisSinkConfig config, Credentials.Provider credentials, ProducerListener listener);
    }

    private final ProducerFactory factory;
    private KinesisSinkConfig config;
    private ProducerConfig producerConfig;
    private Producer producer;
    private Credentials.Provider credentials;
    private StreamRouting routing;
    private StartupCheck check;
    private RecordConverter converter;
    private ErrantRecordReporter reporter;
    private final OffsetTracker tracker = new OffsetTracker();
    private TaskMetrics metrics;
    private final Set<TopicPartition> pausedByTask = new HashSet<>();
    private String name = "kinesis-sink";
    private long lastSent;
    private long lastAcknowledged;

    public KinesisSinkTask() {
        this((config, credentials, listener) -> {
            io.github.kinesisproducer.KinesisProducer.Builder b = io.github.kinesisproducer.KinesisProducer.builder()
                    .config(config.producerConfig()).listener(listener);
            if (credentials != null) {
                b.credentialsProvider(credentials.provider());
            }
            return b.build();
        });
    }

    KinesisSinkTask(ProducerFactory factory) {
        this.factory = factory;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new KinesisSinkConfig(props);
        producerConfig = config.producerConfig();
        routing = config.streamRouting();
        String connector = props.getOrDefault("name", "kinesis-sink");
        String taskId = props.getOrDefault(KinesisSinkConfig.TASK_ID, "0");
        name = connector + "-" + taskId;
        reporter = errantRecordReporter();
        converter = new RecordConverter(config.partitionKey(),
                ValueEncoder.withConverter(config.valueConverterClass(), config.valueConverterSettings()),
                config.nullValues());
        credentials = config.credentials().build();
        check = new StartupCheck(producerConfig.streamName());
        producer = factory.create(config, credentials, check);
        try {
            check.await(config.startupCheckTimeout(), producerConfig.streamName(), where());
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        metrics = new TaskMetrics(producer::metrics, tracker::inFlight);
        metrics.register(connector, taskId);
        LOG.info("{} started: stream {} {}, partition key {}, aggregation {}, strict ordering {}, {} DLQ", name,
                producerConfig.streamName(), where(), config.partitionKey().source(), producerConfig.aggregation(),
                producerConfig.strictOrdering(), reporter == null ? "no" : "with");
    }

    private String where() {
        return "in region " + (producerConfig.region() == null ? "(default chain)" : producerConfig.region())
                + (producerConfig.endpoint() == null ? "" : " at " + producerConfig.endpoint());
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // a worker older than Kafka 2.6
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        throwIfFailed();
        maybeResume();
        List<SinkRecord> batch = records instanceof List<SinkRecord> l ? l : List.copyOf(records);
        for (int i = 0; i < batch.size(); i++) {
            SinkRecord r = batch.get(i);
            try {
                put(r);
            } catch (BufferFullException full) {
                pauseFrom(batch.subList(i, batch.size()));
                return;
            }
        }
    }

    private void put(SinkRecord r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.kafkaPartition());
        KinesisRecord k;
        try {
            k = converter.convert(r);
        } catch (RecordConverter.ErrantRecordException e) {
            errant(r, tp, e.getMessage(), e);
            return;
        }
        if (k == null) {
            tracker.add(tp, r.kafkaOffset()).done();
            metrics.skipped.incrementAndGet();
            return;
        }
        CompletableFuture<RecordResult> sent;
        try {
            sent = send(routing.streamFor(r.topic()), k);
        } catch (InvalidRecordException e) {
            errant(r, tp, e.getMessage(), e);
            return;
        } catch (ProducerClosedException e) {
            throw new ConnectException(name + ": the producer is closed", e);
        }
        metrics.sent.incrementAndGet();
        OffsetTracker.Entry entry = tracker.add(tp, r.kafkaOffset());
        // The callback only marks the entry; nothing waits on the future whenComplete returns.
        CompletableFuture<?> unused = sent.whenComplete((result, error) -> {
            if (error == null) {
                entry.done();
                metrics.acknowledged.incrementAndGet();
            } else {
                metrics.failed.incrementAndGet();
                tracker.failed(entry, error instanceof java.util.concurrent.CompletionException c
                        && c.getCause() != null ? c.getCause() : error);
            }
        });
    }

    /**
     * The one way records leave the task: to {@code stream} through the task's one producer (the default stream,
     * {@code kinesis.stream}, as the producer's own; any other by {@link KinesisRecord#withStream}).
     */
    CompletableFuture<RecordResult> send(String stream, KinesisRecord record) {
        return producer.send(stream.equals(producerConfig.streamName()) ? record : record.withStream(stream));
    }

    /** A record Kinesis can never take: to the dead letter queue, or the task fails naming it. */
    private void errant(SinkRecord r, TopicPartition tp, String reason, Throwable error) {
        String what = "Kinesis cannot take the record at topic " + r.topic() + ", partition " + r.kafkaPartition()
                + ", offset " + r.kafkaOffset() + ": " + reason;
        if (reporter == null) {
            throw new ConnectException(what + ". Set errors.tolerance=all and errors.deadletterqueue.topic.name to "
                    + "send such records to a dead letter queue and go on.", error);
        }
        OffsetTracker.Entry entry = tracker.add(tp, r.kafkaOffset());
        try {
            entry.reportedAs(reporter.report(r, error));
        } catch (ConnectException e) {
            throw new ConnectException(what + " (errors.tolerance does not allow skipping it: set errors.tolerance=all "
                    + "and errors.deadletterqueue.topic.name for a dead letter queue)", e);
        }
        metrics.toDlq.incrementAndGet();
        LOG.debug("{}: {}; reported to the errant record reporter", name, what);
    }

    /** The buffer stayed full: the records not taken are fetched again once the partitions resume. */
    private void pauseFrom(List<SinkRecord> notTaken) {
        Map<TopicPartition, Long> rewind = new LinkedHashMap<>();
        for (SinkRecord r : notTaken) {
            rewind.putIfAbsent(new TopicPartition(r.topic(), r.kafkaPartition()), r.kafkaOffset());
        }
        context.offset(rewind);
        Set<TopicPartition> assigned = context.assignment();
        pausedByTask.addAll(assigned);
        context.pause(assigned.toArray(new TopicPartition[0]));
        context.timeout(RESUME_CHECK_MS);
        metrics.pauses.incrementAndGet();
        ProducerMetrics m = producer.metrics();
        LOG.info("{}: producer buffer full for {} ms ({} records, {} bytes buffered); paused {} partitions, "
                + "{} records to fetch again from {}", name, producerConfig.maxBlock().toMillis(), m.bufferedRecords(),
                m.bufferedBytes(), assigned.size(), notTaken.size(), rewind);
    }

    /** Resumes paused partitions once the producer's buffer is down to half of both caps. */
    private void maybeResume() {
        if (pausedByTask.isEmpty()) {
            return;
        }
        ProducerMetrics m = producer.metrics();
        if (m.bufferedBytes() <= producerConfig.maxBufferedBytes() / 2
                && m.bufferedRecords() <= producerConfig.maxBufferedRecords() / 2) {
            Set<TopicPartition> assigned = context.assignment();
            TopicPartition[] resume = pausedByTask.stream().filter(assigned::contains).toArray(TopicPartition[]::new);
            context.resume(resume);
            LOG.info("{}: producer buffer down to {} records, {} bytes; resumed {} partitions", name,
                    m.bufferedRecords(), m.bufferedBytes(), resume.length);
            pausedByTask.clear();
        } else {
            context.timeout(RESUME_CHECK_MS);
        }
    }

    private void throwIfFailed() {
        check.throwIfMappedStreamFailed(routing, where());
        OffsetTracker.Failure f = tracker.failure();
        if (f == null) {
            return;
        }
        Throwable e = f.error();
        String reason = e instanceof RecordFailedException rf
                ? rf.getMessage() + " (error code " + rf.errorCode() + ", " + rf.attempts().size() + " attempts)"
                : String.valueOf(e);
        throw new ConnectException("Kinesis did not acknowledge the record at topic " + f.partition().topic()
                + ", partition " + f.partition().partition() + ", offset " + f.offset() + ": " + reason
                + ". Offsets are committed up to before it; restart the task to resend from there.", e);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        throwIfFailed();
        maybeResume();
        awaitInFlight(config.flushTimeout());
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable(currentOffsets.keySet());
        metrics.commits.incrementAndGet();
        if (LOG.isDebugEnabled()) {
            long sent = metrics.sent.get();
            long acknowledged = metrics.acknowledged.get();
            ProducerMetrics m = producer.metrics();
            LOG.debug("{} commit: {} records sent and {} acknowledged since the last commit ({} failed, {} to DLQ, "
                    + "{} skipped in all); {} in flight, {} bytes buffered, {} user records per Kinesis record, "
                    + "{} retries, {} throttles; committing {}", name, sent - lastSent, acknowledged - lastAcknowledged,
                    metrics.failed.get(), metrics.toDlq.get(), metrics.skipped.get(), tracker.inFlight(),
                    m.bufferedBytes(), String.format("%.1f", m.userRecordsPerKinesisRecord()), m.retries(),
                    m.throttles(), offsets);
            lastSent = sent;
            lastAcknowledged = acknowledged;
        }
        return offsets;
    }

    /** Connect's older hook: preCommit does the work. */
    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    }

    /** Sends what is buffered now and waits up to {@code timeout} for everything sent so far. */
    private void awaitInFlight(Duration timeout) {
        if (tracker.inFlight() == 0) {
            return;
        }
        try {
            producer.flush().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.debug("{}: records still in flight after {} ms; they are committed later", name, timeout.toMillis());
        } catch (ExecutionException e) {
            LOG.debug("{}: flush ended with {}", name, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException(name + ": interrupted while waiting for Kinesis", e);
        }
    }

    /**
     * Partitions leave this task (a rebalance): their records in flight are waited for (the producer ends each one
     * within its time-to-live), so the new owner, which starts from the committed offset, cannot overtake them.
     */
    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (producer != null && tracker.inFlight(partitions) > 0) {
            awaitInFlight(producerConfig.recordTtl().plus(producerConfig.requestTimeout()));
        }
        tracker.remove(partitions);
        pausedByTask.removeAll(partitions);
    }

    @Override
    public void stop() {
        if (metrics != null) {
            metrics.unregister();
        }
        if (producer != null) {
            // Everything accepted is sent or failed within its time-to-live; unacknowledged offsets were not committed.
            producer.close(producerConfig.recordTtl().plus(producerConfig.requestTimeout()));
        }
        if (converter != null) {
            converter.close();
        }
        if (credentials != null) {
            try {
                credentials.resources().close();
            } catch (Exception e) {
                LOG.debug("{}: closing the credentials provider: {}", name, e.toString());
            }
        }
        LOG.info("{} stopped", name);
    }
}
