package io.github.kinesisproducer.internal.shards;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.RecordDistribution;
import io.github.kinesisproducer.internal.engine.ManualClock;
import io.github.kinesisproducer.internal.protocol.StreamSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/** How the producer decides what the stream's record distribution is, step by step on a manual clock. */
class DistributionTrackerTest {
    private static final long SECOND = 1_000_000_000L;
    private final ManualClock clock = new ManualClock();
    private final List<Long> loads = new ArrayList<>();
    private final List<String> changes = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();

    private DistributionTracker tracker(java.util.function.Consumer<ProducerConfig.Builder> settings) {
        ProducerConfig.Builder b = ProducerConfig.builder("s").recordDistributionCheckInterval(Duration.ofSeconds(60));
        settings.accept(b);
        return new DistributionTracker(b.build(), () -> loads.add(clock.nanoTime()), new DistributionTracker.Changes() {
            @Override
            public void strategy(RecordDistribution strategy, String source, long nowNanos) {
                changes.add(strategy + " from " + source);
            }

            @Override
            public void maxRecordSizeKiB(int kib) {
                sizes.add(kib);
            }
        });
    }

    private long now() {
        return clock.nanoTime();
    }

    private static StreamSummary summary(String strategy) {
        return StreamSummary.of(strategy, null);
    }

    private static KinesisException denied() {
        return (KinesisException) KinesisException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("AccessDeniedException").errorMessage("no").build()).build();
    }

    /** Polls every 100 ms for {@code seconds}; returns how many loads started. */
    private int pollFor(DistributionTracker t, double seconds) {
        int before = loads.size();
        for (int i = 0; i < seconds * 10; i++) {
            clock.advanceMillis(100);
            t.poll(now());
        }
        return loads.size() - before;
    }

    @Test
    void readsAtStartAndAgainEveryInterval() {
        DistributionTracker t = tracker(b -> { });
        assertThat(t.settled()).isFalse();
        t.poll(now());
        assertThat(loads).hasSize(1);
        t.poll(now());
        assertThat(loads).as("one call at a time").hasSize(1);
        t.onResult(summary("AUTO"), null, now());
        assertThat(t.settled()).isTrue();
        assertThat(t.acting()).isEqualTo(RecordDistribution.AUTO);
        assertThat(changes).containsExactly("AUTO from DescribeStreamSummary");
        assertThat(t.nextWakeNanos()).isEqualTo(now() + 60 * SECOND);
        assertThat(pollFor(t, 59.8)).isZero();
        assertThat(pollFor(t, 0.3)).isEqualTo(1);
        t.onResult(summary("AUTO"), null, now());
        assertThat(changes).as("no change, no event").hasSize(1);
    }

    @Test
    void anAbsentStrategyIsUserPartitionKeyAndTheMaxRecordSizeIsPassedOn() {
        DistributionTracker t = tracker(b -> { });
        t.poll(now());
        t.onResult(StreamSummary.of(null, 4096), null, now());
        assertThat(changes).containsExactly("USER_PARTITION_KEY from DescribeStreamSummary");
        assertThat(sizes).containsExactly(4096);
    }

    @Test
    void accessDeniedIsTriedAgainAtTheIntervalATimeoutWithBackoff() {
        DistributionTracker t = tracker(b -> { });
        t.poll(now());
        t.onResult(null, denied(), now());
        assertThat(t.settled()).as("records need not wait for it any more").isTrue();
        assertThat(t.acting()).isEqualTo(RecordDistribution.DETECT);
        assertThat(changes).isEmpty();
        assertThat(t.nextWakeNanos()).isEqualTo(now() + 60 * SECOND);
        t.landedElsewhere(now());
        assertThat(pollFor(t, 59.9)).as("evidence does not hammer a denied call").isZero();
        assertThat(pollFor(t, 0.2)).isEqualTo(1);

        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long started = loads.get(loads.size() - 1);
            t.onResult(null, ApiCallAttemptTimeoutException.builder().message("timeout").build(), now());
            long failedAt = now();
            while (loads.get(loads.size() - 1) == started) {
                clock.advanceMillis(10);
                t.poll(now());
            }
            delays.add((now() - failedAt) / 1_000_000);
        }
        assertThat(delays).containsExactly(1000L, 1500L, 2250L, 3380L);
    }

    @Test
    void placementTellsAutoAtOnceAndAsksForARead() {
        DistributionTracker t = tracker(b -> { });
        t.poll(now());
        t.onResult(summary("USER_PARTITION_KEY"), null, now());
        clock.advanceMillis(300);
        t.keyIgnored(now());
        assertThat(t.acting()).isEqualTo(RecordDistribution.AUTO);
        assertThat(changes).containsExactly("USER_PARTITION_KEY from DescribeStreamSummary", "AUTO from placement");
        // The read it asks for starts one second after the last one started, not after the 60 s interval.
        assertThat(pollFor(t, 0.6)).isZero();
        assertThat(pollFor(t, 0.2)).isEqualTo(1);
        t.onResult(summary("AUTO"), null, now());
        assertThat(changes).endsWith("AUTO from DescribeStreamSummary");
    }

    @Test
    void aReadAskedForByPlacementCannotUndoItButALaterRegularReadCan() {
        DistributionTracker t = tracker(b -> { });
        t.poll(now());
        t.onResult(summary("USER_PARTITION_KEY"), null, now());
        clock.advanceMillis(2000);
        t.keyIgnored(now());
        t.poll(now());
        assertThat(loads).hasSize(2);
        t.onResult(summary("USER_PARTITION_KEY"), null, now()); // lags behind the switch, or wrong
        assertThat(t.acting()).as("records landing off their keys are proof").isEqualTo(RecordDistribution.AUTO);
        assertThat(pollFor(t, 60.1)).isEqualTo(1); // the regular read, started after the evidence
        t.onResult(summary("USER_PARTITION_KEY"), null, now());
        assertThat(t.acting()).isEqualTo(RecordDistribution.USER_PARTITION_KEY);
        assertThat(changes).containsExactly("USER_PARTITION_KEY from DescribeStreamSummary", "AUTO from placement",
                "USER_PARTITION_KEY from DescribeStreamSummary");
    }

    @Test
    void evidenceWhileARegularReadIsUnderwayOutlivesItsAnswer() {
        DistributionTracker t = tracker(b -> { });
        t.poll(now()); // started before the evidence
        clock.advanceMillis(1500);
        t.keyIgnored(now());
        t.onResult(summary("USER_PARTITION_KEY"), null, now());
        assertThat(t.acting()).isEqualTo(RecordDistribution.AUTO);
        assertThat(changes).containsExactly("AUTO from placement");
    }

    @Test
    void anUnknownStrategyChangesNothing() {
        DistributionTracker t = tracker(b -> { });
        t.poll(now());
        t.onResult(summary("SOMETHING_NEW"), null, now());
        assertThat(t.acting()).isEqualTo(RecordDistribution.DETECT);
        assertThat(changes).isEmpty();
        assertThat(t.settled()).isTrue();
    }

    @Test
    void aConfiguredStrategyIsAnnouncedOnceAndNothingIsRead() {
        DistributionTracker auto = tracker(b -> b.recordDistribution(RecordDistribution.AUTO));
        assertThat(auto.settled()).isTrue();
        auto.poll(now());
        auto.poll(now());
        auto.landedElsewhere(now());
        assertThat(pollFor(auto, 2)).isZero();
        assertThat(loads).isEmpty();
        assertThat(auto.nextWakeNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(changes).containsExactly("AUTO from record_distribution");

        changes.clear();
        DistributionTracker user = tracker(b -> b.recordDistribution(RecordDistribution.USER_PARTITION_KEY));
        user.poll(now());
        user.keyIgnored(now());
        assertThat(pollFor(user, 2)).isZero();
        assertThat(changes).containsExactly("USER_PARTITION_KEY from record_distribution", "AUTO from placement");
    }
}
