package io.github.kinesisproducer.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.emulator.KinesisProxy;
import io.github.kinesisproducer.emulator.StoredRecord;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.faults.FaultSupport.Observer;
import io.github.kinesisproducer.faults.FaultSupport.UserRecord;
import io.github.kinesisproducer.faults.ProxyFaults.Fault;
import io.github.kinesisproducer.interop.InteropRecord;
import io.github.kinesisproducer.interop.KclDeaggregator;
import io.github.kinesisproducer.testing.KinesaliteExtension;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The delivery verdicts under connection and service faults, end to end: the producer's own HTTP client talks to
 * kinesalite through the project's fault proxy ({@link KinesisProxy} with {@link ProxyFaults}), which injects one
 * fault class (or all of them mixed) into PutRecords requests by a seeded draw per request. After the producer
 * closes, the stream is read back and de-aggregated with the KCL's own deaggregator, and every record is checked
 * against its future:
 * <ul>
 *   <li>every future completed;</li>
 *   <li>nothing acknowledged is missing, nothing appears that was not sent;</li>
 *   <li>every user record stored more than once has an attempt flagged {@code outcomeUnknown};</li>
 *   <li>no record that failed without that flag is in the stream;</li>
 *   <li>with {@code strict_ordering}, each key's first copies read back in send order.</li>
 * </ul>
 * Each run prints a {@code FAULT-FIGURES} line (collected in target/fault-figures.txt, docs/reliability.md).
 */
@ExtendWith(KinesaliteExtension.class)
class ProxyFaultIT {
    /** Records per run of one fault class; a mix of all classes sends twice as many. */
    private static final int RECORDS = 1200;
    private static final int KEYS = 24;
    /** records/s: sending lasts 2 s, so that even at default ordering a run makes dozens of PutRecords requests. */
    private static final double RATE = 600;
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(2000);
    /** Slow answers and stalls are held this long: past the request timeout. */
    private static final Duration PAST_TIMEOUT = Duration.ofMillis(2500);
    /** Per PutRecords request, for one fault class alone (and all mixed with strict ordering). */
    private static final double PROBABILITY = 0.3;
    /** All classes mixed at default ordering. */
    private static final double MIXED_PROBABILITY = 0.5;
    /** Faults after which nothing can have been stored: a retry can never duplicate. */
    private static final Set<Fault> NOTHING_STORED = EnumSet.of(Fault.THROTTLE_REQUEST, Fault.THROTTLE_RECORDS,
            Fault.ERROR_503, Fault.RESET_BEFORE_FORWARDING, Fault.INTERIM_1XX);
    /** Faults that spoil the answer to a request the emulator stored: the producer must flag those attempts. */
    private static final Set<Fault> STORED_THEN_SPOILED = EnumSet.of(Fault.ERROR_500, Fault.RESET_AFTER_ANSWER,
            Fault.SLOW_ANSWER, Fault.STALL, Fault.TRUNCATED_BODY);
    private static StreamAdmin admin;

    @BeforeAll
    static void setUp() {
        admin = KinesaliteExtension.admin();
    }

    static Stream<Arguments> scenarios() {
        List<Arguments> out = new ArrayList<>();
        for (boolean strict : new boolean[] {false, true}) {
            for (Fault f : Fault.values()) {
                // Strict ordering makes a request per Kinesis record and shard: several times as many requests, so
                // the faults that each cost a request timeout are drawn half as often to keep the run short.
                boolean slow = f == Fault.SLOW_ANSWER || f == Fault.STALL;
                out.add(Arguments.of(f.name().toLowerCase(), EnumSet.of(f), strict && slow ? PROBABILITY / 2
                        : PROBABILITY, strict, RECORDS));
            }
            // At default ordering a run makes fewer, larger requests: twice the records and more faults per
            // request, for enough of each kind.
            out.add(Arguments.of("mixed", EnumSet.allOf(Fault.class), strict ? PROBABILITY : MIXED_PROBABILITY,
                    strict, strict ? RECORDS : 2 * RECORDS));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, strict_ordering={3}")
    @MethodSource("scenarios")
    @Timeout(120)
    void everyVerdictHoldsOnReadBack(String name, Set<Fault> faults, double probability, boolean strict,
            int records) throws Exception {
        long seed = (name + "/" + strict).hashCode();
        String stream = FaultSupport.stream(admin, "proxy-" + name.replace('_', '-'), 4);
        ProxyFaults rule = new ProxyFaults(faults, probability, PAST_TIMEOUT, seed);
        Observer observer = new Observer();
        Ledger ledger = new Ledger();
        ProducerMetrics m;
        Duration elapsed;
        try (KinesisProxy proxy = KinesisProxy.start(KinesaliteExtension.endpoint(), rule)) {
            KinesisProducer producer = FaultSupport.producer(proxy.endpoint(), stream).listener(observer)
                    .strictOrdering(strict).maxBufferedTime(Duration.ofMillis(50))
                    .configure(c -> c.requestTimeout(REQUEST_TIMEOUT).retryBackoff(Duration.ofMillis(20))
                            .throttleBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(500))
                            // a fault every other request must not exhaust a record's attempts (0.5^30)
                            .maxAttempts(30).recordTtl(Duration.ofSeconds(60))
                            .aggregationMaxSize(4096)) // small aggregates: many Kinesis records per shard
                    .build();
            observer.awaitShardMap();
            long t0 = System.nanoTime();
            Random random = new Random(seed);
            FaultSupport.paced(records, RATE, i -> {
                String key = "key-" + (i % KEYS); // record i is number i / KEYS of its key
                byte[] data = FaultSupport.payload(i, key, 60 + random.nextInt(120), random);
                ledger.add(i, key, data, producer.send(key, data));
            });
            producer.close();
            elapsed = Duration.ofNanos(System.nanoTime() - t0);
            m = producer.metrics();
        } // closing the proxy ends stalls still held: nothing reaches the stream after this
        ledger.awaitAll(Duration.ofSeconds(5));
        List<UserRecord> stored = readWithTheKcl(stream);
        Outcome o = ledger.evaluate(stored);
        Order order = order(stored, records / KEYS);
        FaultSupport.report("proxy-" + name + (strict ? "-strict" : "-default"), o, elapsed, m, rule
                + " seed=" + seed + " unknownOutcomes=" + m.unknownOutcomes() + " keysOutOfOrder="
                + order.keysOutOfOrder + "/" + KEYS + " otherAttemptErrors="
                + FaultSupport.otherAttemptErrors(ledger, ProxyFaults.PTEE));

        FaultSupport.assertDeliveryInvariants(o);
        SoftAssertions soft = new SoftAssertions();
        for (Fault f : faults) {
            soft.assertThat(rule.injected(f)).as("%s injected", f).isPositive();
        }
        soft.assertThat(o.failed()).as("failed records (retries and record_ttl are ample)").isZero();
        soft.assertThat(order.keysIncomplete).as("keys with records missing on read-back").isZero();
        if (strict) {
            soft.assertThat(order.keysOutOfOrder).as("keys whose first copies are out of send order").isZero();
        }
        if (NOTHING_STORED.containsAll(faults)) {
            // The injected faults store nothing, so a duplicate can only come from an attempt that really ran out of
            // request_timeout (a slow emulator on a loaded machine): at most the records of such attempts.
            soft.assertThat(o.duplicated()).as("duplicates after faults that store nothing")
                    .isLessThanOrEqualTo(recordsWithTimedOutAttempts(ledger));
        }
        if (faults.equals(EnumSet.of(Fault.INTERIM_1XX))) {
            soft.assertThat(m.unknownOutcomes()).as("1xx answers are answers: no unknown outcome").isZero();
            soft.assertThat(m.errorsByCode()).as("1xx answers are answers: no failed attempt").isEmpty();
        }
        if (STORED_THEN_SPOILED.containsAll(faults)) {
            soft.assertThat(m.unknownOutcomes()).as("attempts flagged after a spoiled answer").isPositive();
        }
        if (faults.contains(Fault.THROTTLE_RECORDS) || faults.contains(Fault.THROTTLE_REQUEST)) {
            soft.assertThat(m.throttles()).as("throttles counted").isPositive()
                    .isLessThanOrEqualTo(rule.throttledEntries.get());
        }
        soft.assertAll();
    }

    /** Records that had an attempt end in a real request timeout (not injected), whose outcome is unknown. */
    private static long recordsWithTimedOutAttempts(Ledger ledger) {
        return ledger.all().stream().filter(s -> FaultSupport.attemptsOf(s.future()).stream()
                .anyMatch(a -> !a.successful() && a.outcomeUnknown()
                        && a.errorCode().equals("ApiCallAttemptTimeoutException"))).count();
    }

    /** Every user record in the stream, shard by shard in sequence order, as a KCL application receives them. */
    private static List<UserRecord> readWithTheKcl(String stream) {
        Map<String, List<StoredRecord>> byShard = new LinkedHashMap<>();
        for (StoredRecord r : admin.readAll(stream)) {
            byShard.computeIfAbsent(r.shardId(), s -> new ArrayList<>()).add(r);
        }
        List<UserRecord> out = new ArrayList<>();
        for (Shard shard : admin.listShards(stream)) {
            List<InteropRecord> records = new ArrayList<>();
            for (StoredRecord r : byShard.getOrDefault(shard.shardId(), List.of())) {
                records.add(new InteropRecord(r.partitionKey(), r.data(), r.sequenceNumber()));
            }
            List<io.github.kinesisproducer.interop.UserRecord> users = KclDeaggregator.deaggregate(
                    new BigInteger(shard.hashKeyRange().startingHashKey()),
                    new BigInteger(shard.hashKeyRange().endingHashKey()), records);
            for (io.github.kinesisproducer.interop.UserRecord u : users) {
                out.add(new UserRecord(shard.shardId(), u.sequenceNumber(),
                        u.subSequenceNumber() == null ? -1 : u.subSequenceNumber().intValue(), u.partitionKey(),
                        u.data(), true)); // the KCL itself drops what lies outside the shard's range
            }
        }
        return out;
    }

    private record Order(int keysOutOfOrder, int keysIncomplete) {
    }

    /** Per key, the first copies in read order must be 0, 1, 2, ... (later copies are duplicates). */
    private static Order order(List<UserRecord> stored, int perKey) {
        Map<Integer, List<Integer>> firstSeen = FaultSupport.firstCopiesPerKey(stored, KEYS);
        int outOfOrder = 0;
        int incomplete = 0;
        for (int k = 0; k < KEYS; k++) {
            List<Integer> s = firstSeen.getOrDefault(k, List.of());
            for (int j = 0; j < s.size(); j++) {
                if (s.get(j) != j) {
                    outOfOrder++;
                    break;
                }
            }
            incomplete += s.size() == perKey ? 0 : 1;
        }
        return new Order(outOfOrder, incomplete);
    }
}
