package io.github.kinesisproducer.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.emulator.EmulatorClients;
import io.github.kinesisproducer.emulator.Kinesalite;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.faults.FaultSupport.Observer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hang: kinesalite is paused (SIGSTOP) for 3 s, three times the producer's 1 s request timeout, then resumed.
 * The kernel keeps accepting connections and buffering requests meanwhile, so attempts time out rather than fail
 * fast; the producer retries them. On SIGCONT the emulator serves the requests whose client gave up, so records of
 * timed-out requests may be stored twice: that is the documented duplicate case, counted here.
 */
class PauseFaultIT {
    private static final int RECORDS = 3000;
    private static final double RATE = 500;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void pausedLongerThanTheRequestTimeoutThenResumed_everyRecordDelivered() {
        EmulatorClients.disableCbor();
        Ledger ledger = new Ledger();
        Observer observer = new Observer();
        try (Kinesalite kinesalite = Kinesalite.start();
                StreamAdmin admin = StreamAdmin.forEndpoint(kinesalite.endpoint())) {
            String stream = FaultSupport.stream(admin, "fault-pause", 4);
            KinesisProducer producer = FaultSupport.producer(kinesalite.endpoint(), stream).listener(observer)
                    .configure(c -> c.requestTimeout(Duration.ofSeconds(1)))
                    .build();
            observer.awaitShardMap();
            long t0 = System.nanoTime();
            CompletableFuture<Void> fault = CompletableFuture.runAsync(() -> {
                FaultSupport.sleep(Duration.ofSeconds(2));
                kinesalite.pause();
                FaultSupport.sleep(Duration.ofSeconds(3));
                kinesalite.resume();
            });
            Random random = new Random(13);
            FaultSupport.paced(RECORDS, RATE, i -> {
                String key = "sensor-" + (i % 173);
                byte[] data = FaultSupport.payload(i, key, 80 + random.nextInt(400), random);
                ledger.add(i, key, data, producer.send(key, data));
            });
            fault.join();
            producer.close();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            ProducerMetrics m = producer.metrics();
            ledger.awaitAll(Duration.ofSeconds(5));

            Outcome o = ledger.evaluate(FaultSupport.readUserRecords(admin, stream));
            FaultSupport.report("sigstop-3s(timeout=1s)", o, elapsed, m,
                    "otherAttemptErrors=" + FaultSupport.otherAttemptErrors(ledger, "-"));

            FaultSupport.assertDeliveryInvariants(o);
            assertThat(o.acked()).as("every record acknowledged").isEqualTo(RECORDS);
            assertThat(o.failed()).isZero();
            assertThat(m.errorsByCode()).as("attempts timed out during the pause")
                    .containsKey("ApiCallAttemptTimeoutException");
            assertThat(o.outcomeUnknown()).isPositive();
            assertThat(m.bufferedBytes()).isZero();
        }
    }
}
