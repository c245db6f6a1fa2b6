package software.amazon.kinesis.producer;

import com.amazonaws.services.schemaregistry.common.Schema;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import io.github.kinesisproducer.BufferFullException;
import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.InvalidRecordException;
import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.ProducerClosedException;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KPL 1.x {@code KinesisProducer}, backed by kinesis-producer: the same constructors, methods and documented
 * behaviour, no native daemon. Replace the KPL dependency with {@code io.github.kinesisproducer:kinesis-producer-kpl-compat}
 * and keep your code.
 *
 * <p>What differs, in short (every method and setting: {@code docs/kpl-compat.md}):
 * <ul>
 *   <li><b>Memory is bounded.</b> {@code addUserRecord} blocks while the buffer is full ({@code max_buffered_bytes},
 *       64 MiB, and {@code max_buffered_records}, 100,000, by default) for up to {@code max_block} (60 s), then fails
 *       the record's future with {@link UserRecordFailedException}, error code {@code BufferFull}; nothing is
 *       buffered for it. A loop that polls {@link #getOutstandingRecordsCount()} and sleeps keeps working unchanged;
 *       set the bounds with {@link KinesisProducerConfiguration#setProducerProperty}.</li>
 *   <li><b>Any number of streams per producer</b>, as the KPL: one kinesis-producer core producer serves them all
 *       (one memory budget, one sender thread, one connection pool); a stream that is missing or throttled fails or
 *       slows only its own records.</li>
 *   <li>Futures complete on kinesis-producer's callback thread; listeners added with a direct executor run there, one
 *       at a time: keep them short or give them an executor, as the KPL documentation advises.</li>
 * </ul>
 */
public class KinesisProducer implements IKinesisProducer {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisProducer.class);
    private static final BigInteger MAX_HASH_KEY = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    private static final AtomicInteger IDS = new AtomicInteger();

    private final KinesisProducerConfiguration config;
    private final StreamRouter router;
    private final OutstandingRecords outstanding;
    private final CompatMetrics metrics;
    private final ScheduledThreadPoolExecutor timer;
    private final List<String> startupWarnings;
    private final Map<String, String> streamIds = new ConcurrentHashMap<>();
    private volatile boolean destroyed;

    /** A producer with the KPL's default configuration. */
    public KinesisProducer() {
        this(new KinesisProducerConfiguration());
    }

    /**
     * A producer for this configuration; settings that have no effect here are logged once as warnings, each saying
     * what to use instead.
     *
     * @throws IllegalArgumentException if the configuration cannot be applied (the message says which setting)
     */
    public KinesisProducer(KinesisProducerConfiguration config) {
        this(config, null);
    }

    /** @param producers builds the one core producer for every stream; null: kinesis-producer's own, as configured */
    KinesisProducer(KinesisProducerConfiguration config, Supplier<Producer> producers) {
        this.config = Objects.requireNonNull(config, "config");
        CompatSettings settings = new CompatSettings(config);
        this.startupWarnings = List.copyOf(settings.warnings());
        startupWarnings.forEach(w -> LOG.warn("{}", w));
        this.router = new StreamRouter(producers != null ? producers : () -> build(settings));
        this.outstanding = new OutstandingRecords(config.getEnableOldestFutureTracker());
        long now = System.currentTimeMillis();
        this.metrics = new CompatMetrics(now, router::metrics, router::stream, outstanding::count);
        int id = IDS.incrementAndGet();
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "kpl-compat-" + id + "-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        // Runs until destroy() shuts the timer down; nothing reads the future (a tick only samples counters).
        ScheduledFuture<?> unused =
                timer.scheduleAtFixedRate(() -> metrics.tick(System.currentTimeMillis()), 1, 1, TimeUnit.SECONDS);
    }

    private Producer build(CompatSettings settings) {
        try {
            return io.github.kinesisproducer.KinesisProducer.builder()
                    .config(settings.builder().build()) // no default stream: each record names its own
                    .credentialsProvider(config.getCredentialsProvider())
                    .tlsTrustManager(settings.trustManager())
                    .build();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The warnings logged at start-up (settings without effect here), for tests. */
    List<String> startupWarnings() {
        return startupWarnings;
    }

    @Override
    public ListenableFuture<UserRecordResult> addUserRecord(String stream, String partitionKey, ByteBuffer data) {
        return addUserRecord(stream, partitionKey, null, data, null);
    }

    /**
     * A record without a partition key, as KPL 1.1 takes it for streams that place records themselves
     * ({@code RecordDistributionStrategy} AUTO): there it goes without a key; on a stream that places records by key
     * it gets a random key (KPL 1.1 refuses it there once it knows the strategy).
     */
    @Override
    public ListenableFuture<UserRecordResult> addUserRecord(String stream, ByteBuffer data) {
        return addUserRecord(stream, null, null, data, null);
    }

    @Override
    public ListenableFuture<UserRecordResult> addUserRecord(UserRecord userRecord) {
        return addUserRecord(userRecord.getStreamName(), userRecord.getPartitionKey(), userRecord.getExplicitHashKey(),
                userRecord.getData(), userRecord.getSchema());
    }

    @Override
    public ListenableFuture<UserRecordResult> addUserRecord(String stream, String partitionKey, String explicitHashKey,
            ByteBuffer data) {
        return addUserRecord(stream, partitionKey, explicitHashKey, data, null);
    }

    /**
     * Puts a record asynchronously; the future completes with its {@link UserRecordResult} (shard, sequence number,
     * attempts) or fails with {@link UserRecordFailedException} (the result's attempts say why). Blocks only while the
     * memory bound is reached, up to {@code max_block}. The data's bytes are copied; the buffer's position is not
     * moved. Thread safe.
     *
     * @param schema must be null: Glue Schema Registry serialization is not supported yet
     * @throws IllegalArgumentException for a missing stream, a bad partition key or explicit hash key, or data over
     *     {@code MaxUserRecordSize} (KPL messages), or a record Kinesis would refuse (key + data over the stream's limit)
     * @throws UnsupportedOperationException with a schema
     * @throws DaemonException after {@link #destroy()}
     */
    @Override
    public ListenableFuture<UserRecordResult> addUserRecord(String stream, String partitionKey, String explicitHashKey,
            ByteBuffer data, Schema schema) {
        String name = checkStream(stream);
        checkPartitionKey(partitionKey);
        String hashKey = checkExplicitHashKey(explicitHashKey);
        if (schema != null) {
            throw new UnsupportedOperationException("Glue Schema Registry serialization (addUserRecord with a Schema) "
                    + "is not supported by kinesis-producer-kpl-compat yet: encode the record with the Glue Schema "
                    + "Registry serializer yourself and add the bytes without a schema");
        }
        if (data != null && data.remaining() > config.getMaxUserRecordSize()) {
            throw new IllegalArgumentException("Data must be less than or equal to " + config.getMaxUserRecordSize()
                    + " bytes in size, got " + data.remaining() + " bytes");
        }
        if (destroyed) {
            throw destroyedError();
        }
        byte[] bytes = bytesOf(data);
        UserRecord kept = config.getReturnUserRecordOnFailure()
                ? new UserRecord(name, partitionKey, hashKey, ByteBuffer.wrap(bytes.clone()).asReadOnlyBuffer()) : null;
        SettableFuture<UserRecordResult> future = SettableFuture.create();
        long added = System.currentTimeMillis();
        OutstandingRecords.Entry entry = outstanding.add(added);
        CompletableFuture<RecordResult> sent;
        try {
            sent = router.send(name, partitionKey, hashKey, bytes);
        } catch (InvalidRecordException e) {
            outstanding.finish(entry);
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (BufferFullException e) {
            sent = CompletableFuture.failedFuture(new RecordFailedException(e.getMessage() + " (kinesis-producer-kpl-"
                    + "compat keeps memory bounded: raise max_buffered_bytes / max_buffered_records / max_block with "
                    + "KinesisProducerConfiguration.setProducerProperty, or add records more slowly)", "BufferFull",
                    List.of(), true, e));
        } catch (ProducerClosedException e) {
            outstanding.finish(entry);
            throw destroyedError();
        } catch (RuntimeException e) {
            outstanding.finish(entry);
            throw e;
        }
        if (config.getUserRecordTimeoutInMillis() > 0) {
            scheduleTimeout(future, entry, kept);
        }
        int size = bytes.length;
        // complete() settles the caller's future; nothing waits on the one whenComplete returns.
        CompletableFuture<?> unused = sent.whenComplete((result, error) -> complete(future, entry, kept, size, result,
                error));
        return future;
    }

    private void complete(SettableFuture<UserRecordResult> future, OutstandingRecords.Entry entry, UserRecord kept,
            int size, RecordResult result, Throwable error) {
        if (!outstanding.finish(entry)) {
            return; // timed out first: its future has failed already
        }
        if (error == null) {
            UserRecordResult r = Results.success(result, entry.addedAtMillis);
            metrics.recordPut(size, r.getAttempts());
            future.set(r);
            return;
        }
        KinesisProducerException failure = Results.failure(error, entry.addedAtMillis, System.currentTimeMillis(),
                kept);
        if (failure instanceof UserRecordFailedException f) {
            List<Attempt> attempts = f.getResult().getAttempts();
            metrics.recordFailed(attempts.get(attempts.size() - 1).getErrorCode(), attempts);
        } else {
            metrics.recordFailed(null, List.of());
        }
        future.setException(failure);
    }

    private void scheduleTimeout(SettableFuture<UserRecordResult> future, OutstandingRecords.Entry entry,
            UserRecord kept) {
        long timeout = config.getUserRecordTimeoutInMillis();
        java.util.concurrent.ScheduledFuture<?> task = timer.schedule(() -> {
            if (outstanding.finish(entry)) {
                future.setException(new FutureTimedOutException("the record was not completed within "
                        + "UserRecordTimeoutInMillis=" + timeout + " ms: its future is failed and no longer counted "
                        + "as outstanding (the record may still be put)", kept));
            }
        }, timeout, TimeUnit.MILLISECONDS);
        future.addListener(() -> task.cancel(false), Runnable::run);
    }

    private static String checkStream(String stream) {
        if (stream == null) {
            throw new IllegalArgumentException("Stream name cannot be null");
        }
        String name = stream.trim();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Stream name cannot be empty");
        }
        return name;
    }

    private static void checkPartitionKey(String partitionKey) {
        if (partitionKey != null && (partitionKey.isEmpty() || partitionKey.length() > 256)) {
            throw new IllegalArgumentException("Invalid partition key. Length must be at least 1 and at most 256, got "
                    + partitionKey.length());
        }
    }

    private static String checkExplicitHashKey(String explicitHashKey) {
        if (explicitHashKey == null) {
            return null;
        }
        String trimmed = explicitHashKey.trim();
        BigInteger b;
        try {
            b = new BigInteger(trimmed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid explicitHashKey, must be an integer, got " + trimmed);
        }
        if (b.signum() < 0 || b.compareTo(MAX_HASH_KEY) > 0) {
            throw new IllegalArgumentException("Invalid explicitHashKey, must be greater or equal to zero and less than "
                    + "or equal to (2^128 - 1), got " + trimmed);
        }
        return b.toString(10);
    }

    /** The buffer's remaining bytes, without moving its position (the producer copies them again when it takes them). */
    private static byte[] bytesOf(ByteBuffer data) {
        if (data == null) {
            return new byte[0];
        }
        if (data.hasArray() && data.arrayOffset() == 0 && data.position() == 0
                && data.remaining() == data.array().length) {
            return data.array();
        }
        byte[] out = new byte[data.remaining()];
        data.duplicate().get(out);
        return out;
    }

    private static DaemonException destroyedError() {
        return new DaemonException("this KinesisProducer was destroyed and can no longer accept records or calls; "
                + "create a new one");
    }

    @Override
    public int getOutstandingRecordsCount() {
        return outstanding.count();
    }

    /** Milliseconds since the oldest outstanding record was added; 0 when none, or when EnableOldestFutureTracker is off. */
    @Override
    public long getOldestRecordTimeInMillis() {
        return outstanding.oldestAgeMillis(System.currentTimeMillis());
    }

    /**
     * Kept and checked as the KPL does, and not sent: Kinesis reserves the {@code StreamId} request parameter for
     * future use, and kinesis-producer addresses streams by name. Logged once per producer.
     */
    @Override
    public void setStreamId(String streamName, String streamId) {
        if (streamName == null || streamName.isBlank()) {
            throw new IllegalArgumentException("Stream name should not be empty");
        }
        if (streamId == null || streamId.isBlank()) {
            throw new IllegalArgumentException("Stream ID should not be empty");
        }
        if (streamIds.isEmpty()) {
            LOG.warn("setStreamId({}, {}): kept but not sent (a request parameter Kinesis reserves for future use); "
                    + "records are addressed by stream name", streamName.trim(), streamId.trim());
        }
        streamIds.put(streamName.trim(), streamId.trim());
    }

    @Override
    public List<Metric> getMetrics(String metricName, int windowSeconds) {
        if (destroyed) {
            throw destroyedError();
        }
        return metrics.metrics(metricName, windowSeconds, System.currentTimeMillis());
    }

    @Override
    public List<Metric> getMetrics(String metricName) {
        return getMetrics(metricName, -1);
    }

    @Override
    public List<Metric> getMetrics() {
        return getMetrics(null, -1);
    }

    @Override
    public List<Metric> getMetrics(int windowSeconds) {
        return getMetrics(null, windowSeconds);
    }

    /**
     * Stops at once, as the KPL's destroy kills its daemon: records not yet completed fail with
     * {@link KinesisProducerException}; threads end. For a graceful stop call {@link #flushSync()} first.
     */
    @Override
    public void destroy() {
        destroyed = true;
        router.close(Duration.ZERO);
        timer.shutdownNow();
    }

    @Override
    public void flush(String stream) {
        if (destroyed) {
            throw destroyedError();
        }
        router.flush(stream == null ? null : stream.trim());
    }

    @Override
    public void flush() {
        flush(null);
    }

    /**
     * Sends everything buffered and waits until every outstanding record has completed (succeeded, failed or timed
     * out), flushing again every 500 ms as the KPL does. Returns as soon as none is outstanding, without the KPL's
     * 500 ms polling step. An interrupt does not end the wait (as in the KPL) but is kept for the caller.
     */
    @Override
    public void flushSync() {
        boolean interrupted = false;
        while (outstanding.count() > 0) {
            flush();
            try {
                outstanding.awaitEmpty(500);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
