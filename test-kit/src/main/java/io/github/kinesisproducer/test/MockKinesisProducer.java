package io.github.kinesisproducer.test;

import io.github.kinesisproducer.Attempt;
import io.github.kinesisproducer.BufferFullException;
import io.github.kinesisproducer.InvalidRecordException;
import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.ProducerClosedException;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordDistribution;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.RecordValidation;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Producer} for unit tests, in the manner of Kafka's {@code MockProducer}: it keeps what was sent, in send
 * order, and completes the futures at once ({@code autoComplete}) or when the test says so, with results or with the
 * exceptions the real producer uses. Nothing leaves the JVM and no thread is started.
 *
 * <pre>{@code
 * MockKinesisProducer producer = new MockKinesisProducer(false);      // the test completes each record
 * CompletableFuture<RecordResult> f = new OrderEvents(producer).placed(order);
 * assertThat(producer.history()).containsExactly(KinesisRecord.of("order-17", json));
 * producer.errorNext(MockKinesisProducer.recordFailure("ProvisionedThroughputExceededException", true));
 * assertThat(f).isCompletedExceptionally();
 * }</pre>
 *
 * <p>What it shares with the real producer: the same record checks ({@link RecordValidation}: a bad key, hash key,
 * stream or data, a record too large for the configuration, or a record without a stream on a configuration without
 * one, throws {@link InvalidRecordException} with the real message, and the record is not kept);
 * {@link ProducerClosedException} from {@code send} after {@code close}; {@code flush()} completing once every record
 * sent before it is completed, {@code flush(stream)} once every record sent before it to that stream is; futures
 * failing with the real exception types. Records sent with {@code sendTo} or {@link KinesisRecord#withStream} are in
 * {@link #history()} with their {@link KinesisRecord#stream()}; records sent to the default stream have none.
 *
 * <p>Where it differs, by design: futures complete on the thread that calls {@link #completeNext} (or {@code send},
 * with auto-complete), not on a callback thread; records complete in send order, oldest first; {@code close()} does not
 * wait (records still pending stay pending until the test completes them); {@code close(Duration)} does not wait
 * either: it fails what is pending, as the real one does when its deadline runs out. {@link #metrics()} fills the
 * user-record counters and the buffered gauges only. Thread-safe.
 */
public class MockKinesisProducer implements Producer {
    private static final String CLOSED = "send after close(): this producer no longer accepts records; create a new one";
    private static final String DEADLINE = "close() deadline ran out before this record was acknowledged; it may or may "
            + "not have been stored";
    private static final BigInteger HASH_KEYS = BigInteger.ONE.shiftLeft(128);

    private final boolean autoComplete;
    private final RecordValidation validation;
    /** The configuration's stream: where records without one go. */
    private final String defaultStream;
    private final int shards;
    private final Clock clock;

    private final List<KinesisRecord> history = new ArrayList<>();
    private final ArrayDeque<Sent> pending = new ArrayDeque<>();
    private final List<FlushWaiter> flushes = new ArrayList<>();
    private final Map<String, Long> errorsByCode = new HashMap<>();
    private RuntimeException sendException;
    private boolean closed;
    private long accepted;
    private long completed;
    private long put;
    private long failed;
    private long bytesPut;
    private int flushCalls;

    /** One accepted record until its future completes. */
    private record Sent(KinesisRecord record, long index, CompletableFuture<RecordResult> future) {
    }

    /** A flush future and the count of completions it waits for. */
    private record FlushWaiter(long completedTarget, CompletableFuture<Void> future) {
    }

    /** Auto-complete, the checks of a producer with default settings, one shard. */
    public MockKinesisProducer() {
        this(true);
    }

    /**
     * @param autoComplete true: every future completes successfully inside {@code send}; false: futures stay pending
     *                     until {@link #completeNext()} / {@link #errorNext} / {@link #completeAll()}
     */
    public MockKinesisProducer(boolean autoComplete) {
        this(builder().autoComplete(autoComplete));
    }

    private MockKinesisProducer(Builder b) {
        this.autoComplete = b.autoComplete;
        this.validation = RecordValidation.of(b.config);
        this.defaultStream = b.config.streamName();
        this.shards = b.shards;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A failure as the producer reports one after retrying: a {@link RecordFailedException} with {@code errorCode},
     * one failed attempt with that code, and the given retriability. For {@link #errorNext}.
     */
    public static RecordFailedException recordFailure(String errorCode, boolean retriable) {
        Objects.requireNonNull(errorCode, "errorCode");
        Attempt attempt = new Attempt(java.time.Instant.now(), Duration.ZERO, errorCode, "simulated by MockKinesisProducer");
        return new RecordFailedException("record failed after 1 attempt: " + errorCode, errorCode, List.of(attempt),
                retriable, null);
    }

    @Override
    public CompletableFuture<RecordResult> send(byte[] data) {
        return accept(() -> {
            validation.checkKeyless(data);
            return KinesisRecord.of(data);
        });
    }

    @Override
    public CompletableFuture<RecordResult> send(String partitionKey, byte[] data) {
        return send(partitionKey, null, data);
    }

    @Override
    public CompletableFuture<RecordResult> send(String partitionKey, String explicitHashKey, byte[] data) {
        return accept(() -> {
            validation.check(partitionKey, explicitHashKey, data);
            return KinesisRecord.of(partitionKey, data).withExplicitHashKey(explicitHashKey);
        });
    }

    @Override
    public CompletableFuture<RecordResult> send(KinesisRecord record) {
        Objects.requireNonNull(record, "record");
        return accept(() -> {
            validation.check(record);
            return record;
        });
    }

    /** Records {@code KinesisRecord.of(partitionKey, data).withStream(stream)}, checked as the real producer does. */
    @Override
    public CompletableFuture<RecordResult> sendTo(String stream, String partitionKey, byte[] data) {
        return sendTo(stream, partitionKey, null, data);
    }

    /** As {@link #sendTo(String, String, byte[])}, with an explicit hash key. */
    @Override
    public CompletableFuture<RecordResult> sendTo(String stream, String partitionKey, String explicitHashKey,
            byte[] data) {
        Objects.requireNonNull(stream, "stream");
        return accept(() -> {
            validation.checkSendTo(stream, partitionKey, explicitHashKey, data);
            return KinesisRecord.of(partitionKey, data).withExplicitHashKey(explicitHashKey).withStream(stream);
        });
    }

    /** As {@link #send(String, byte[])}: the mock never blocks. */
    @Override
    public CompletableFuture<RecordResult> trySend(String partitionKey, byte[] data) {
        return send(partitionKey, data);
    }

    /** As {@link #send(String, String, byte[])}: the mock never blocks. */
    @Override
    public CompletableFuture<RecordResult> trySend(String partitionKey, String explicitHashKey, byte[] data) {
        return send(partitionKey, explicitHashKey, data);
    }

    /** As {@link #send(KinesisRecord)}: the mock never blocks. */
    @Override
    public CompletableFuture<RecordResult> trySend(KinesisRecord record) {
        return send(record);
    }

    private interface Check {
        KinesisRecord validated();
    }

    private CompletableFuture<RecordResult> accept(Check check) {
        Sent sent;
        RecordResult result = null;
        synchronized (this) {
            if (closed) {
                throw new ProducerClosedException(CLOSED);
            }
            KinesisRecord record = check.validated();
            if (sendException != null) {
                throw sendException;
            }
            history.add(record);
            sent = new Sent(record, accepted++, new CompletableFuture<>());
            if (autoComplete) {
                // Completed here rather than through the queue: with sends from several threads, each send must
                // return its own record completed.
                completed++;
                result = succeeded(sent, null);
            } else {
                pending.add(sent);
            }
        }
        if (result != null) {
            sent.future.complete(result);
        }
        return sent.future;
    }

    /**
     * Completes the oldest pending record successfully, with a result that names its shard (by its hash key, on
     * {@link Builder#shards} even shards) and a sequence number that grows in send order.
     *
     * @return false if no record was pending
     */
    public boolean completeNext() {
        return complete(null, null);
    }

    /** Completes the oldest pending record with {@code result}. @return false if no record was pending */
    public boolean completeNext(RecordResult result) {
        return complete(Objects.requireNonNull(result, "result"), null);
    }

    /**
     * Fails the oldest pending record's future with {@code error}: the producer uses {@link RecordFailedException}
     * (see {@link #recordFailure}), {@link ProducerClosedException} (a {@code close(Duration)} that ran out) and
     * {@code KinesisProducerException} (the producer failed).
     *
     * @return false if no record was pending
     */
    public boolean errorNext(RuntimeException error) {
        return complete(null, Objects.requireNonNull(error, "error"));
    }

    /** Completes every pending record successfully. @return how many */
    public int completeAll() {
        int n = 0;
        while (completeNext()) {
            n++;
        }
        return n;
    }

    private boolean complete(RecordResult given, RuntimeException error) {
        Sent s;
        RecordResult result = null;
        List<CompletableFuture<Void>> flushed;
        synchronized (this) {
            s = pending.poll();
            if (s == null) {
                return false;
            }
            completed++;
            if (error == null) {
                result = succeeded(s, given);
            } else {
                failed++;
                if (error instanceof RecordFailedException f) {
                    errorsByCode.merge(f.errorCode(), 1L, Long::sum);
                }
            }
            flushed = flushesDone();
        }
        // Outside the lock: a callback may call back into the mock, from any thread.
        if (error == null) {
            s.future.complete(result);
        } else {
            s.future.completeExceptionally(error);
        }
        flushed.forEach(f -> f.complete(null));
        return true;
    }

    /** Counts a success; the given result or one made up. Under the lock. */
    private RecordResult succeeded(Sent s, RecordResult given) {
        put++;
        bytesPut += s.record.dataLength();
        return given != null ? given : result(s);
    }

    private RecordResult result(Sent s) {
        BigInteger hashKey = s.record.hashKey();
        long shard = hashKey == null ? s.index % shards
                : hashKey.multiply(BigInteger.valueOf(shards)).divide(HASH_KEYS).longValue();
        Attempt ok = new Attempt(clock.instant(), Duration.ZERO, null, null);
        return new RecordResult(String.format("shardId-%012d", shard), String.format("%020d", s.index + 1), 0,
                List.of(ok));
    }

    private List<CompletableFuture<Void>> flushesDone() {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        flushes.removeIf(w -> {
            if (w.completedTarget <= completed) {
                done.add(w.future);
                return true;
            }
            return false;
        });
        return done;
    }

    /**
     * A future that completes once every record sent before this call is completed (at once with auto-complete, or
     * when nothing is pending). It never fails, as the real one: the records' own futures tell how each ended.
     */
    @Override
    public synchronized CompletableFuture<Void> flush() {
        flushCalls++;
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (pending.isEmpty()) {
            f.complete(null);
        } else {
            flushes.add(new FlushWaiter(accepted, f));
        }
        return f;
    }

    /**
     * A future that completes once every record sent to {@code stream} before this call is completed (records without
     * a stream count as the configuration's stream). Records complete oldest first, so it waits for the records sent
     * before the last of them, whatever their stream, as {@link #completeNext()} goes.
     */
    @Override
    public synchronized CompletableFuture<Void> flush(String stream) {
        Objects.requireNonNull(stream, "stream");
        flushCalls++;
        CompletableFuture<Void> f = new CompletableFuture<>();
        long last = -1;
        for (Sent s : pending) {
            String target = s.record.stream() != null ? s.record.stream() : defaultStream;
            if (stream.equals(target)) {
                last = s.index;
            }
        }
        if (last < 0) {
            f.complete(null);
        } else {
            flushes.add(new FlushWaiter(last + 1, f));
        }
        return f;
    }

    /** Stops accepting records; does not wait: records pending stay pending until the test completes them. */
    @Override
    public synchronized void close() {
        closed = true;
    }

    /**
     * Stops accepting records and fails every pending record with {@link ProducerClosedException}, as the real
     * producer does when its deadline runs out (the mock does not wait).
     *
     * @return true if nothing was pending
     */
    @Override
    public boolean close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        synchronized (this) {
            closed = true;
        }
        boolean clean = true;
        while (complete(null, new ProducerClosedException(DEADLINE))) {
            clean = false;
        }
        return clean;
    }

    /**
     * The user-record counters (received, put, failed, bytes put; Kinesis records put counts one per user record),
     * errors by code (from {@link RecordFailedException}s given to {@link #errorNext}), and the buffered records and
     * bytes (pending ones). The rest is zero.
     */
    @Override
    public synchronized ProducerMetrics metrics() {
        long bufferedBytes = 0;
        for (Sent s : pending) {
            String key = s.record.partitionKey();
            bufferedBytes += s.record.dataLength() + (key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length);
        }
        return new ProducerMetrics(accepted, put, failed, put, bytesPut, 0, 0, 0, errorsByCode, pending.size(),
                bufferedBytes, 0, 0, RecordDistribution.USER_PARTITION_KEY, 0);
    }

    /** Every record accepted since the start or the last {@link #clear()}, in send order. */
    public synchronized List<KinesisRecord> history() {
        return List.copyOf(history);
    }

    /** Forgets the history; pending records stay pending, and counters and metrics keep counting. */
    public synchronized void clear() {
        history.clear();
    }

    /** Records accepted and not yet completed. */
    public synchronized int pendingCount() {
        return pending.size();
    }

    /** How many times {@link #flush()} or {@link #flush(String)} was called. */
    public synchronized int flushCount() {
        return flushCalls;
    }

    /** True after {@link #close()} or {@link #close(Duration)}. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * From now on every {@code send} and {@code trySend} of a valid record throws {@code exception} (the record is not
     * accepted), until this is called with null. E.g. a {@link BufferFullException} for a producer whose buffer stayed
     * full for {@code max_block}: {@code throwOnSend(new BufferFullException("buffer full"))}. Checks and a closed
     * producer come first, as in the real one.
     */
    public synchronized void throwOnSend(RuntimeException exception) {
        this.sendException = exception;
    }

    /** Settings of a {@link MockKinesisProducer}. */
    public static final class Builder {
        private boolean autoComplete = true;
        private ProducerConfig config = ProducerConfig.builder("mock-stream").build();
        private int shards = 1;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Default true: futures complete successfully inside {@code send}. */
        public Builder autoComplete(boolean autoComplete) {
            this.autoComplete = autoComplete;
            return this;
        }

        /**
         * Check records as a producer with this configuration does (aggregation and delimiter, {@code max_record_size});
         * default: the default settings (KPL aggregation, 1 MiB).
         */
        public Builder config(ProducerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * How many shards results name (default 1): the hash key range split evenly, as {@code CreateStream} does, so a
         * key always lands on the same shard; keyless records go round-robin.
         */
        public Builder shards(int shards) {
            if (shards < 1) {
                throw new IllegalArgumentException("shards must be at least 1, got " + shards);
            }
            this.shards = shards;
            return this;
        }

        /** The clock for the attempts' start times in results (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public MockKinesisProducer build() {
            return new MockKinesisProducer(this);
        }
    }
}
