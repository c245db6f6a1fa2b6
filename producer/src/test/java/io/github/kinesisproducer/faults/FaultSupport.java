package io.github.kinesisproducer.faults;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.emulator.EmulatorClients;
import io.github.kinesisproducer.emulator.StoredRecord;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.internal.aggregation.KplDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Shared bits of the fault suite: self-describing payloads, a ledger of every record sent and its future, the
 * read-back that turns a stream into user records (de-aggregating KPL aggregates, checking each sub-record lies in
 * the hash range of the shard it was read from, as the KCL does), and the one-line figures every test prints.
 *
 * <p>Definitions used by every test:
 * <ul>
 *   <li><b>acknowledged</b>: the record's future completed with a {@link RecordResult};</li>
 *   <li><b>failed</b>: the future completed exceptionally (counted by error code);</li>
 *   <li><b>unresolved</b>: the future is not complete when the test ends (must be 0);</li>
 *   <li><b>lost</b>: not in the stream although the future did not fail (acknowledged but missing, or neither
 *       stored nor failed); must be 0;</li>
 *   <li><b>duplicated</b>: stored more than once (only possible when a request timed out or the emulator died
 *       with the request in flight: it may have been stored, and the retry stores it again).</li>
 * </ul>
 */
final class FaultSupport {
    /**
     * Where the figures lines are collected for docs/reliability.md (module basedir = failsafe's working dir);
     * emptied once per test JVM, so it holds one run.
     */
    static final Path FIGURES_FILE = Path.of("target", "fault-figures.txt");

    static {
        try {
            Files.deleteIfExists(FIGURES_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FaultSupport() {
    }

    static KinesisProducer.Builder producer(URI endpoint, String stream) {
        return KinesisProducer.builder().streamName(stream).region("us-east-1").endpointOverride(endpoint)
                .credentialsProvider(EmulatorClients.credentials());
    }

    static String stream(StreamAdmin admin, String prefix, int shards) {
        String name = StreamAdmin.uniqueStreamName(prefix);
        admin.createStream(name, shards);
        return name;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Payloads: "F|<id>|<partition key>|" followed by filler, so every stored byte array names its record.

    static byte[] payload(int id, String key, int size, Random random) {
        byte[] head = ("F|" + id + "|" + key + "|").getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[Math.max(size, head.length)];
        System.arraycopy(head, 0, b, 0, head.length);
        for (int i = head.length; i < b.length; i++) {
            b[i] = (byte) ('a' + random.nextInt(26));
        }
        return b;
    }

    /** The record id in a payload, or -1 if the bytes are not one of ours. */
    static int idOf(byte[] data) {
        if (data.length < 4 || data[0] != 'F' || data[1] != '|') {
            return -1;
        }
        int id = 0;
        for (int i = 2; i < data.length; i++) {
            if (data[i] == '|') {
                return id;
            }
            if (data[i] < '0' || data[i] > '9') {
                return -1;
            }
            id = id * 10 + (data[i] - '0');
        }
        return -1;
    }

    static String keyOf(byte[] data) {
        String s = new String(data, StandardCharsets.US_ASCII);
        int a = s.indexOf('|', 2);
        int b = s.indexOf('|', a + 1);
        return s.substring(a + 1, b);
    }

    /** Calls {@code send} {@code count} times at a steady rate (catching up in bursts if it falls behind). */
    static void paced(int count, double perSecond, IntConsumer send) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = start + (long) (i * 1e9 / perSecond) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send.accept(i);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Read-back.

    /**
     * One user record as a consumer sees it.
     *
     * @param subIndex position inside its KPL aggregate, -1 if the Kinesis record was not an aggregate
     * @param inShardRange false if the sub-record's hash key lies outside its shard (the KCL would drop the aggregate)
     */
    record UserRecord(String shardId, String sequenceNumber, int subIndex, String partitionKey, byte[] data,
            boolean inShardRange) {
    }

    /**
     * Every user record in the stream: shard by shard, in sequence order within a shard, sub-records in aggregate
     * order; the order a KCL consumer of each shard sees.
     */
    static List<UserRecord> readUserRecords(StreamAdmin admin, String stream) {
        Map<String, BigInteger[]> ranges = new HashMap<>();
        for (Shard s : admin.listShards(stream)) {
            ranges.put(s.shardId(), new BigInteger[] {new BigInteger(s.hashKeyRange().startingHashKey()),
                    new BigInteger(s.hashKeyRange().endingHashKey())});
        }
        List<UserRecord> out = new ArrayList<>();
        for (StoredRecord r : admin.readAll(stream)) {
            List<KplDecoder.SubRecord> subs = KplDecoder.decode(r.data());
            if (subs == null) {
                out.add(new UserRecord(r.shardId(), r.sequenceNumber(), -1, r.partitionKey(), r.data(), true));
                continue;
            }
            BigInteger[] range = ranges.get(r.shardId());
            for (int i = 0; i < subs.size(); i++) {
                KplDecoder.SubRecord s = subs.get(i);
                BigInteger h = io.github.kinesisproducer.KinesisRecord.of(s.partitionKey(), s.data())
                        .withExplicitHashKey(s.explicitHashKey()).hashKey();
                boolean in = range != null && h.compareTo(range[0]) >= 0 && h.compareTo(range[1]) <= 0;
                out.add(new UserRecord(r.shardId(), r.sequenceNumber(), i, s.partitionKey(), s.data(), in));
            }
        }
        return out;
    }

    /**
     * Per key, the record numbers of the key in read order, first copies only (later copies are duplicates): for
     * payloads whose record id {@code i} is number {@code i / keys} of key {@code i % keys}.
     */
    static Map<Integer, List<Integer>> firstCopiesPerKey(List<UserRecord> stored, int keys) {
        Map<Integer, List<Integer>> firstSeen = new HashMap<>();
        Map<Integer, Set<Integer>> seen = new HashMap<>();
        for (UserRecord u : stored) {
            int id = idOf(u.data());
            if (id >= 0 && seen.computeIfAbsent(id % keys, k -> new HashSet<>()).add(id / keys)) {
                firstSeen.computeIfAbsent(id % keys, k -> new ArrayList<>()).add(id / keys);
            }
        }
        return firstSeen;
    }

    /**
     * Distinct attempt errors (code: message, with a count) other than {@code except}, over every record's attempts,
     * successful or failed; for diagnosing what else went wrong during a fault.
     */
    static Map<String, Long> otherAttemptErrors(Ledger ledger, String except) {
        Map<String, Long> out = new TreeMap<>();
        for (Ledger.Sent s : ledger.all()) {
            for (io.github.kinesisproducer.Attempt a : attemptsOf(s.future())) {
                if (!a.successful() && !a.errorCode().equals(except)) {
                    String msg = String.valueOf(a.errorMessage());
                    out.merge(a.errorCode() + ": " + (msg.length() > 160 ? msg.substring(0, 160) : msg), 1L, Long::sum);
                }
            }
        }
        return out;
    }

    /** Every attempt of a record, from its result or its failure; empty if it never completed or never went out. */
    static List<io.github.kinesisproducer.Attempt> attemptsOf(CompletableFuture<RecordResult> f) {
        if (f.isDone() && !f.isCompletedExceptionally()) {
            return f.join().attempts();
        }
        return failure(f) instanceof RecordFailedException r ? r.attempts() : List.of();
    }

    /** True if some failed attempt of the record had an unknown outcome, so a stored duplicate is explained. */
    static boolean outcomeUnknownAttempt(CompletableFuture<RecordResult> f) {
        if (failure(f) instanceof io.github.kinesisproducer.ProducerClosedException) {
            return true; // failed by a close deadline, possibly with a request in flight
        }
        // The producer's own verdict, checked here against what the emulator really stored: a duplicate or a
        // failed-but-stored record without it is "unexplained", and the tests require none.
        for (io.github.kinesisproducer.Attempt a : attemptsOf(f)) {
            if (a.outcomeUnknown()) {
                return true;
            }
        }
        return false;
    }

    /** The error code a failed future carries: RecordFailedException's code, else the exception's class name. */
    static String errorCode(CompletableFuture<?> f) {
        Throwable t = failure(f);
        if (t instanceof RecordFailedException r) {
            return r.errorCode();
        }
        return t == null ? "none" : t.getClass().getSimpleName();
    }

    /** The exception a completed-exceptionally future holds (unwrapped), or null. */
    static Throwable failure(CompletableFuture<?> f) {
        if (!f.isCompletedExceptionally()) {
            return null;
        }
        try {
            f.join();
            return null;
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    /**
     * Prints the test's figures on one line and appends them to {@link #FIGURES_FILE}:
     * {@code FAULT-FIGURES <test> sent=.. acked=.. failed=..{code=n} lost=.. duplicated=.. unresolved=.. elapsed=..}
     * followed by the producer's metrics and anything test-specific.
     */
    static String report(String test, Outcome o, Duration elapsed, ProducerMetrics m, String extra) {
        StringBuilder b = new StringBuilder("FAULT-FIGURES ").append(test)
                .append(" sent=").append(o.sent())
                .append(" acked=").append(o.acked())
                .append(" failed=").append(o.failed()).append(o.failedByCode().isEmpty() ? "" : o.failedByCode())
                .append(" lost=").append(o.lost())
                .append(" duplicated=").append(o.duplicated())
                .append(" unresolved=").append(o.unresolved())
                .append(" elapsed=").append(String.format(Locale.ROOT, "%.1fs", elapsed.toMillis() / 1000.0))
                .append(" | stored=").append(o.storedUserRecords())
                .append(" failedButStored=").append(o.failedButStored())
                .append(" outcomeUnknown=").append(o.outcomeUnknown());
        if (m != null) {
            b.append(" putCalls=").append(m.putRecordsCalls())
                    .append(" kinesisRecords=").append(m.kinesisRecordsPut())
                    .append(" retries=").append(m.retries())
                    .append(" throttles=").append(m.throttles())
                    .append(" attemptErrors=").append(m.errorsByCode());
        }
        if (extra != null && !extra.isEmpty()) {
            b.append(' ').append(extra);
        }
        String line = b.toString();
        keep(line);
        return line;
    }

    /** Prints a figures line and appends it to {@link #FIGURES_FILE}. */
    static void keep(String line) {
        System.out.println(line);
        try {
            Files.createDirectories(FIGURES_FILE.getParent());
            Files.writeString(FIGURES_FILE, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The suite's invariants: no future left unresolved, nothing lost, nothing foreign or mis-keyed, no sub-record
     * outside its shard, and every duplicate (or failed-but-stored record) explained by an attempt of unknown outcome.
     */
    static void assertDeliveryInvariants(Outcome o) {
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        soft.assertThat(o.unresolved()).as("unresolved futures").isZero();
        soft.assertThat(o.lost()).as("lost records").isZero();
        soft.assertThat(o.foreign()).as("stored records that were never sent").isZero();
        soft.assertThat(o.keyMismatch()).as("stored with another partition key").isZero();
        soft.assertThat(o.outOfShardRange()).as("sub-records outside their shard's range (the KCL drops those)")
                .isZero();
        soft.assertThat(o.unexplainedDuplicates()).as("duplicates without a timed-out/lost request").isZero();
        soft.assertThat(o.unexplainedFailedButStored()).as("failed-but-stored without a timed-out/lost request")
                .isZero();
        soft.assertAll();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Producer observation.

    /** Counts listener callbacks and lets a test wait for the first shard map (so records aggregate per shard). */
    static final class Observer implements ProducerListener {
        final CountDownLatch shardMap = new CountDownLatch(1);
        final AtomicLong throttled = new AtomicLong();
        final AtomicLong retriesScheduled = new AtomicLong();

        @Override
        public void shardMapLoaded(int openShards) {
            shardMap.countDown();
        }

        @Override
        public void throttled(String shardId) {
            throttled.incrementAndGet();
        }

        @Override
        public void retryScheduled(String errorCode, int userRecords) {
            retriesScheduled.incrementAndGet();
        }

        void awaitShardMap() {
            try {
                if (!shardMap.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no shard map within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Live threads whose name starts with {@code kinesis-producer-}. */
    static Set<Thread> producerThreads() {
        Set<Thread> out = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("kinesis-producer-") && t.isAlive()) {
                out.add(t);
            }
        }
        return out;
    }

    /** Waits up to {@code max} for the given threads to end; returns the names of those still alive. */
    static List<String> stillAlive(Set<Thread> threads, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        List<String> alive = new ArrayList<>();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    t.join(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                alive.add(t.getName());
            }
        }
        return alive;
    }
}
