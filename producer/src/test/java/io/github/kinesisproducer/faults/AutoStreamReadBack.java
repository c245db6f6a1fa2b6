package io.github.kinesisproducer.faults;

import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.emulator.StoredRecord;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.internal.aggregation.KplDecoder;
import io.github.kinesisproducer.interop.InteropRecord;
import io.github.kinesisproducer.interop.KclDeaggregator;
import io.github.kinesisproducer.interop.UserRecord;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Reads a stream back as two kinds of consumer see it and compares with what was sent: a KCL application (the real
 * KCL deaggregator given each shard's hash range, so it drops an aggregate that landed on a shard not holding all its
 * records) and a reader that does not filter by range (a Lambda-side deaggregator, any plain GetRecords reader).
 * Payloads are {@link FaultSupport#payload}s, so every stored copy names its record.
 */
final class AutoStreamReadBack {
    private static final BigInteger MAX_HASH_KEY = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    /**
     * What one run gave.
     *
     * @param kinesisRecords Kinesis records in the stream
     * @param storedCopies user records a non-filtering reader gets (copies included)
     * @param duplicates of those, copies beyond the first
     * @param kclMissing records sent whose future did not fail but that a KCL reader does not get
     * @param kclDuplicates records a KCL reader gets more than once
     * @param flagged results that say {@code mayHaveBeenStoredTwice()}
     * @param unflaggedDuplicates records stored more than once whose result does not say so
     */
    record Figures(int sent, long succeeded, Map<String, Long> failedByCode, long kinesisRecords, long aggregates,
            long storedCopies, long duplicates, long kclMissing, long kclDuplicates, long flagged,
            long unflaggedDuplicates, long unresolved) {
    }

    private AutoStreamReadBack() {
    }

    /** @param futures the future of record id {@code i} at index {@code i} */
    static Figures evaluate(StreamAdmin admin, String stream, List<CompletableFuture<RecordResult>> futures) {
        Map<String, Shard> shards = new LinkedHashMap<>();
        for (Shard s : admin.listShards(stream)) {
            shards.put(s.shardId(), s);
        }
        Map<String, List<InteropRecord>> byShard = new LinkedHashMap<>();
        long kinesisRecords = 0;
        long aggregates = 0;
        for (StoredRecord r : admin.readAll(stream)) {
            kinesisRecords++;
            if (KplDecoder.decode(r.data()) != null) {
                aggregates++;
            }
            byShard.computeIfAbsent(r.shardId(), k -> new ArrayList<>())
                    .add(new InteropRecord(r.partitionKey(), r.data(), r.sequenceNumber()));
        }
        Map<Integer, Integer> kcl = new HashMap<>();
        Map<Integer, Integer> all = new HashMap<>();
        byShard.forEach((id, records) -> {
            Shard s = shards.get(id);
            count(kcl, KclDeaggregator.deaggregate(new BigInteger(s.hashKeyRange().startingHashKey()),
                    new BigInteger(s.hashKeyRange().endingHashKey()), records));
            count(all, KclDeaggregator.deaggregate(BigInteger.ZERO, MAX_HASH_KEY, records));
        });
        long succeeded = 0;
        long unresolved = 0;
        long kclMissing = 0;
        long flagged = 0;
        long unflagged = 0;
        Map<String, Long> failed = new java.util.TreeMap<>();
        for (int id = 0; id < futures.size(); id++) {
            CompletableFuture<RecordResult> f = futures.get(id);
            boolean twice = all.getOrDefault(id, 0) > 1;
            if (!f.isDone()) {
                unresolved++;
            } else if (f.isCompletedExceptionally()) {
                failed.merge(errorCode(f), 1L, Long::sum);
                continue;
            } else {
                succeeded++;
                boolean mayBeTwice = f.join().mayHaveBeenStoredTwice();
                flagged += mayBeTwice ? 1 : 0;
                unflagged += twice && !mayBeTwice ? 1 : 0;
            }
            kclMissing += kcl.getOrDefault(id, 0) == 0 ? 1 : 0;
        }
        long copies = all.values().stream().mapToLong(Integer::longValue).sum();
        return new Figures(futures.size(), succeeded, failed, kinesisRecords, aggregates, copies, copies - all.size(),
                kclMissing, kcl.values().stream().filter(n -> n > 1).count(), flagged, unflagged, unresolved);
    }

    private static void count(Map<Integer, Integer> into, List<UserRecord> records) {
        for (UserRecord r : records) {
            into.merge(FaultSupport.idOf(r.data()), 1, Integer::sum);
        }
    }

    private static String errorCode(CompletableFuture<?> f) {
        try {
            f.join();
            return "none";
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() instanceof io.github.kinesisproducer.RecordFailedException r ? r.errorCode()
                    : e.getCause().getClass().getSimpleName();
        }
    }

    /** Prints the run's figures as one line and keeps it with the fault suite's ({@link FaultSupport#keep}). */
    static void report(String test, int shards, Figures f, Duration elapsed, String extra) {
        FaultSupport.keep(String.format(Locale.ROOT, "AUTO-FIGURES %s shards=%d sent=%d succeeded=%d failed=%s "
                + "unresolved=%d kclMissing=%d kclDuplicates=%d kinesisRecords=%d aggregates=%d storedCopies=%d "
                + "duplicatesUnfiltered=%d flaggedMayBeTwice=%d unflaggedDuplicates=%d time=%.1fs %s", test, shards,
                f.sent(), f.succeeded(), f.failedByCode(), f.unresolved(), f.kclMissing(), f.kclDuplicates(),
                f.kinesisRecords(), f.aggregates(), f.storedCopies(), f.duplicates(), f.flagged(),
                f.unflaggedDuplicates(), elapsed.toMillis() / 1000.0, extra == null ? "" : extra));
    }
}
