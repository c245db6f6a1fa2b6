package io.github.kinesisproducer.faults;

import io.github.kinesisproducer.RecordResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Every record a test sent, with its future; evaluated against the read-back at the end. */
final class Ledger {
    record Sent(int id, String key, byte[] data, CompletableFuture<RecordResult> future) {
    }

    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    private final long startNanos = System.nanoTime();

    CompletableFuture<RecordResult> add(int id, String key, byte[] data, CompletableFuture<RecordResult> future) {
        sent.add(new Sent(id, key, data, future));
        return future;
    }

    int size() {
        return sent.size();
    }

    List<Sent> all() {
        synchronized (sent) {
            return new ArrayList<>(sent);
        }
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Waits (bounded) until every future is complete; returns how many are still not. */
    long awaitAll(Duration max) {
        CompletableFuture<?>[] fs = all().stream().map(Sent::future).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(fs).get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // some failed, or not all done: counted below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return all().stream().filter(s -> !s.future.isDone()).count();
    }

    Outcome evaluate(List<FaultSupport.UserRecord> stored) {
        Map<Integer, Integer> copies = new HashMap<>();
        int foreign = 0;
        int keyMismatch = 0;
        int outOfRange = 0;
        Map<Integer, String> keys = new HashMap<>();
        for (Sent s : all()) {
            keys.put(s.id, s.key);
        }
        for (FaultSupport.UserRecord u : stored) {
            int id = FaultSupport.idOf(u.data());
            if (id < 0 || !keys.containsKey(id)) {
                foreign++;
                continue;
            }
            copies.merge(id, 1, Integer::sum);
            if (!keys.get(id).equals(u.partitionKey())) {
                keyMismatch++;
            }
            if (!u.inShardRange()) {
                outOfRange++;
            }
        }
        long acked = 0;
        long unresolved = 0;
        long lost = 0;
        long duplicated = 0;
        long extraCopies = 0;
        long failedButStored = 0;
        long suspects = 0;
        long unexplainedDuplicates = 0;
        long unexplainedFailedButStored = 0;
        Map<String, Long> failedByCode = new TreeMap<>();
        for (Sent s : all()) {
            int n = copies.getOrDefault(s.id, 0);
            boolean failed = s.future.isCompletedExceptionally();
            if (!s.future.isDone()) {
                unresolved++;
            } else if (failed) {
                failedByCode.merge(FaultSupport.errorCode(s.future), 1L, Long::sum);
                if (n > 0) {
                    failedButStored++;
                }
            } else {
                acked++;
            }
            if (n == 0 && !failed) {
                lost++;
            }
            boolean suspect = FaultSupport.outcomeUnknownAttempt(s.future);
            if (suspect) {
                suspects++;
            }
            if (n > 1) {
                duplicated++;
                extraCopies += n - 1;
                if (!suspect) {
                    unexplainedDuplicates++;
                }
            }
            if (failed && n > 0 && !suspect) {
                unexplainedFailedButStored++;
            }
        }
        return new Outcome(size(), acked, failedByCode, unresolved, lost, duplicated, extraCopies,
                failedButStored, stored.size(), foreign, keyMismatch, outOfRange, suspects, unexplainedDuplicates,
                unexplainedFailedButStored);
    }
}
