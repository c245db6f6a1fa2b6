package io.github.kinesisproducer.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.emulator.KinesisProxy;
import io.github.kinesisproducer.testing.KinesaliteExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stream's record distribution is switched while the producer sends (UpdateStreamRecordDistributionStrategy takes
 * effect at once, with no change to producers), in each direction, with the producer's defaults otherwise.
 */
@ExtendWith(KinesaliteExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AutoStreamSwitchIT {
    private static final int RECORDS = 12_000;
    private static final double PER_SECOND = 4_000;
    private static final int SHARDS = 8;

    /** Sends records at a steady rate; {@code atSwitch} runs once, before record {@code switchAt}. */
    private static List<CompletableFuture<RecordResult>> sendPaced(KinesisProducer p, int switchAt, Runnable atSwitch) {
        Random random = new Random(17);
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>(RECORDS);
        FaultSupport.paced(RECORDS, PER_SECOND, i -> {
            if (i == switchAt) {
                atSwitch.run();
            }
            String key = i % 50 == 0 ? "-" : "user-" + i;
            byte[] data = AutoStreamIT.payload(i, key, random);
            fs.add(i % 50 == 0 ? p.send(data) : p.send(key, data));
        });
        return fs;
    }

    @Test
    void userPartitionKeyToAuto_withAggregatesInFlight_nothingMissingForTheKclDuplicatesOnlyWhereFlagged() {
        String stream = AutoStreamIT.stream(SHARDS);
        AutoStreamRule rule = new AutoStreamRule(21);
        rule.auto = false;
        AutoStreamIT.Events events = new AutoStreamIT.Events();
        try (KinesisProxy proxy = KinesisProxy.start(KinesaliteExtension.endpoint(), rule)) {
            long t0 = System.nanoTime();
            KinesisProducer p = AutoStreamIT.producer(proxy, stream).listener(events).build();
            List<CompletableFuture<RecordResult>> fs = sendPaced(p, RECORDS / 2, () -> rule.auto = true);
            p.close();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            AutoStreamReadBack.Figures f = AutoStreamReadBack.evaluate(KinesaliteExtension.admin(), stream, fs);
            AutoStreamReadBack.report("switch-to-auto", SHARDS, f, elapsed, "events=" + events.seen + " resent="
                    + p.metrics().userRecordsResentAfterMisplacement());

            assertThat(f.succeeded()).isEqualTo(RECORDS);
            assertThat(f.kclMissing()).as("missing for a KCL reader").isZero();
            assertThat(f.unflaggedDuplicates()).as("stored twice without mayHaveBeenStoredTwice()").isZero();
            assertThat(f.aggregates()).as("aggregated before the switch").isPositive();
            assertThat(events.seen).startsWith("USER_PARTITION_KEY DescribeStreamSummary")
                    .contains("AUTO DescribeStreamSummary");
            assertThat(events.seen.get(1)).startsWith("AUTO");
        }
    }

    @Test
    void autoToUserPartitionKey_aggregationResumesAfterTheNextCheckAndShardMap_nothingStoredTwice() {
        String stream = AutoStreamIT.stream(SHARDS);
        AutoStreamRule rule = new AutoStreamRule(22);
        AutoStreamIT.Events events = new AutoStreamIT.Events();
        try (KinesisProxy proxy = KinesisProxy.start(KinesaliteExtension.endpoint(), rule)) {
            long t0 = System.nanoTime();
            KinesisProducer p = AutoStreamIT.producer(proxy, stream).listener(events)
                    .configure(c -> c.recordDistributionCheckInterval(Duration.ofSeconds(1))).build();
            List<CompletableFuture<RecordResult>> fs = sendPaced(p, RECORDS / 3, () -> rule.auto = false);
            p.close();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            AutoStreamReadBack.Figures f = AutoStreamReadBack.evaluate(KinesaliteExtension.admin(), stream, fs);
            AutoStreamReadBack.report("switch-to-user", SHARDS, f, elapsed, "events=" + events.seen);

            assertThat(f.succeeded()).as("keyless records sent after the switch got a key").isEqualTo(RECORDS);
            assertThat(f.kclMissing()).isZero();
            assertThat(f.unflaggedDuplicates()).isZero();
            assertThat(f.aggregates()).as("KPL aggregation resumed").isPositive();
            assertThat(f.kinesisRecords()).isLessThan(RECORDS);
            assertThat(events.seen).startsWith("AUTO DescribeStreamSummary")
                    .endsWith("USER_PARTITION_KEY DescribeStreamSummary");
        }
    }
}
