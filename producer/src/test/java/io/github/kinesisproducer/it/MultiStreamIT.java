package io.github.kinesisproducer.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.emulator.HttpMessage;
import io.github.kinesisproducer.emulator.JsonValues;
import io.github.kinesisproducer.emulator.KinesisProxy;
import io.github.kinesisproducer.emulator.ProxyPlan;
import io.github.kinesisproducer.emulator.StoredRecord;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.interop.InteropRecord;
import io.github.kinesisproducer.interop.KclDeaggregator;
import io.github.kinesisproducer.interop.UserRecord;
import io.github.kinesisproducer.testing.KinesaliteExtension;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * One producer, many streams, against kinesalite through the fault proxy: three streams with different shard counts
 * written concurrently from several threads, a stream that does not exist, and a stream the proxy throttles (every
 * PutRecords call to it answered 400 ProvisionedThroughputExceededException, nothing forwarded) until the other
 * streams are done. Every record of the good streams is acknowledged while the throttled stream is still throttled,
 * and read back through the KCL's deaggregator exactly once; the missing stream's records fail with
 * ResourceNotFoundException naming it; the throttled stream's records arrive once the throttling ends; and the buffer
 * never holds more than {@code max_buffered_bytes}, nor the throttled stream more than its share.
 */
@ExtendWith(KinesaliteExtension.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class MultiStreamIT {
    private static final int RECORD_BYTES = 1000;
    private static final int THREADS_PER_STREAM = 2;
    private static final int GOOD_RECORDS_PER_THREAD = 1000;
    private static final int THROTTLED_RECORDS_PER_THREAD = 800;
    private static final int MISSING_RECORDS = 100;
    private static final long BUFFER = 2L * 1024 * 1024;
    private static final int SHARE = 50;
    private static StreamAdmin admin;

    @BeforeAll
    static void setUp() {
        admin = KinesaliteExtension.admin();
    }

    private static String stream(String prefix, int shards) {
        String name = StreamAdmin.uniqueStreamName(prefix);
        admin.createStream(name, shards);
        return name;
    }

    /** "stream|thread|i|" then filler: every stored byte array names its record. */
    private static byte[] payload(String stream, int thread, int i) {
        byte[] head = (stream + "|" + thread + "|" + i + "|").getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[RECORD_BYTES];
        Arrays.fill(b, (byte) 'x');
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    @Test
    void goodStreamsFlowWhileOneIsThrottledAndOneIsMissing_allWithinOneMemoryBudget() throws Exception {
        Map<String, Integer> good = new LinkedHashMap<>();
        good.put(stream("ms-one", 1), 1);
        good.put(stream("ms-two", 2), 2);
        good.put(stream("ms-four", 4), 4);
        String throttled = stream("ms-throttled", 2);
        String missing = StreamAdmin.uniqueStreamName("ms-missing"); // never created
        AtomicBoolean throttling = new AtomicBoolean(true);
        AtomicLong throttledCalls = new AtomicLong();
        KinesisProxy.Rule rule = request -> {
            if (throttling.get() && request.operation().equals("PutRecords") && throttled.equals(streamOf(request))) {
                throttledCalls.incrementAndGet();
                return ProxyPlan.error(400, "ProvisionedThroughputExceededException",
                        "Rate exceeded for stream " + throttled + " (injected by the fault proxy)");
            }
            return ProxyPlan.forward();
        };
        Events events = new Events();
        Map<String, List<byte[]>> sent = new ConcurrentHashMap<>();
        Map<String, List<CompletableFuture<RecordResult>>> futures = new ConcurrentHashMap<>();
        try (KinesisProxy proxy = KinesisProxy.start(KinesaliteExtension.endpoint(), rule);
                KinesisProducer producer = KinesisProducer.builder().region("us-east-1")
                        .endpointOverride(proxy.endpoint()).credentialsProvider(ItSupport.CREDENTIALS)
                        .maxBufferedBytes(BUFFER).maxBlock(Duration.ofMinutes(2)).recordTtl(Duration.ofMinutes(3))
                        .listener(events).configure(c -> c.streamBufferShare(SHARE).maxAttempts(1000)
                                .throttleBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(500)))
                        .build()) {
            assertThat(producer.config().streamName()).as("no default stream: every record names its own").isNull();
            Sampler sampler = new Sampler(producer, throttled);
            sampler.start();
            List<Thread> goodSenders = new ArrayList<>();
            for (String s : good.keySet()) {
                for (int t = 0; t < THREADS_PER_STREAM; t++) {
                    goodSenders.add(sender(producer, s, t, GOOD_RECORDS_PER_THREAD, sent, futures));
                }
            }
            List<Thread> throttledSenders = new ArrayList<>();
            for (int t = 0; t < THREADS_PER_STREAM; t++) {
                throttledSenders.add(sender(producer, throttled, t, THROTTLED_RECORDS_PER_THREAD, sent, futures));
            }
            Thread missingSender = sender(producer, missing, 0, MISSING_RECORDS, sent, futures);
            List<Thread> all = new ArrayList<>(goodSenders);
            all.addAll(throttledSenders);
            all.add(missingSender);
            all.forEach(Thread::start);

            // Isolation: every good record is acknowledged while the throttled stream is still refused outright.
            for (Thread t : goodSenders) {
                t.join(TimeUnit.SECONDS.toMillis(120));
                assertThat(t.isAlive()).as("a sender of a good stream finished").isFalse();
            }
            List<CompletableFuture<RecordResult>> goodFutures = new ArrayList<>();
            good.keySet().forEach(s -> goodFutures.addAll(futures.get(s)));
            CompletableFuture.allOf(goodFutures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            assertThat(throttling.get()).isTrue();
            assertThat(throttledCalls.get()).as("the throttled stream was refused meanwhile").isPositive();
            assertThat(futures.getOrDefault(throttled, List.of())).as("none of it went through yet")
                    .noneMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            ProducerMetrics whileThrottled = producer.metrics(throttled);
            assertThat(whileThrottled.throttles()).isPositive();
            for (String s : good.keySet()) {
                assertThat(producer.metrics(s).throttles()).as(s + " was never throttled").isZero();
                assertThat(producer.metrics(s).userRecordsPut()).isEqualTo((long) THREADS_PER_STREAM
                        * GOOD_RECORDS_PER_THREAD);
            }

            missingSender.join(TimeUnit.SECONDS.toMillis(60));
            for (CompletableFuture<RecordResult> f : futures.get(missing)) {
                RecordFailedException e = failure(f);
                assertThat(e.errorCode()).isEqualTo("ResourceNotFoundException");
                assertThat(e.isRetriable()).isFalse();
                assertThat(e.getMessage()).contains("stream '" + missing + "'");
            }

            // Its senders fill its share of the buffer and block there (the good streams no longer compete for it).
            long share = BUFFER * SHARE / 100;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sampler.maxThrottled.get() <= share - 2 * RECORD_BYTES && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(throttledSenders).as("its senders wait for room in its share").allMatch(Thread::isAlive);
            throttling.set(false); // the throttled stream's records now arrive, late
            for (Thread t : throttledSenders) {
                t.join(TimeUnit.SECONDS.toMillis(120));
                assertThat(t.isAlive()).isFalse();
            }
            CompletableFuture.allOf(futures.get(throttled).toArray(CompletableFuture[]::new)).get(120,
                    TimeUnit.SECONDS);
            producer.flush().get(60, TimeUnit.SECONDS);
            sampler.stop();

            assertThat(sampler.maxTotal.get()).as("the buffer over every stream never exceeded max_buffered_bytes")
                    .isLessThanOrEqualTo(BUFFER).isPositive();
            assertThat(sampler.maxThrottled.get()).as("the throttled stream filled its share, and no more")
                    .isLessThanOrEqualTo(BUFFER * SHARE / 100).isGreaterThan(BUFFER * SHARE / 100 - 2 * RECORD_BYTES);
            System.out.println("MULTI-STREAM-FIGURES samples=" + sampler.samples.get() + " maxBufferedBytes="
                    + sampler.maxTotal.get() + " maxThrottledStreamBytes=" + sampler.maxThrottled.get()
                    + " throttledCalls=" + throttledCalls.get() + " throttles=" + producer.metrics(throttled)
                    .throttles() + " totals=" + producer.metrics());
        }

        for (String s : good.keySet()) {
            assertThat(readWithTheKcl(s)).as(s + ": every record exactly once, as the KCL reads it")
                    .isEqualTo(ItSupport.multiset(sent.get(s)));
        }
        assertThat(readWithTheKcl(throttled)).as("the throttled stream's records, late but all there")
                .isEqualTo(ItSupport.multiset(sent.get(throttled)));
        good.forEach((s, shards) -> assertThat(events.of(s)).contains("shardMapLoaded " + shards));
        assertThat(events.of(throttled)).contains("shardMapLoaded 2");
        assertThat(events.of(missing)).contains("shardMapLoadFailed ResourceNotFoundException",
                "userRecordsFailed ResourceNotFoundException");
    }

    private static String streamOf(HttpMessage request) {
        Object name = JsonValues.parseObject(request.body()).get("StreamName");
        return name == null ? null : name.toString();
    }

    private static Thread sender(KinesisProducer producer, String stream, int thread, int records,
            Map<String, List<byte[]>> sent, Map<String, List<CompletableFuture<RecordResult>>> futures) {
        List<byte[]> mine = sent.computeIfAbsent(stream, s -> Collections.synchronizedList(new ArrayList<>()));
        List<CompletableFuture<RecordResult>> fs = futures.computeIfAbsent(stream, s -> new CopyOnWriteArrayList<>());
        Thread t = new Thread(() -> {
            for (int i = 0; i < records; i++) {
                byte[] data = payload(stream, thread, i);
                fs.add(producer.sendTo(stream, "key-" + (i % 50), data));
                mine.add(data);
            }
        }, "sender-" + stream + "-" + thread);
        t.setDaemon(true);
        return t;
    }

    private static RecordFailedException failure(CompletableFuture<?> f) throws InterruptedException {
        try {
            f.get(60, TimeUnit.SECONDS);
            throw new AssertionError("did not fail");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RecordFailedException.class);
            return (RecordFailedException) e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no outcome within 60 s", e);
        }
    }

    /** Every user record in the stream, shard by shard, as the KCL's deaggregator hands them to an application. */
    private static Map<ByteBuffer, Integer> readWithTheKcl(String stream) {
        Map<String, List<InteropRecord>> byShard = new LinkedHashMap<>();
        for (StoredRecord r : admin.readAll(stream)) {
            byShard.computeIfAbsent(r.shardId(), s -> new ArrayList<>())
                    .add(new InteropRecord(r.partitionKey(), r.data(), r.sequenceNumber()));
        }
        List<byte[]> out = new ArrayList<>();
        for (Shard shard : admin.listShards(stream)) {
            for (UserRecord u : KclDeaggregator.deaggregate(new BigInteger(shard.hashKeyRange().startingHashKey()),
                    new BigInteger(shard.hashKeyRange().endingHashKey()),
                    byShard.getOrDefault(shard.shardId(), List.of()))) {
                out.add(u.data());
            }
        }
        return ItSupport.multiset(out);
    }

    /** Listener events by stream, as the producer reports them. */
    static final class Events implements ProducerListener {
        private final Map<String, List<String>> byStream = new ConcurrentHashMap<>();

        List<String> of(String stream) {
            return byStream.getOrDefault(stream, List.of());
        }

        private void add(String stream, String event) {
            byStream.computeIfAbsent(stream, s -> new CopyOnWriteArrayList<>()).add(event);
        }

        @Override
        public void shardMapLoaded(String stream, int openShards) {
            add(stream, "shardMapLoaded " + openShards);
        }

        @Override
        public void shardMapLoadFailed(String stream, String errorCode, Throwable error) {
            add(stream, "shardMapLoadFailed " + errorCode);
        }

        @Override
        public void userRecordsFailed(String stream, String errorCode, int count) {
            add(stream, "userRecordsFailed " + errorCode);
        }
    }

    /** Samples what the producer holds, in total and for one stream, and keeps the highest values seen. */
    private static final class Sampler {
        final AtomicLong maxTotal = new AtomicLong();
        final AtomicLong maxThrottled = new AtomicLong();
        final AtomicLong samples = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Sampler(KinesisProducer producer, String stream) {
            this.thread = new Thread(() -> {
                while (running.get()) {
                    maxTotal.accumulateAndGet(producer.metrics().bufferedBytes(), Math::max);
                    ProducerMetrics m = producer.metrics(stream);
                    if (m != null) {
                        maxThrottled.accumulateAndGet(m.bufferedBytes(), Math::max);
                    }
                    samples.incrementAndGet();
                    LockSupport.parkNanos(200_000);
                }
            }, "buffer-sampler");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
