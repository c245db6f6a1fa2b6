package io.github.kinesisproducer.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.faults.FaultSupport.Observer;
import io.github.kinesisproducer.testing.KinesaliteExtension;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Throttling: for 10 s, each PutRecords entry is throttled with probability 0.5 (per-record
 * ProvisionedThroughputExceededException), and for 1 s of that every call is throttled as a whole (HTTP 400).
 * The injection is honest (see {@link ThrottleInjector}): a throttled record is not stored. So the stream must hold
 * every record exactly once, and the producer's metrics must count exactly the throttles that were injected.
 */
@ExtendWith(KinesaliteExtension.class)
class ThrottlingFaultIT {
    private static final int RECORDS = 5000;
    private static final double RATE = 500; // records/s: sending spans the 10 s throttling window
    private static StreamAdmin admin;

    @BeforeAll
    static void setUp() {
        admin = KinesaliteExtension.admin();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void halfOfRecordsThrottledFor10sPlusAWholeRequestBurst_everyRecordDeliveredExactlyOnce() throws Exception {
        String stream = FaultSupport.stream(admin, "fault-throttle", 4);
        String decoy = FaultSupport.stream(admin, "fault-decoy", 1);
        ThrottleInjector injector = new ThrottleInjector(stream, decoy, 42);
        Observer observer = new Observer();
        Ledger ledger = new Ledger();
        ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
        ProducerMetrics m;
        Duration elapsed;
        int maxAttempts = 0;
        try (KinesisAsyncClient client = injector.client()) {
            KinesisProducer producer = KinesisProducer.builder().streamName(stream).kinesisClient(client)
                    .listener(observer).build(); // KPL aggregation, default backoff and TTL (30 s)
            observer.awaitShardMap();
            long t0 = System.nanoTime();
            injector.script(faults, 4000, 5000, 10_000);
            Random random = new Random(7);
            FaultSupport.paced(RECORDS, RATE, i -> {
                String key = "device-" + (i % 97);
                byte[] data = FaultSupport.payload(i, key, 100 + random.nextInt(300), random);
                ledger.add(i, key, data, producer.send(key, data));
            });
            producer.close();
            elapsed = Duration.ofNanos(System.nanoTime() - t0);
            m = producer.metrics();
        } finally {
            faults.shutdownNow();
        }
        ledger.awaitAll(Duration.ofSeconds(5));
        for (Ledger.Sent s : ledger.all()) {
            if (s.future().isDone() && !s.future().isCompletedExceptionally()) {
                RecordResult r = s.future().join();
                maxAttempts = Math.max(maxAttempts, r.attemptCount());
            }
        }
        Outcome o = ledger.evaluate(FaultSupport.readUserRecords(admin, stream));
        FaultSupport.report("throttling-50pct-10s+burst", o, elapsed, m, injector + " maxAttemptsOfARecord="
                + maxAttempts + " otherAttemptErrors=" + FaultSupport.otherAttemptErrors(ledger, ThrottleInjector.PTEE));

        FaultSupport.assertDeliveryInvariants(o);
        assertThat(o.acked()).as("every record acknowledged").isEqualTo(RECORDS);
        assertThat(o.failed()).isZero();
        // Throttled records are never stored (honest injection), so a duplicate can only come from a request whose
        // outcome was unknown: the SDK's netty client now and then closes a reused connection after a 400 response
        // ("The connection was closed during the request"), and such a request may have been stored.
        assertThat(o.duplicated()).isLessThanOrEqualTo(o.outcomeUnknown());

        assertThat(injector.throttledEntries.get()).as("per-record throttles injected").isGreaterThan(100);
        assertThat(injector.throttledRequests.get()).as("whole-request throttles injected").isPositive();
        assertThat(m.throttles()).as("metrics count every injected throttle")
                .isEqualTo(injector.throttledKinesisRecords());
        assertThat(observer.throttled.get()).isEqualTo(m.throttles());
        assertThat(m.errorsByCode().get(ThrottleInjector.PTEE)).isEqualTo(injector.throttledKinesisRecords());
        assertThat(m.errorsByCode().keySet()).isSubsetOf(ThrottleInjector.PTEE, "SdkClientException");
        long otherErrors = m.errorsByCode().values().stream().mapToLong(Long::longValue).sum() - m.throttles();
        assertThat(otherErrors).as("non-throttle errors: only the SDK's rare connection-level failures, %s",
                m.errorsByCode()).isLessThanOrEqualTo(3);
        assertThat(m.retries()).as("every failed attempt was retried").isEqualTo(m.throttles() + otherErrors);
        assertThat(m.userRecordsPut()).isEqualTo(RECORDS);
        assertThat(m.bufferedRecords()).isZero();
        assertThat(m.bufferedBytes()).isZero();
    }
}
