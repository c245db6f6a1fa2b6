package io.github.kinesisproducer.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.InvalidRecordException;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerClosedException;
import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.faults.FaultSupport.Observer;
import io.github.kinesisproducer.testing.KinesaliteExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A table of bad inputs. Each must give a clear error (type and message) and have no effect on other records: good
 * records sent around the bad ones, by the same producer or a healthy one next to it, must all arrive exactly once.
 * Every case prints one {@code FAULT-CASE} row (input, outcome, message) and every test its {@code FAULT-FIGURES}.
 */
@ExtendWith(KinesaliteExtension.class)
class BadInputFaultIT {
    private static StreamAdmin admin;
    /**
     * For the unreachable endpoint: bound, never listening, so connections to its port are refused and nothing else on
     * the machine can take the port meanwhile (as it could the port of a listener closed beforehand).
     */
    @AutoClose
    private final Socket refusedPort = new Socket();

    @BeforeAll
    static void setUp() {
        admin = KinesaliteExtension.admin();
    }

    /** Prints (and collects for the docs) one row of the bad-input table. */
    private static void row(String input, Object outcome, String message) {
        String m = message == null ? "" : message.replace('\n', ' ');
        String line = "FAULT-CASE | " + input + " | " + outcome + " | " + (m.length() > 220 ? m.substring(0, 220) + "…" : m);
        System.out.println(line);
        try {
            Files.createDirectories(FaultSupport.FIGURES_FILE.getParent());
            Files.writeString(FaultSupport.FIGURES_FILE, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Case(String input, ThrowingCallable call, Class<? extends Throwable> type, String mustContain) {
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void invalidRecordsAreRejectedAtSend_andTheGoodRecordsAroundThemAllArrive() {
        String stream = FaultSupport.stream(admin, "fault-badrec", 2);
        Ledger ledger = new Ledger();
        Observer observer = new Observer();
        Random random = new Random(29);
        AtomicInteger ids = new AtomicInteger();
        long t0 = System.nanoTime();
        KinesisProducer p = FaultSupport.producer(KinesaliteExtension.endpoint(), stream).listener(observer).build();
        Consumer<Integer> good = n -> {
            for (int j = 0; j < n; j++) {
                int id = ids.getAndIncrement();
                String key = "good-" + id % 7;
                byte[] data = FaultSupport.payload(id, key, 50 + random.nextInt(200), random);
                ledger.add(id, key, data, p.send(key, data));
            }
        };
        byte[] small = "bad".getBytes(StandardCharsets.US_ASCII);
        List<Case> cases = List.of(
                new Case("partition key null", () -> p.send(null, small), InvalidRecordException.class,
                        "partitionKey must not be null"),
                new Case("partition key \"\"", () -> p.send("", small), InvalidRecordException.class,
                        "an empty string"),
                new Case("partition key of 257 characters", () -> p.send("k".repeat(257), small),
                        InvalidRecordException.class, "1 to 256 characters; got 257 characters"),
                new Case("data null", () -> p.send("k", null), InvalidRecordException.class, "data must not be null"),
                new Case("data of 1 MiB + 1 byte", () -> p.send("k", new byte[1024 * 1024 + 1]),
                        InvalidRecordException.class, "record too large"),
                new Case("1 MiB - 3 data bytes + 4-char key (the key counts)",
                        () -> p.send("abcd", new byte[1024 * 1024 - 3]), InvalidRecordException.class,
                        "Kinesis counts the partition key"),
                new Case("explicit hash key \"abc\"", () -> p.send("k", "abc", small), InvalidRecordException.class,
                        "explicitHashKey is invalid"),
                new Case("explicit hash key \"-1\"", () -> p.send("k", "-1", small), InvalidRecordException.class,
                        "explicitHashKey is invalid"),
                new Case("explicit hash key 2^128", () -> p.send("k", "340282366920938463463374607431768211456",
                        small), InvalidRecordException.class, "explicitHashKey is invalid"),
                new Case("explicit hash key \"0123\" (leading zero)", () -> p.send("k", "0123", small),
                        InvalidRecordException.class, "explicitHashKey is invalid"),
                new Case("trySend with partition key \"\"", () -> p.trySend("", small), InvalidRecordException.class,
                        "an empty string"));
        for (Case c : cases) {
            good.accept(20);
            ProducerMetrics before = p.metrics();
            Throwable t = catchThrowable(c.call());
            row(c.input(), t == null ? "accepted (!)" : t.getClass().getSimpleName(), t == null ? "" : t.getMessage());
            assertThat(t).as(c.input()).isInstanceOf(c.type()).hasMessageContaining(c.mustContain());
            assertThat(p.metrics().userRecordsReceived()).as("nothing accepted for " + c.input())
                    .isEqualTo(before.userRecordsReceived());
        }
        good.accept(20);
        p.close();
        ProducerMetrics m = p.metrics();
        ledger.awaitAll(Duration.ofSeconds(5));
        Outcome o = ledger.evaluate(FaultSupport.readUserRecords(admin, stream));
        FaultSupport.report("bad-records(" + cases.size() + " kinds)", o, Duration.ofNanos(System.nanoTime() - t0),
                m, "rejectedAtSend=" + cases.size());
        FaultSupport.assertDeliveryInvariants(o);
        assertThat(o.acked()).isEqualTo(ledger.size()).isEqualTo(20L * (cases.size() + 1));
        assertThat(o.duplicated()).isZero();
        assertThat(m.userRecordsReceived()).isEqualTo(ledger.size());
        assertThat(m.errorsByCode()).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void unknownStream_failsFastNonRetriably_aHealthyProducerBesideItIsUnaffected() throws Exception {
        String stream = FaultSupport.stream(admin, "fault-beside", 2);
        String missing = StreamAdmin.uniqueStreamName("fault-no-such-stream");
        Ledger goodLedger = new Ledger();
        Ledger badLedger = new Ledger();
        Random random = new Random(31);
        long t0 = System.nanoTime();
        KinesisProducer good = FaultSupport.producer(KinesaliteExtension.endpoint(), stream).build();
        KinesisProducer bad = FaultSupport.producer(KinesaliteExtension.endpoint(), missing).build();
        for (int i = 0; i < 600; i++) {
            String key = "k" + (i % 13);
            byte[] data = FaultSupport.payload(i, key, 100, random);
            if (i % 3 == 0) {
                badLedger.add(i, key, data, bad.send(key, data));
            } else {
                goodLedger.add(i, key, data, good.send(key, data));
            }
        }
        badLedger.awaitAll(Duration.ofSeconds(20));
        long failMillis = (System.nanoTime() - t0) / 1_000_000;
        bad.close();
        good.close();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);

        RecordFailedException e = (RecordFailedException) FaultSupport.failure(badLedger.all().get(0).future());
        row("unknown stream", e.getClass().getSimpleName() + " " + e.errorCode() + " retriable=" + e.isRetriable()
                + " attempts=" + e.attempts().size() + " after " + failMillis + " ms", e.getMessage());
        Outcome badOutcome = badLedger.evaluate(List.of()); // the stream does not exist: nothing can be in it
        FaultSupport.report("unknown-stream", badOutcome, elapsed, bad.metrics(), "allFailedWithin=" + failMillis + "ms");
        Outcome goodOutcome = goodLedger.evaluate(FaultSupport.readUserRecords(admin, stream));
        FaultSupport.report("unknown-stream(healthy producer beside it)", goodOutcome, elapsed, good.metrics(), "");

        assertThat(badOutcome.failedByCode()).containsOnlyKeys("ResourceNotFoundException");
        assertThat(badOutcome.failed()).isEqualTo(200);
        for (Ledger.Sent s : badLedger.all()) {
            RecordFailedException f = (RecordFailedException) FaultSupport.failure(s.future());
            assertThat(f.isRetriable()).isFalse();
            assertThat(f.attempts()).hasSize(1);
            assertThat(f).hasMessageContaining("does not exist").hasMessageContaining(missing);
        }
        FaultSupport.assertDeliveryInvariants(badOutcome);
        FaultSupport.assertDeliveryInvariants(goodOutcome);
        assertThat(goodOutcome.acked()).isEqualTo(400);
        assertThat(goodOutcome.duplicated()).isZero();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void unreachableEndpoint_recordsFailAfterTheirTtlOrAttemptsWithAConnectionError() throws Exception {
        refusedPort.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        URI nowhere = URI.create("http://127.0.0.1:" + refusedPort.getLocalPort());
        String stream = FaultSupport.stream(admin, "fault-beside", 2);
        Ledger ttlLedger = new Ledger();
        Ledger attemptsLedger = new Ledger();
        Ledger goodLedger = new Ledger();
        Random random = new Random(37);
        long t0 = System.nanoTime();
        KinesisProducer byTtl = FaultSupport.producer(nowhere, "s").recordTtl(Duration.ofMillis(1500)).build();
        KinesisProducer byAttempts = FaultSupport.producer(nowhere, "s").configure(c -> c.maxAttempts(3)).build();
        KinesisProducer good = FaultSupport.producer(KinesaliteExtension.endpoint(), stream).build();
        for (int i = 0; i < 300; i++) {
            String key = "k" + (i % 11);
            byte[] data = FaultSupport.payload(i, key, 100, random);
            switch (i % 3) {
                case 0 -> ttlLedger.add(i, key, data, byTtl.send(key, data));
                case 1 -> attemptsLedger.add(i, key, data, byAttempts.send(key, data));
                default -> goodLedger.add(i, key, data, good.send(key, data));
            }
        }
        ttlLedger.awaitAll(Duration.ofSeconds(20));
        long ttlMillis = (System.nanoTime() - t0) / 1_000_000;
        attemptsLedger.awaitAll(Duration.ofSeconds(20));
        long attemptsMillis = (System.nanoTime() - t0) / 1_000_000;
        byTtl.close();
        byAttempts.close();
        good.close();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);

        RecordFailedException expired = (RecordFailedException) FaultSupport.failure(ttlLedger.all().get(0).future());
        RecordFailedException gaveUp = (RecordFailedException) FaultSupport.failure(attemptsLedger.all().get(0).future());
        row("closed port on 127.0.0.1, record_ttl=1.5s", expired.errorCode() + " retriable=" + expired.isRetriable()
                + " attempts=" + expired.attempts().size() + " after " + ttlMillis + " ms", expired.getMessage());
        row("closed port on 127.0.0.1, kinesis_max_retries=3", gaveUp.errorCode() + " retriable="
                + gaveUp.isRetriable() + " attempts=" + gaveUp.attempts().size() + " after " + attemptsMillis + " ms",
                gaveUp.getMessage());
        Outcome ttlOutcome = ttlLedger.evaluate(List.of());
        Outcome attemptsOutcome = attemptsLedger.evaluate(List.of());
        Outcome goodOutcome = goodLedger.evaluate(FaultSupport.readUserRecords(admin, stream));
        FaultSupport.report("unreachable-endpoint(ttl=1.5s)", ttlOutcome, elapsed, byTtl.metrics(),
                "allFailedWithin=" + ttlMillis + "ms");
        FaultSupport.report("unreachable-endpoint(max_retries=3)", attemptsOutcome, elapsed, byAttempts.metrics(),
                "allFailedWithin=" + attemptsMillis + "ms");
        FaultSupport.report("unreachable-endpoint(healthy producer beside it)", goodOutcome, elapsed, good.metrics(),
                "");

        assertThat(ttlOutcome.failedByCode()).containsOnlyKeys("Expired");
        assertThat(ttlOutcome.failed()).isEqualTo(100);
        // A record fails as soon as its next retry would come after its TTL, so at most 1.5 s after it was sent.
        assertThat(ttlMillis).as("failed within the TTL (plus slack)").isBetween(300L, 4_000L);
        assertThat(attemptsOutcome.failedByCode()).containsOnlyKeys("SdkClientException");
        assertThat(attemptsOutcome.failed()).isEqualTo(100);
        for (Ledger.Sent s : ttlLedger.all()) {
            RecordFailedException f = (RecordFailedException) FaultSupport.failure(s.future());
            assertThat(f.isRetriable()).isTrue();
            assertThat(f).hasMessageContaining("record_ttl of 1500 ms ran out").hasMessageContaining("Connection refused");
            assertThat(f.attempts()).isNotEmpty().allMatch(a -> a.errorMessage().contains("Connection refused"));
        }
        for (Ledger.Sent s : attemptsLedger.all()) {
            RecordFailedException f = (RecordFailedException) FaultSupport.failure(s.future());
            assertThat(f).hasMessageContaining("gave up after 3 attempts (kinesis_max_retries=3)")
                    .hasMessageContaining("Connection refused");
            assertThat(f.attempts()).hasSize(3);
        }
        FaultSupport.assertDeliveryInvariants(ttlOutcome);
        FaultSupport.assertDeliveryInvariants(attemptsOutcome);
        FaultSupport.assertDeliveryInvariants(goodOutcome);
        assertThat(goodOutcome.acked()).isEqualTo(100);
        assertThat(goodOutcome.duplicated()).isZero();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void zeroOrNegativeSettings_configExceptionNamesTheKey_andNoProducerStarts() {
        Set<Thread> before = FaultSupport.producerThreads();
        Map<String, ThrowingCallable> builderCases = new LinkedHashMap<>();
        KinesisProducer.Builder b = FaultSupport.producer(KinesaliteExtension.endpoint(), "s");
        builderCases.put("kinesis_concurrency", () -> b.maxConcurrency(0));
        builderCases.put("kinesis_max_retries", () -> b.configure(c -> c.maxAttempts(0)));
        builderCases.put("record_ttl", () -> b.recordTtl(Duration.ZERO));
        builderCases.put("buffer_time_limit", () -> b.maxBufferedTime(Duration.ofMillis(-1)));
        builderCases.put("max_buffered_bytes", () -> b.maxBufferedBytes(-1));
        builderCases.put("max_buffered_records", () -> b.configure(c -> c.maxBufferedRecords(0)));
        builderCases.put("max_block", () -> b.maxBlock(Duration.ofSeconds(-1)));
        builderCases.put("request_timeout", () -> b.configure(c -> c.requestTimeout(Duration.ZERO)));
        builderCases.put("retry_backoff", () -> b.configure(c -> c.retryBackoff(Duration.ZERO)));
        builderCases.put("throttle_backoff", () -> b.configure(c -> c.throttleBackoff(Duration.ofMillis(-5))));
        builderCases.put("max_backoff", () -> b.configure(c -> c.maxBackoff(Duration.ZERO)));
        builderCases.put("buffer_size_limit", () -> b.configure(c -> c.aggregationMaxSize(0)));
        builderCases.put("aggregation_max_count", () -> b.configure(c -> c.aggregationMaxCount(-1)));
        builderCases.put("max_records_per_request", () -> b.configure(c -> c.maxRecordsPerRequest(0)));
        builderCases.put("max_request_bytes", () -> b.configure(c -> c.maxRequestBytes(0)));
        builderCases.put("max_record_size", () -> b.configure(c -> c.maxRecordSize(-1)));
        builderCases.put("rate_limit_percent", () -> b.configure(c -> c.rateLimitPercent(-1)));
        for (Map.Entry<String, ThrowingCallable> c : builderCases.entrySet()) {
            Throwable t = catchThrowable(c.getValue());
            row("builder: " + c.getKey() + " zero/negative", t == null ? "accepted (!)" : t.getClass().getSimpleName(),
                    t == null ? "" : t.getMessage());
            assertThat(t).as(c.getKey()).isInstanceOf(ConfigException.class).hasMessageContaining(c.getKey());
        }
        Map<String, Object> seedCases = new LinkedHashMap<>();
        seedCases.put("kinesis_concurrency", 0);
        seedCases.put("kinesis_max_retries", -3);
        seedCases.put("buffer_time_limit", -0.5);
        seedCases.put("buffer_size_limit", 0);
        seedCases.put("record_ttl", 0);
        seedCases.put("max_buffered_bytes", -1);
        for (Map.Entry<String, Object> c : seedCases.entrySet()) {
            Map<String, Object> config = new HashMap<>();
            config.put("stream_name", "s");
            config.put("aws_region", "us-east-1");
            config.put("endpoint_url", KinesaliteExtension.endpoint().toString());
            config.put(c.getKey(), c.getValue());
            Throwable t = catchThrowable(() -> new KinesisProducer(config).close());
            row("seed map: " + c.getKey() + "=" + c.getValue(), t == null ? "accepted (!)" : t.getClass().getSimpleName(),
                    t == null ? "" : t.getMessage());
            assertThat(t).as(c.getKey()).isInstanceOf(ConfigException.class).hasMessageContaining(c.getKey());
        }
        assertThat(FaultSupport.producerThreads()).as("a rejected configuration starts no thread")
                .containsExactlyInAnyOrderElementsOf(before);
        // Without a stream name the producer is valid (every record names its stream, issue #28); a record that names
        // none is refused at send, and nothing is buffered.
        try (KinesisProducer noStream = KinesisProducer.builder().region("us-east-1")
                .endpointOverride(KinesaliteExtension.endpoint()).build()) {
            Throwable missing = catchThrowable(() -> noStream.send("k", new byte[] {1}));
            row("no stream name, a record naming none", missing == null ? "accepted (!)"
                    : missing.getClass().getSimpleName(), missing == null ? "" : missing.getMessage());
            assertThat(missing).isInstanceOf(InvalidRecordException.class).hasMessageContaining("stream is missing");
            assertThat(noStream.metrics().bufferedRecords()).isZero();
        }
        FaultSupport.report("bad-config(" + (builderCases.size() + seedCases.size() + 1) + " cases)",
                new Ledger().evaluate(List.of()), Duration.ZERO, null, "allConfigException=true");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sendAfterClose_closeTwice_andThrowingCallbacksAndListener_affectNoOtherRecord() throws Exception {
        String stream = FaultSupport.stream(admin, "fault-lifecycle", 2);
        Ledger ledger = new Ledger();
        Random random = new Random(41);
        AtomicInteger callbacksRun = new AtomicInteger();
        ProducerListener throwingListener = new ProducerListener() {
            @Override
            public void putRecordsCompleted(int kinesisRecords, int kinesisRecordsFailed, int userRecords, long bytes,
                    Duration latency, String requestError) {
                throw new IllegalStateException("listener bug (putRecordsCompleted)");
            }

            @Override
            public void shardMapLoaded(int openShards) {
                throw new IllegalStateException("listener bug (shardMapLoaded)");
            }
        };
        long t0 = System.nanoTime();
        KinesisProducer p = FaultSupport.producer(KinesaliteExtension.endpoint(), stream).listener(throwingListener)
                .build();
        List<CompletableFuture<?>> dependents = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String key = "k" + (i % 17);
            byte[] data = FaultSupport.payload(i, key, 100, random);
            CompletableFuture<RecordResult> f = ledger.add(i, key, data, p.send(key, data));
            int kind = i % 3;
            dependents.add(kind == 0 ? f.thenAccept(r -> {
                callbacksRun.incrementAndGet();
                throw new IllegalStateException("user callback bug");
            }) : kind == 1 ? f.whenComplete((r, e) -> {
                callbacksRun.incrementAndGet();
                throw new AssertionError("user callback error");
            }) : f.thenApply(r -> {
                callbacksRun.incrementAndGet();
                return r.sequenceNumber().length() / 0; // ArithmeticException
            }));
        }
        p.flush().get(30, TimeUnit.SECONDS);
        long closeStart = System.nanoTime();
        p.close();
        long firstCloseMs = (System.nanoTime() - closeStart) / 1_000_000;
        long again = System.nanoTime();
        p.close();
        boolean timedCloseAfterClose = p.close(Duration.ofSeconds(1));
        long secondCloseMs = (System.nanoTime() - again) / 1_000_000;
        Throwable sendAfterClose = catchThrowable(() -> p.send("k", new byte[] {1}));
        Throwable trySendAfterClose = catchThrowable(() -> p.trySend("k", new byte[] {1}));
        Throwable keylessAfterClose = catchThrowable(() -> p.send(new byte[] {1}));
        CompletableFuture<Void> flushAfterClose = p.flush();
        row("user callbacks that throw (RuntimeException, AssertionError, ArithmeticException)",
                "every record still acknowledged; " + callbacksRun.get() + " callbacks ran", "");
        row("ProducerListener that throws", "ignored (logged); records unaffected", "");
        row("send after close", sendAfterClose.getClass().getSimpleName(), sendAfterClose.getMessage());
        row("trySend / send(byte[]) after close", trySendAfterClose.getClass().getSimpleName() + " / "
                + keylessAfterClose.getClass().getSimpleName(), trySendAfterClose.getMessage());
        row("close() twice, then close(1 s)", "no error; second close returned in " + secondCloseMs
                + " ms (first " + firstCloseMs + " ms); close(1 s) returned " + timedCloseAfterClose, "");
        row("flush() after close", flushAfterClose.isDone() ? "completes at once" : "NOT complete", "");

        Outcome o = ledger.evaluate(FaultSupport.readUserRecords(admin, stream));
        FaultSupport.report("lifecycle+throwing-callbacks", o, Duration.ofNanos(System.nanoTime() - t0), p.metrics(),
                "callbacksRun=" + callbacksRun.get());

        FaultSupport.assertDeliveryInvariants(o);
        assertThat(o.acked()).isEqualTo(500);
        assertThat(o.duplicated()).isZero();
        assertThat(callbacksRun.get()).isEqualTo(500);
        assertThat(dependents).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(sendAfterClose).isInstanceOf(ProducerClosedException.class).hasMessageContaining("after close");
        assertThat(trySendAfterClose).isInstanceOf(ProducerClosedException.class);
        assertThat(keylessAfterClose).isInstanceOf(ProducerClosedException.class);
        assertThat(secondCloseMs).isLessThan(500);
        assertThat(timedCloseAfterClose).isTrue();
        assertThat(flushAfterClose).succeedsWithin(Duration.ofSeconds(1));
        assertThatThrownBy(() -> p.send("k", null)).isInstanceOf(ProducerClosedException.class);
    }
}
