package io.github.kinesisproducer.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.emulator.EmulatorClients;
import io.github.kinesisproducer.emulator.Kinesalite;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.faults.FaultSupport.Observer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker outage: kinesalite with {@code --path} (durable LevelDB store) is SIGKILLed while the producer sends
 * steadily, and restarted on the same port 2 s later. Requests in flight at the kill fail at the connection level
 * (their outcome is unknown: they may have been stored), requests during the outage get "connection refused"; the
 * producer retries them all. Every record must be acknowledged and stored; duplicates can only be records whose
 * request was in flight at the kill, and are counted.
 */
class KillRestartFaultIT {
    private static final int RECORDS = 4000;
    private static final double RATE = 500; // records/s: 8 s of sending, the kill at 3 s

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void sigkillMidRunAndRestartOnTheSamePort_everyRecordAcknowledgedAndStored(@TempDir Path dataDir) {
        EmulatorClients.disableCbor();
        Ledger ledger = new Ledger();
        Observer observer = new Observer();
        AtomicLong outageMillis = new AtomicLong();
        AtomicLong inFlightAtKill = new AtomicLong(-1);
        try (Kinesalite kinesalite = Kinesalite.start(Kinesalite.Options.defaults().withDataDir(dataDir));
                StreamAdmin admin = StreamAdmin.forEndpoint(kinesalite.endpoint())) {
            String stream = FaultSupport.stream(admin, "fault-kill", 4);
            ProducerMetrics m;
            Duration elapsed;
            KinesisProducer producer = FaultSupport.producer(kinesalite.endpoint(), stream).listener(observer)
                    .build(); // KPL aggregation; defaults: 6 s request timeout, 10 attempts, 30 s TTL
            observer.awaitShardMap();
            long t0 = System.nanoTime();
            int port = kinesalite.port();
            CompletableFuture<Void> fault = CompletableFuture.runAsync(() -> {
                FaultSupport.sleep(Duration.ofSeconds(3));
                // Kill while a PutRecords call is in flight (waiting at most 2 s for one), so that a request
                // really dies mid-way: its outcome is unknown and the retry may store its records twice.
                long waitUntil = System.nanoTime() + 2_000_000_000L;
                while (producer.metrics().inFlightRequests() == 0 && System.nanoTime() < waitUntil) {
                    Thread.onSpinWait();
                }
                inFlightAtKill.set(producer.metrics().inFlightRequests());
                long down = System.nanoTime();
                kinesalite.kill();
                FaultSupport.sleep(Duration.ofSeconds(2));
                kinesalite.restart();
                outageMillis.set((System.nanoTime() - down) / 1_000_000);
            });
            Random random = new Random(11);
            FaultSupport.paced(RECORDS, RATE, i -> {
                String key = "order-" + (i % 211);
                byte[] data = FaultSupport.payload(i, key, 80 + random.nextInt(400), random);
                ledger.add(i, key, data, producer.send(key, data));
            });
            fault.join();
            assertThat(kinesalite.port()).isEqualTo(port);
            producer.close();
            elapsed = Duration.ofNanos(System.nanoTime() - t0);
            m = producer.metrics();
            ledger.awaitAll(Duration.ofSeconds(5));

            Outcome o = ledger.evaluate(FaultSupport.readUserRecords(admin, stream));
            FaultSupport.report("kill-9+restart(--path)", o, elapsed, m, "outage=" + outageMillis.get() + "ms inFlightCallsAtKill=" + inFlightAtKill.get()
                    + " otherAttemptErrors=" + FaultSupport.otherAttemptErrors(ledger, "-"));

            FaultSupport.assertDeliveryInvariants(o);
            assertThat(o.acked()).as("every record acknowledged").isEqualTo(RECORDS);
            assertThat(o.failed()).isZero();
            // The outage was felt: attempts failed (connection refused, or lost in flight at the kill) and were retried.
            assertThat(m.errorsByCode()).containsKey("SdkClientException");
            assertThat(m.retries()).isPositive();
            assertThat(m.bufferedBytes()).isZero();
        }
    }
}
