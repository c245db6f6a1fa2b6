package io.github.kinesisproducer.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.BufferFullException;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerClosedException;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.emulator.EmulatorClients;
import io.github.kinesisproducer.emulator.Kinesalite;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.faults.FaultSupport.Observer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The endpoint stalls for good: kinesalite is paused (SIGSTOP) and not resumed while the producer runs. Kinesis
 * accepts nothing, so the buffer fills up to its cap and stays there: {@code send} blocks for {@code max_block} and
 * then throws {@link BufferFullException}, {@code trySend} throws at once, memory never exceeds
 * {@code max_buffered_bytes}. {@code close(2 s)} gives up on time, fails every record with
 * {@link ProducerClosedException}, and leaves no producer thread behind. Afterwards the emulator is resumed only to
 * count which of the failed records were stored anyway (requests the kernel had buffered).
 */
class StallFaultIT {
    private static final long CAP = 2L * 1024 * 1024;
    private static final Duration MAX_BLOCK = Duration.ofSeconds(1);
    private static final int MAX_RECORDS = 10_000; // bound; the cap stops the test at about 2,000

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void endpointStallsCompletely_memoryCappedSendBlocksThenFailsAndCloseIsBounded() throws Exception {
        EmulatorClients.disableCbor();
        Ledger ledger = new Ledger();
        Observer observer = new Observer();
        try (Kinesalite kinesalite = Kinesalite.start();
                StreamAdmin admin = StreamAdmin.forEndpoint(kinesalite.endpoint())) {
            String stream = FaultSupport.stream(admin, "fault-stall", 2);
            Set<Thread> before = FaultSupport.producerThreads();
            KinesisProducer producer = FaultSupport.producer(kinesalite.endpoint(), stream).listener(observer)
                    .maxBufferedBytes(CAP)
                    .maxBlock(MAX_BLOCK)
                    .recordTtl(Duration.ofMinutes(5)) // only the close deadline may end these records
                    .configure(c -> c.requestTimeout(Duration.ofSeconds(1)).maxAttempts(1000))
                    .build();
            Set<Thread> mine = new HashSet<>(FaultSupport.producerThreads());
            mine.removeAll(before);
            assertThat(mine).extracting(Thread::getName).isNotEmpty()
                    .allMatch(n -> n.startsWith("kinesis-producer-"));
            observer.awaitShardMap();
            kinesalite.pause();
            long t0 = System.nanoTime();

            AtomicLong maxBytes = new AtomicLong();
            AtomicLong maxRecords = new AtomicLong();
            AtomicLong samples = new AtomicLong();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    ProducerMetrics s = producer.metrics();
                    maxBytes.accumulateAndGet(s.bufferedBytes(), Math::max);
                    maxRecords.accumulateAndGet(s.bufferedRecords(), Math::max);
                    samples.incrementAndGet();
                    LockSupport.parkNanos(100_000);
                }
            }, "fault-suite-sampler");
            sampler.start();

            Random random = new Random(17);
            BufferFullException full = null;
            long blockedNanos = 0;
            int i = 0;
            while (full == null && i < MAX_RECORDS) {
                String key = "user-" + (i % 50);
                byte[] data = FaultSupport.payload(i, key, 1024, random);
                long s = System.nanoTime();
                try {
                    ledger.add(i, key, data, producer.send(key, data));
                } catch (BufferFullException e) {
                    full = e;
                    blockedNanos = System.nanoTime() - s;
                }
                i++;
            }
            long tryStart = System.nanoTime();
            byte[] same = FaultSupport.payload(MAX_RECORDS, "user-0", 1024, random); // as large as the refused one
            assertThatThrownBy(() -> producer.trySend("user-0", same))
                    .isInstanceOf(BufferFullException.class);
            long tryNanos = System.nanoTime() - tryStart;
            ProducerMetrics atFull = producer.metrics();

            long closeStart = System.nanoTime();
            boolean clean = producer.close(Duration.ofSeconds(2));
            long closeMillis = (System.nanoTime() - closeStart) / 1_000_000;
            sampling.set(false);
            sampler.join();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            List<String> leftover = FaultSupport.stillAlive(mine, Duration.ofSeconds(1));
            long unresolvedRightAfterClose = ledger.all().stream().filter(x -> !x.future().isDone()).count();
            Map<String, Long> failures = new TreeMap<>();
            ledger.all().forEach(x -> failures.merge(
                    x.future().isCompletedExceptionally() ? FaultSupport.failure(x.future()).getClass().getSimpleName()
                            : x.future().isDone() ? "succeeded" : "unresolved", 1L, Long::sum));
            ProducerMetrics m = producer.metrics();

            kinesalite.resume(); // only to read back what the paused process had received
            Outcome o = ledger.evaluate(FaultSupport.readUserRecords(admin, stream));
            FaultSupport.report("stall(SIGSTOP,never resumed)", o, elapsed, m, String.format(
                    "cap=%d maxBufferedBytesSeen=%d maxBufferedRecordsSeen=%d samples=%d sendBlockedMs=%d "
                            + "trySendMs=%.1f closeMs=%d closeClean=%s producerThreadsLeft=%d",
                    CAP, maxBytes.get(), maxRecords.get(), samples.get(), blockedNanos / 1_000_000,
                    tryNanos / 1e6, closeMillis, clean, leftover.size()));

            assertThat(full).as("send blocked, then gave up").isNotNull();
            assertThat(full).hasMessageContaining("max_buffered_bytes=" + CAP);
            assertThat(blockedNanos).as("send blocked for max_block")
                    .isBetween(MAX_BLOCK.toNanos() - 50_000_000L, MAX_BLOCK.toNanos() + 1_000_000_000L);
            assertThat(tryNanos).as("trySend fails at once, without waiting max_block").isLessThan(500_000_000L);
            assertThat(maxBytes.get()).as("buffered bytes never exceed max_buffered_bytes").isLessThanOrEqualTo(CAP);
            assertThat(atFull.bufferedBytes()).as("the buffer really was full").isGreaterThan(CAP - 4096);
            assertThat(samples.get()).isGreaterThan(100);

            assertThat(clean).as("close could not deliver").isFalse();
            assertThat(closeMillis).as("close(2 s) returns on time").isBetween(1_900L, 3_999L);
            assertThat(unresolvedRightAfterClose).as("no future left incomplete by close").isZero();
            assertThat(failures).as("every record failed with ProducerClosedException")
                    .containsOnlyKeys("ProducerClosedException");
            assertThat(leftover).as("producer threads still running after close").isEmpty();
            assertThat(FaultSupport.producerThreads()).as("no kinesis-producer-* thread of this producer")
                    .doesNotContainAnyElementsOf(mine);
            assertThat(m.bufferedBytes()).isZero();
            FaultSupport.assertDeliveryInvariants(o);
            assertThat(o.acked()).isZero();
        }
    }
}
