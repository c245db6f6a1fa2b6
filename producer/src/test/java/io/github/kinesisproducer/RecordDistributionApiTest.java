package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.internal.config.SeedConfig;
import io.github.kinesisproducer.internal.engine.FakeKinesis;
import io.github.kinesisproducer.internal.engine.TransportOverride;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The record_distribution setting and what users see of it through the public API, with the in-memory transport. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecordDistributionApiTest {

    private static KinesisProducer.Builder builder(FakeKinesis fake) {
        return TransportOverride.use(KinesisProducer.builder().streamName("orders").region("us-east-1"), fake);
    }

    @Test
    void theSettingHasAMapKeyAndABuilderMethodAndDefaultsToDetect() {
        assertThat(ProducerConfig.builder("s").build().recordDistribution()).isEqualTo(RecordDistribution.DETECT);
        ProducerConfig c = SeedConfig.parse(Map.of("stream_name", "s", "record_distribution", "AUTO",
                "record_distribution_check_interval", 30));
        assertThat(c.recordDistribution()).isEqualTo(RecordDistribution.AUTO);
        assertThat(c.recordDistributionCheckInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(SeedConfig.parse(Map.of("stream_name", "s", "record_distribution", "user_partition_key"))
                .recordDistribution()).isEqualTo(RecordDistribution.USER_PARTITION_KEY);
        assertThatThrownBy(() -> SeedConfig.parse(Map.of("stream_name", "s", "record_distribution", "random")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("record_distribution")
                .hasMessageContaining("detect, auto, user_partition_key");
        assertThatThrownBy(() -> ProducerConfig.builder("s").recordDistributionCheckInterval(Duration.ZERO))
                .isInstanceOf(ConfigException.class).hasMessageContaining("record_distribution_check_interval");
    }

    @Test
    void strictOrderingWithRecordDistributionAutoIsAConfigErrorNamingTheStreamAndWhatToDo() {
        assertThatThrownBy(() -> TransportOverride.use(KinesisProducer.builder().streamName("orders").region("us-east-1")
                .strictOrdering(true).recordDistribution(RecordDistribution.AUTO), new FakeKinesis(1))
                .build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("strict_ordering").hasMessageContaining("'orders'")
                .hasMessageContaining("record_distribution=auto").hasMessageContaining("Turn strict_ordering off");
    }

    @Test
    void aStrictProducerOnAnAutoStreamFailsItsRecordsAndThenRefusesSends() throws Exception {
        FakeKinesis fake = new FakeKinesis(2).auto(true);
        List<String> events = new CopyOnWriteArrayList<>();
        KinesisProducer p = builder(fake).strictOrdering(true).listener(new ProducerListener() {
            @Override
            public void recordDistributionDetected(RecordDistribution strategy, String source, String detail) {
                events.add(strategy + " " + source);
            }
        }).build();
        // Sent before the producer knows, a record fails; sent after, send throws (which one depends on timing).
        try {
            CompletableFuture<RecordResult> f = p.send("k", "v".getBytes(StandardCharsets.UTF_8));
            p.flush().get(10, TimeUnit.SECONDS);
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, f::get);
            assertThat(e.getCause()).isInstanceOf(RecordFailedException.class);
            assertThat(((RecordFailedException) e.getCause()).errorCode())
                    .isEqualTo(IncompatibleStreamException.ERROR_CODE);
        } catch (IncompatibleStreamException alreadyKnown) {
            assertThat(alreadyKnown).hasMessageContaining("'orders'");
        }
        p.flush().get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> p.send("k", "v".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IncompatibleStreamException.class).hasMessageContaining("'orders'")
                .hasMessageContaining("AUTO").hasMessageContaining("Turn strict_ordering off");
        assertThat(fake.requests()).isEmpty();
        assertThat(events).containsExactly("AUTO DescribeStreamSummary");
        assertThat(p.metrics().recordDistribution()).isEqualTo(RecordDistribution.AUTO);
        p.close();
    }

    @Test
    void theStreamsMaxRecordSizeDecidesAtSend() throws Exception {
        FakeKinesis fake = new FakeKinesis(1).reportMaxRecordSizeKiB(2048);
        java.util.concurrent.CountDownLatch read = new java.util.concurrent.CountDownLatch(1);
        try (KinesisProducer p = builder(fake).listener(new ProducerListener() {
            @Override
            public void recordDistributionDetected(RecordDistribution strategy, String source, String detail) {
                read.countDown(); // the summary has been read
            }
        }).build()) {
            assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
            byte[] big = new byte[1536 * 1024];
            assertThat(p.send("k", big).get(10, TimeUnit.SECONDS).shardId()).isNotNull();
            assertThatThrownBy(() -> p.send("k", new byte[2 * 1024 * 1024]))
                    .isInstanceOf(InvalidRecordException.class).hasMessageContaining("record too large")
                    .hasMessageContaining("MaxRecordSizeInKiB 2048");
        }
    }

    @Test
    void aKeylessSendOnAnAutoStreamStoresNoKey() throws Exception {
        FakeKinesis fake = new FakeKinesis(4).auto(true);
        try (KinesisProducer p = builder(fake).build()) {
            p.send("x".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
        }
        assertThat(fake.stored()).singleElement().satisfies(s -> assertThat(s.partitionKey()).isNull());
    }

    @Test
    void theOldMetricsConstructorStillWorks() {
        ProducerMetrics m = new ProducerMetrics(1, 1, 0, 1, 10, 1, 0, 0, Map.of(), 0, 0, 0, 5);
        assertThat(m.recordDistribution()).isEqualTo(RecordDistribution.DETECT);
        assertThat(m.userRecordsResentAfterMisplacement()).isZero();
    }

    @Test
    void aResultWithAnAttemptOfUnknownOutcomeMayHaveBeenStoredTwice() {
        java.time.Instant t = java.time.Instant.EPOCH;
        RecordResult clean = new RecordResult("s", "1", 0, List.of(new Attempt(t, Duration.ZERO, null, null)));
        RecordResult twice = new RecordResult("s", "2", 0, List.of(
                new Attempt(t, Duration.ZERO, "WrongShard", "stored inside an aggregate on another shard", true),
                new Attempt(t, Duration.ZERO, null, null)));
        assertThat(clean.mayHaveBeenStoredTwice()).isFalse();
        assertThat(twice.mayHaveBeenStoredTwice()).isTrue();
    }
}
