package io.github.kinesisproducer.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.internal.engine.FakeKinesis;
import io.github.kinesisproducer.internal.engine.FakeStreams;
import io.github.kinesisproducer.internal.engine.TransportOverride;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Micrometer binding against the in-memory transport, read back from a SimpleMeterRegistry. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MicrometerMetricsTest {
    private static final String P = MicrometerMetrics.PREFIX;

    private static KinesisProducer.Builder builder(FakeKinesis fake) {
        return TransportOverride.use(KinesisProducer.builder().streamName("s").region("us-east-1"), fake)
                .aggregation(Aggregation.KPL).maxBufferedTime(Duration.ofHours(1)) // only flush/close send
                .configure(c -> c.retryBackoff(Duration.ofMillis(1)).throttleBackoff(Duration.ofMillis(1)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static double counter(MeterRegistry r, String name, String... tags) {
        return r.get(P + name).tags(tags).counter().count();
    }

    @Test
    void documentedOrder_listenerThenBuildThenBind_recordsEverySuccessfulCall() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FakeKinesis fake = new FakeKinesis(4);
        MicrometerMetrics m = new MicrometerMetrics(registry, Tags.of("stream", "s"));
        try (KinesisProducer p = builder(fake).listener(m).build()) {
            assertThat(m.bindTo(p)).isSameAs(m);
            for (int i = 0; i < 1000; i++) {
                p.send("key-" + (i % 50), bytes("record-" + i));
            }
            p.flush().get(10, TimeUnit.SECONDS);

            assertThat(registry.get(P + "user.records.received").tag("stream", "s").functionCounter().count())
                    .isEqualTo(1000);
            assertThat(registry.get(P + "user.records.put").functionCounter().count()).isEqualTo(1000);
            assertThat(registry.get(P + "user.records.failed").functionCounter().count()).isZero();
            assertThat(registry.get(P + "kinesis.records.put").functionCounter().count())
                    .isEqualTo(fake.stored().size());
            long storedBytes = fake.stored().stream().mapToLong(s -> s.data().length).sum();
            assertThat(registry.get(P + "put.bytes").functionCounter().count()).isEqualTo(storedBytes);
            assertThat(registry.get(P + "buffered.records").gauge().value()).isZero();
            assertThat(registry.get(P + "requests.in.flight").gauge().value()).isZero();
            assertThat(registry.get(P + "shards.open").gauge().value()).isEqualTo(4);

            assertThat(registry.get(P + "put.records").tag("outcome", "success").timer().count())
                    .isEqualTo(fake.requests().size());
            assertThat(registry.get(P + "put.records").tag("outcome", "failed").timer().count()).isZero();
            var ratio = registry.get(P + "user.records.per.kinesis.record").summary();
            assertThat(ratio.count()).isEqualTo(fake.requests().size());
            // 1000 small records over 4 shards pack into a few aggregates per call.
            assertThat(ratio.mean()).isGreaterThan(10);
            assertThat(registry.find(P + "retries").counters()).isEmpty();
        }
    }

    @Test
    void attemptsOfUnknownOutcomeAreCountedByErrorCode() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FakeKinesis fake = new FakeKinesis(1).failNextRequests(
                software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException.create(1000));
        MicrometerMetrics m = new MicrometerMetrics(registry);
        try (KinesisProducer p = builder(fake).listener(m).build()) {
            m.bindTo(p);
            CompletableFuture<?> f = p.send("k", bytes("x"));
            p.flush().get(10, TimeUnit.SECONDS);
            f.get(10, TimeUnit.SECONDS);
            assertThat(counter(registry, "unknown.outcomes", "error.code", "ApiCallAttemptTimeoutException"))
                    .isEqualTo(1);
            assertThat(p.metrics().unknownOutcomes()).isEqualTo(1);
        }
    }

    @Test
    void gaugesShowWhatIsBufferedAndInFlight() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FakeKinesis fake = new FakeKinesis(1).hold(true);
        MicrometerMetrics m = new MicrometerMetrics(registry);
        try (KinesisProducer p = builder(fake).listener(m).build()) {
            m.bindTo(p);
            List<CompletableFuture<?>> fs = Stream.of("a", "b", "c").<CompletableFuture<?>>map(
                    k -> p.send(k, bytes("x"))).toList();
            CompletableFuture<Void> flushed = p.flush();
            waitUntil(() -> registry.get(P + "requests.in.flight").gauge().value() == 1);
            assertThat(registry.get(P + "buffered.records").gauge().value()).isEqualTo(3);
            assertThat(registry.get(P + "buffered.bytes").gauge().value()).isPositive();
            fake.hold(false).release();
            flushed.get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            waitUntil(() -> registry.get(P + "buffered.records").gauge().value() == 0);
        }
    }

    @Test
    void retriesThrottlesAndFailuresAreCountedByErrorCode() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // Key "hot" is throttled once, then stored; key "bad" is always rejected with a non-retriable code.
        FakeKinesis fake = new FakeKinesis(2).recordErrors((entry, seen) -> {
            String data = new String(entry.data(), java.nio.charset.StandardCharsets.UTF_8);
            if (data.startsWith("bad")) {
                return "InvalidArgumentException";
            }
            return data.startsWith("hot") && seen == 0 ? "ProvisionedThroughputExceededException" : null;
        });
        MicrometerMetrics m = new MicrometerMetrics(registry);
        try (KinesisProducer p = builder(fake).aggregation(Aggregation.NONE).listener(m).build()) {
            m.bindTo(p);
            CompletableFuture<?> hot = p.send("hot", bytes("hot"));
            CompletableFuture<?> bad = p.send("bad", bytes("bad"));
            CompletableFuture<?> ok = p.send("ok", bytes("ok"));
            p.flush().get(10, TimeUnit.SECONDS);
            assertThat(hot).isCompleted().isNotCompletedExceptionally();
            assertThat(bad).isCompletedExceptionally();
            assertThat(ok).isCompleted().isNotCompletedExceptionally();

            assertThat(counter(registry, "retries", "error.code", "ProvisionedThroughputExceededException"))
                    .isEqualTo(1);
            assertThat(counter(registry, "throttles")).isEqualTo(1);
            assertThat(counter(registry, "user.records.failures", "error.code", "InvalidArgumentException"))
                    .isEqualTo(1);
            assertThat(registry.get(P + "user.records.failed").functionCounter().count()).isEqualTo(1);
            // The first call had rejected and stored records: partial; the retry of "hot" alone succeeded.
            assertThat(registry.get(P + "put.records").tag("outcome", "partial").timer().count()).isEqualTo(1);
            assertThat(registry.get(P + "put.records").tag("outcome", "success").timer().count()).isEqualTo(1);
        }
    }

    @Test
    void requestErrorsCountAsFailedCalls() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FakeKinesis fake = new FakeKinesis(1).failNextRequests(new java.io.IOException("connection reset"));
        MicrometerMetrics m = new MicrometerMetrics(registry);
        try (KinesisProducer p = builder(fake).listener(m).build()) {
            m.bindTo(p);
            p.send("k", bytes("v"));
            p.flush().get(10, TimeUnit.SECONDS);
        }
        assertThat(registry.get(P + "put.records").tag("outcome", "failed").timer().count()).isEqualTo(1);
        assertThat(registry.get(P + "put.records").tag("outcome", "success").timer().count()).isEqualTo(1);
        assertThat(counter(registry, "retries", "error.code", "IOException")).isEqualTo(1);
        assertThat(registry.get(P + "user.records.per.kinesis.record").summary().count()).isEqualTo(1);
    }

    @Test
    void failedShardMapLoadsAreCountedByErrorCode() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FakeKinesis fake = new FakeKinesis(1).failListShards(
                software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException.builder()
                        .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                .errorCode("ResourceNotFoundException").errorMessage("Stream s not found.").build())
                        .statusCode(400).message("Stream s not found.").build());
        MicrometerMetrics m = new MicrometerMetrics(registry);
        try (KinesisProducer p = builder(fake).listener(m).build()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (registry.find(P + "shard.map.failures").counter() == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertThat(counter(registry, "shard.map.failures", "error.code", "ResourceNotFoundException")).isEqualTo(1);
    }

    @Test
    void theStreamsRecordDistributionIsAGaugeAndEachChangeIsCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerMetrics m = new MicrometerMetrics(registry);
        m.recordDistributionDetected(io.github.kinesisproducer.RecordDistribution.USER_PARTITION_KEY,
                "DescribeStreamSummary", "by key");
        assertThat(registry.get(P + "record.distribution.auto").gauge().value()).isZero();
        m.recordDistributionDetected(io.github.kinesisproducer.RecordDistribution.AUTO, "placement", "adapted");
        assertThat(registry.get(P + "record.distribution.auto").gauge().value()).isEqualTo(1);
        assertThat(registry.get(P + "record.distribution.changes").tag("strategy", "AUTO").tag("source", "placement")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get(P + "record.distribution.changes").tag("strategy", "USER_PARTITION_KEY")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void registryBindingBeforeTheProducerExistsReadsZeroThenFollowsTheProducer() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerMetrics m = new MicrometerMetrics(registry);
        m.bindTo(registry); // e.g. a framework binding every MeterBinder bean at start-up
        m.bindTo(registry); // idempotent
        assertThat(registry.get(P + "user.records.put").functionCounter().count()).isZero();
        assertThat(registry.get(P + "buffered.bytes").gauge().value()).isZero();

        FakeKinesis fake = new FakeKinesis(1);
        try (KinesisProducer p = builder(fake).listener(m).build()) {
            m.bindTo(p);
            p.send("k", bytes("v"));
            p.flush().get(10, TimeUnit.SECONDS);
            assertThat(registry.get(P + "user.records.put").functionCounter().count()).isEqualTo(1);
            assertThat(registry.find(P + "user.records.put").functionCounters()).hasSize(1);

            try (KinesisProducer other = builder(new FakeKinesis(1)).build()) {
                assertThatThrownBy(() -> m.bindTo(other)).isInstanceOf(IllegalStateException.class);
            }
            m.bindTo(p); // the same producer again is fine
        }
    }

    @Test
    void usedOnlyAsABinderItsMetersOutliveTheBinderObject() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FakeKinesis fake = new FakeKinesis(1);
        try (KinesisProducer p = builder(fake).build()) {
            new MicrometerMetrics(registry).bindTo(p); // no reference kept, and not the producer's listener
            p.send("k", bytes("v"));
            p.flush().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                System.gc(); // weakly held meters read NaN once the binder is collected
            }
            assertThat(registry.get(P + "user.records.put").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get(P + "buffered.records").gauge().value()).isZero();
        }
    }

    @Test
    void aReplacementProducerWithTheSameTagsGetsTheMeters() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KinesisProducer first = builder(new FakeKinesis(1)).build()) {
            new MicrometerMetrics(registry).bindTo(first);
            first.send("k", bytes("v"));
            first.flush().get(10, TimeUnit.SECONDS);
        }
        try (KinesisProducer second = builder(new FakeKinesis(1)).build()) {
            new MicrometerMetrics(registry).bindTo(second);
            // Before: register() returned the first producer's meters, which went on reading it.
            assertThat(registry.get(P + "user.records.put").functionCounter().count()).isZero();
            second.send("k", bytes("a"));
            second.send("k", bytes("b"));
            second.flush().get(10, TimeUnit.SECONDS);
            assertThat(registry.get(P + "user.records.put").functionCounter().count()).isEqualTo(2);
            assertThat(registry.find(P + "user.records.put").functionCounters()).hasSize(1);
        }
    }

    @Test
    void byStream_everyMeterCarriesItsStream_andTheSnapshotMetersReadEachStreamsCounters() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FakeStreams fakes = new FakeStreams().add("a", 1).add("b", 2);
        MicrometerMetrics m = MicrometerMetrics.byStream(registry, Tags.of("app", "shop"));
        try (KinesisProducer p = TransportOverride.use(KinesisProducer.builder().region("us-east-1"), fakes)
                .aggregation(Aggregation.NONE).listener(m).build()) {
            m.bindTo(p);
            for (int i = 0; i < 3; i++) {
                p.sendTo("a", "k" + i, bytes("a" + i));
            }
            p.sendTo("b", "k", bytes("b"));
            p.sendTo("b", "k", bytes("b"));
            p.sendTo("ghost", "k", bytes("g"));
            p.flush().get(10, TimeUnit.SECONDS);

            assertThat(registry.get(P + "user.records.put").tags("stream", "a", "app", "shop").functionCounter()
                    .count()).isEqualTo(3);
            assertThat(registry.get(P + "user.records.put").tag("stream", "b").functionCounter().count()).isEqualTo(2);
            assertThat(registry.get(P + "user.records.failed").tag("stream", "ghost").functionCounter().count())
                    .isEqualTo(1);
            assertThat(registry.get(P + "shards.open").tag("stream", "b").gauge().value()).isEqualTo(2);
            assertThat(registry.get(P + "shards.open").tag("stream", "a").gauge().value()).isEqualTo(1);
            assertThat(counter(registry, "user.records.failures", "stream", "ghost", "error.code",
                    "ResourceNotFoundException")).isEqualTo(1);
            assertThat(counter(registry, "shard.map.failures", "stream", "ghost", "error.code",
                    "ResourceNotFoundException")).isPositive();
            assertThat(registry.get(P + "put.records").tags("stream", "a", "outcome", "success").timer().count())
                    .isPositive();
            assertThat(registry.get(P + "buffered.records").tag("stream", "a").gauge().value()).isZero();
            assertThat(registry.getMeters()).as("one set of tag keys per name, as Prometheus wants")
                    .allSatisfy(meter -> assertThat(meter.getId().getTag("stream")).isNotNull());
        }
        assertThatThrownBy(() -> MicrometerMetrics.byStream(registry, Tags.of("stream", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theConstructorsMetersAreTheProducersTotalsOverEveryStream() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FakeStreams fakes = new FakeStreams().add("s", 1).add("other", 2);
        MicrometerMetrics m = new MicrometerMetrics(registry, Tags.of("stream", "s"));
        try (KinesisProducer p = TransportOverride.use(KinesisProducer.builder().streamName("s").region("us-east-1"),
                fakes).aggregation(Aggregation.NONE).listener(m).build()) {
            m.bindTo(p);
            p.send("k", bytes("1"));
            p.sendTo("other", "k", bytes("2"));
            p.flush().get(10, TimeUnit.SECONDS);
            assertThat(registry.get(P + "user.records.put").functionCounter().count()).isEqualTo(2);
            assertThat(registry.find(P + "user.records.put").functionCounters()).hasSize(1);
            assertThat(registry.get(P + "put.records").tag("outcome", "success").timer().count()).isEqualTo(2);
        }
    }

    /**
     * Micrometer is optional: no library class outside this package may refer to it, or a producer built without
     * Micrometer on the classpath would fail to load. Checked on the compiled classes' constant pools.
     */
    @Test
    void noOtherLibraryClassReferencesMicrometer() throws IOException {
        Path location = Path.of(KinesisProducer.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        // target/classes under surefire, the module's jar under failsafe: walk either.
        try (FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location)) {
            Path classes = jar == null ? location : jar.getPath("/");
            byte[] needle = bytes("io/micrometer");
            try (Stream<Path> files = Files.walk(classes)) {
                List<String> offenders = files.filter(f -> f.toString().endsWith(".class"))
                        .map(f -> classes.relativize(f).toString().replace('\\', '/'))
                        .filter(name -> !name.startsWith("io/github/kinesisproducer/micrometer/"))
                        .filter(name -> contains(read(classes.resolve(name)), needle))
                        .toList();
                assertThat(offenders).isEmpty();
            }
            assertThat(Files.exists(classes.resolve("io/github/kinesisproducer/micrometer/MicrometerMetrics.class")))
                    .isTrue();
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
