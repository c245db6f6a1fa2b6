package io.github.kinesisproducer.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.faults.FaultSupport.Observer;
import io.github.kinesisproducer.faults.FaultSupport.UserRecord;
import io.github.kinesisproducer.testing.KinesaliteExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Ordering under throttling. 40 partition keys, 150 records each, sent in key-interleaved order while 50 % of
 * PutRecords entries are throttled for 6 s (plus 0.5 s of whole-request throttling); KPL aggregation with small
 * (2 KiB) aggregates so every shard carries many Kinesis records, and a 100 ms throttle backoff so that every shard
 * goes through many throttle-and-retry cycles. The stream is read back shard by shard in
 * sequence order, sub-records in aggregate order, which is what a KCL consumer sees.
 *
 * <p>With {@code strictOrdering(true)} every key must read back exactly as sent. With the default, a throttled
 * aggregate is retried after later ones went through, so keys can be reordered: the control run reports how many.
 */
@ExtendWith(KinesaliteExtension.class)
class OrderingFaultIT {
    private static final int KEYS = 40;
    private static final int PER_KEY = 150;
    private static final int RECORDS = KEYS * PER_KEY;
    private static final double RATE = 1500;
    private static StreamAdmin admin;

    @BeforeAll
    static void setUp() {
        admin = KinesaliteExtension.admin();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void strictOrdering_everyKeyReadsBackExactlyInSendOrderDespiteThrottling() throws Exception {
        Run run = run(true);
        FaultSupport.assertDeliveryInvariants(run.outcome);
        assertThat(run.outcome.acked()).isEqualTo(RECORDS);
        assertThat(run.injector.throttledKinesisRecords()).as("throttling was injected").isGreaterThanOrEqualTo(30);
        assertThat(run.metrics.throttles()).isEqualTo(run.injector.throttledKinesisRecords());
        assertThat(run.keysOutOfOrder).as("keys whose records read back out of send order").isZero();
        assertThat(run.inversions).isZero();
        assertThat(run.keysIncomplete).isZero();
        assertThat(run.keysOnSeveralShards).isZero();
        assertThat(run.aggregatesPerShardMin).as("many Kinesis records per shard, so order across them matters")
                .isGreaterThan(10);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void defaultOrdering_sameThrottling_deliversEverythingAndReportsReordering() throws Exception {
        Run run = run(false);
        FaultSupport.assertDeliveryInvariants(run.outcome);
        assertThat(run.outcome.acked()).isEqualTo(RECORDS);
        assertThat(run.keysIncomplete).isZero();
        // No assertion on order: without strict ordering a retried aggregate may land after later ones.
    }

    private record Run(Outcome outcome, ProducerMetrics metrics, ThrottleInjector injector, int keysOutOfOrder,
            long inversions, int keysIncomplete, int keysOnSeveralShards, long aggregatesPerShardMin) {
    }

    private Run run(boolean strict) throws Exception {
        String stream = FaultSupport.stream(admin, strict ? "fault-strict" : "fault-loose", 4);
        String decoy = FaultSupport.stream(admin, "fault-decoy", 1);
        ThrottleInjector injector = new ThrottleInjector(stream, decoy, strict ? 5 : 6);
        Observer observer = new Observer();
        Ledger ledger = new Ledger();
        ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
        ProducerMetrics m;
        Duration elapsed;
        try (KinesisAsyncClient client = injector.client()) {
            KinesisProducer producer = KinesisProducer.builder().streamName(stream).kinesisClient(client)
                    .listener(observer).strictOrdering(strict)
                    // small aggregates: many Kinesis records per shard; short throttle backoff: many retry cycles
                    .configure(c -> c.aggregationMaxSize(2048).throttleBackoff(Duration.ofMillis(100)))
                    .build();
            observer.awaitShardMap();
            long t0 = System.nanoTime();
            injector.script(faults, 1500, 2000, 6000);
            Random random = new Random(strict ? 19 : 23);
            FaultSupport.paced(RECORDS, RATE, i -> {
                String key = "key-" + (i % KEYS); // record i is number i / KEYS of its key
                byte[] data = FaultSupport.payload(i, key, 40 + random.nextInt(60), random);
                ledger.add(i, key, data, producer.send(key, data));
            });
            producer.close();
            elapsed = Duration.ofNanos(System.nanoTime() - t0);
            m = producer.metrics();
        } finally {
            faults.shutdownNow();
        }
        ledger.awaitAll(Duration.ofSeconds(5));
        List<UserRecord> stored = FaultSupport.readUserRecords(admin, stream);
        Outcome o = ledger.evaluate(stored);

        // Per key, the sequence of first occurrences in read order must be 0, 1, 2, ... (later copies of a record
        // are duplicates, counted and explained by the ledger).
        Map<Integer, List<Integer>> firstSeen = FaultSupport.firstCopiesPerKey(stored, KEYS);
        Map<Integer, Set<String>> shardsOfKey = new HashMap<>();
        Map<String, Set<String>> kinesisRecordsPerShard = new HashMap<>();
        for (UserRecord u : stored) {
            int key = FaultSupport.idOf(u.data()) % KEYS;
            kinesisRecordsPerShard.computeIfAbsent(u.shardId(), s -> new HashSet<>()).add(u.sequenceNumber());
            shardsOfKey.computeIfAbsent(key, k -> new HashSet<>()).add(u.shardId());
        }
        int outOfOrder = 0;
        int incomplete = 0;
        long inversions = 0;
        for (int k = 0; k < KEYS; k++) {
            List<Integer> seq = firstSeen.getOrDefault(k, List.of());
            boolean ordered = true;
            for (int j = 0; j < seq.size(); j++) {
                if (seq.get(j) != j) {
                    ordered = false;
                }
                if (j > 0 && seq.get(j) < seq.get(j - 1)) {
                    inversions++;
                }
            }
            outOfOrder += ordered ? 0 : 1;
            incomplete += seq.size() == PER_KEY ? 0 : 1;
        }
        int multiShard = (int) shardsOfKey.values().stream().filter(s -> s.size() > 1).count();
        long minAggregates = kinesisRecordsPerShard.values().stream().mapToLong(Set::size).min().orElse(0);
        FaultSupport.report(strict ? "ordering-strict(throttle50%)" : "ordering-default(throttle50%)", o, elapsed, m,
                injector + " keysOutOfOrder=" + outOfOrder + "/" + KEYS + " inversions=" + inversions
                        + " kinesisRecordsPerShard(min)=" + minAggregates
                        + " otherAttemptErrors=" + FaultSupport.otherAttemptErrors(ledger, ThrottleInjector.PTEE));
        return new Run(o, m, injector, outOfOrder, inversions, incomplete, multiShard, minAggregates);
    }
}
