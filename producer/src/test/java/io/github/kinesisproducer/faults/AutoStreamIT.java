package io.github.kinesisproducer.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.IncompatibleStreamException;
import io.github.kinesisproducer.InvalidRecordException;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.RecordDistribution;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.emulator.EmulatorClients;
import io.github.kinesisproducer.emulator.KinesisProxy;
import io.github.kinesisproducer.testing.KinesaliteExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The producer, with its defaults, against a stand-in for a stream that places records itself (RecordDistributionStrategy
 * AUTO): {@link AutoStreamRule} in a {@link KinesisProxy} in front of kinesalite. Each test reads the stream back as a
 * KCL application and as a reader that does not filter by range ({@link AutoStreamReadBack}) and prints one
 * {@code AUTO-FIGURES} line.
 */
@ExtendWith(KinesaliteExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AutoStreamIT {
    static final int RECORDS = 20_000;

    /** Records every recordDistributionDetected event as "STRATEGY source". */
    static final class Events implements ProducerListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void recordDistributionDetected(RecordDistribution strategy, String source, String detail) {
            seen.add(strategy + " " + source);
        }

        void awaitFirst() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(seen).as("the strategy was read within 30 s").isNotEmpty();
        }
    }

    static String stream(int shards) {
        return FaultSupport.stream(KinesaliteExtension.admin(), "auto", shards);
    }

    static KinesisProducer.Builder producer(KinesisProxy proxy, String stream) {
        return FaultSupport.producer(proxy.endpoint(), stream);
    }

    /** Record {@code i}'s payload (it names the record), with the key it is sent with ("-" if none). */
    static byte[] payload(int i, String key, Random random) {
        return FaultSupport.payload(i, key, 60 + random.nextInt(120), random);
    }

    /** Sends records 0..n-1 at once: every 50th without a key, every 50th (plus one) with an explicit hash key. */
    static List<CompletableFuture<RecordResult>> sendAll(KinesisProducer p, int n, long seed) {
        Random random = new Random(seed);
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String key = i % 50 == 0 ? "-" : "user-" + i;
            byte[] data = payload(i, key, random);
            if (i % 50 == 0) {
                fs.add(p.send(data));
            } else if (i % 50 == 1) {
                fs.add(p.send(key, Integer.toString(i), data));
            } else {
                fs.add(p.send(key, data));
            }
        }
        return fs;
    }

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {4, 32})
    void withDefaults_everyFutureSucceeds_nothingMissingForTheKcl_nothingStoredTwice(int shards) {
        String stream = stream(shards);
        AutoStreamRule rule = new AutoStreamRule(shards);
        Events events = new Events();
        try (KinesisProxy proxy = KinesisProxy.start(KinesaliteExtension.endpoint(), rule)) {
            long t0 = System.nanoTime();
            KinesisProducer p = producer(proxy, stream).listener(events).build();
            List<CompletableFuture<RecordResult>> fs = sendAll(p, RECORDS, shards);
            p.close();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            AutoStreamReadBack.Figures f = AutoStreamReadBack.evaluate(KinesaliteExtension.admin(), stream, fs);
            AutoStreamReadBack.report("defaults", shards, f, elapsed, "describeCalls=" + rule.describeCalls
                    + " metrics=" + p.metrics().recordDistribution());

            assertThat(f.succeeded()).isEqualTo(RECORDS);
            assertThat(f.kclMissing()).as("missing for a KCL reader").isZero();
            assertThat(f.storedCopies()).as("stored copies").isEqualTo(RECORDS);
            assertThat(f.duplicates()).isZero();
            assertThat(f.aggregates()).as("no KPL aggregate on an AUTO stream").isZero();
            assertThat(f.flagged()).isZero();
            Set<Integer> keyless = new HashSet<>();
            for (int i = 0; i < RECORDS; i += 50) {
                keyless.add(i);
            }
            assertThat(rule.keylessIds).as("records sent without a key went without one").isEqualTo(keyless);
            assertThat(rule.explicitHashKeyIds).as("explicit hash keys are not sent").isEmpty();
            assertThat(events.seen).containsExactly("AUTO DescribeStreamSummary");
            assertThat(p.metrics().recordDistribution()).isEqualTo(RecordDistribution.AUTO);
        }
    }

    @ParameterizedTest(name = "DescribeStreamSummary {0}")
    @EnumSource(value = AutoStreamRule.Summary.class, names = {"DENY", "HANG"})
    void whenTheStrategyCannotBeRead_nothingMissingForTheKclAndDuplicatesOnlyWhereFlagged(AutoStreamRule.Summary how) {
        int shards = 32;
        String stream = stream(shards);
        AutoStreamRule rule = new AutoStreamRule(99);
        rule.summary = how;
        Events events = new Events();
        try (KinesisProxy proxy = KinesisProxy.start(KinesaliteExtension.endpoint(), rule)) {
            long t0 = System.nanoTime();
            KinesisProducer p = producer(proxy, stream).listener(events).build();
            List<CompletableFuture<RecordResult>> fs = sendAll(p, RECORDS, 7);
            p.close();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            AutoStreamReadBack.Figures f = AutoStreamReadBack.evaluate(KinesaliteExtension.admin(), stream, fs);
            AutoStreamReadBack.report("summary-" + how, shards, f, elapsed, "describeCalls=" + rule.describeCalls
                    + " resent=" + p.metrics().userRecordsResentAfterMisplacement());

            assertThat(f.succeeded()).isEqualTo(RECORDS);
            assertThat(f.kclMissing()).as("missing for a KCL reader").isZero();
            // Nothing is aggregated until where records land tells the strategy, so nothing needs a re-send; a
            // record stored twice (a request that timed out but was stored) must say so.
            assertThat(f.aggregates()).isZero();
            assertThat(f.unflaggedDuplicates()).as("stored twice without mayHaveBeenStoredTwice()").isZero();
            assertThat(f.duplicates()).isLessThanOrEqualTo(f.flagged());
            assertThat(events.seen).containsExactly("AUTO placement");
            assertThat(rule.describeCalls.get()).isPositive();
        }
    }

    @Test
    void strictOrderingIsRefusedWithAnErrorNamingTheStreamTheStrategyAndWhatToDo() throws Exception {
        String stream = stream(2);
        try (KinesisProxy proxy = KinesisProxy.start(KinesaliteExtension.endpoint(), new AutoStreamRule(1))) {
            KinesisProducer p = producer(proxy, stream).strictOrdering(true).build();
            // Records sent before the producer knows fail; once it knows, send throws.
            List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
            int refusedAtSend = 0;
            for (int i = 0; i < 100; i++) {
                try {
                    fs.add(p.send("user-" + i, payload(i, "user-" + i, new Random(i))));
                } catch (IncompatibleStreamException e) {
                    refusedAtSend++;
                }
            }
            p.flush().get(30, TimeUnit.SECONDS);
            for (CompletableFuture<RecordResult> f : fs) {
                ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, f::get);
                RecordFailedException r = (RecordFailedException) e.getCause();
                assertThat(r.errorCode()).isEqualTo(IncompatibleStreamException.ERROR_CODE);
                assertThat(r.isRetriable()).isFalse();
            }
            assertThat(fs.size() + refusedAtSend).isEqualTo(100);
            assertThatThrownBy(() -> p.send("k", new byte[1]))
                    .isInstanceOf(IncompatibleStreamException.class)
                    .hasMessageContaining("strict_ordering").hasMessageContaining("'" + stream + "'")
                    .hasMessageContaining("RecordDistributionStrategy AUTO")
                    .hasMessageContaining("Turn strict_ordering off");
            p.close();
            assertThat(KinesaliteExtension.admin().readAll(stream)).as("nothing was sent").isEmpty();
        }
    }

    @Test
    void throughYourOwnSdkClient_theStrategyIsReadAndAKeylessRecordGoesWithoutAKey() throws Exception {
        String stream = stream(4);
        AutoStreamRule rule = new AutoStreamRule(5);
        Events events = new Events();
        try (KinesisProxy proxy = KinesisProxy.start(KinesaliteExtension.endpoint(), rule);
                KinesisAsyncClient client = EmulatorClients.asyncClient(proxy.endpoint())) {
            KinesisProducer p = KinesisProducer.builder().streamName(stream).kinesisClient(client).listener(events)
                    .build();
            // A cold SDK client's first calls can take longer than the second records wait for them at start-up.
            events.awaitFirst();
            List<CompletableFuture<RecordResult>> fs = sendAll(p, 200, 5);
            p.close();
            AutoStreamReadBack.Figures f = AutoStreamReadBack.evaluate(KinesaliteExtension.admin(), stream, fs);
            assertThat(f.succeeded()).isEqualTo(200);
            assertThat(f.duplicates()).isZero();
            assertThat(f.kclMissing()).isZero();
            assertThat(rule.keylessIds).containsExactlyInAnyOrder(0, 50, 100, 150);
            assertThat(events.seen).containsExactly("AUTO DescribeStreamSummary");
        }
    }

    @Test
    void aStreamWhoseMaxRecordSizeIsSmallerThanARecordRefusesItAtSend() throws Exception {
        String stream = stream(1);
        AutoStreamRule rule = new AutoStreamRule(3);
        // Real streams report 1024-10240 KiB; the stand-in reports less so that kinesalite (1 MiB) can store the rest.
        rule.maxRecordSizeKiB = 512;
        try (KinesisProxy proxy = KinesisProxy.start(KinesaliteExtension.endpoint(), rule)) {
            Events read = new Events();
            KinesisProducer p = producer(proxy, stream).listener(read).build();
            read.awaitFirst(); // the summary has been read
            assertThatThrownBy(() -> p.send("k", new byte[600 * 1024]))
                    .isInstanceOf(InvalidRecordException.class).hasMessageContaining("record too large")
                    .hasMessageContaining("MaxRecordSizeInKiB 512");
            assertThat(p.send("k", new byte[400 * 1024]).get(30, TimeUnit.SECONDS).shardId()).isNotNull();
            p.close();
            Events readToo = new Events();
            KinesisProducer own = producer(proxy, stream).listener(readToo)
                    .configure(c -> c.maxRecordSize(1024 * 1024)).build();
            readToo.awaitFirst();
            assertThat(own.send("k", new byte[600 * 1024]).get(30, TimeUnit.SECONDS).shardId())
                    .as("max_record_size set: the stream's value does not override it").isNotNull();
            own.close();
        }
    }
}
