package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.internal.protocol.ListedShard;
import io.github.kinesisproducer.interop.InteropRecord;
import io.github.kinesisproducer.interop.KclDeaggregator;
import io.github.kinesisproducer.interop.UserRecord;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What readers of a {@link FakeKinesis} stream see: a KCL application (the real KCL deaggregator, given each shard's
 * hash range, so aggregates that landed off their records' shards are dropped as the KCL drops them) and a reader
 * that does not filter by range (a Lambda-side deaggregator, a plain GetRecords reader). Counts user records by
 * payload.
 */
final class KclView {
    /** Copies of each payload a KCL reader gets. */
    final Map<String, Integer> kcl = new HashMap<>();
    /** Copies of each payload a reader that does not filter by range gets. */
    final Map<String, Integer> unfiltered = new HashMap<>();

    KclView(FakeKinesis kinesis) {
        Map<String, ListedShard> shards = new LinkedHashMap<>();
        for (ListedShard s : kinesis.listShards("any").join()) {
            shards.put(s.shardId(), s);
        }
        Map<String, List<InteropRecord>> byShard = new LinkedHashMap<>();
        for (FakeKinesis.Stored s : kinesis.stored()) {
            byShard.computeIfAbsent(s.shardId(), k -> new ArrayList<>()).add(new InteropRecord(
                    s.partitionKey() == null ? "(none)" : s.partitionKey(), s.data(), s.sequenceNumber()));
        }
        BigInteger max = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        byShard.forEach((id, records) -> {
            ListedShard shard = shards.get(id);
            count(kcl, KclDeaggregator.deaggregate(new BigInteger(shard.startingHashKey()),
                    new BigInteger(shard.endingHashKey()), records));
            count(unfiltered, KclDeaggregator.deaggregate(BigInteger.ZERO, max, records));
        });
    }

    private static void count(Map<String, Integer> into, List<UserRecord> records) {
        for (UserRecord r : records) {
            into.merge(new String(r.data(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
    }

    /** Payloads among {@code sent} that a KCL reader does not get. */
    List<String> missingForKcl(List<String> sent) {
        return sent.stream().filter(p -> !kcl.containsKey(p)).toList();
    }

    /** Payloads a KCL reader gets more than once. */
    long kclDuplicates() {
        return kcl.values().stream().filter(n -> n > 1).count();
    }

    /** Payloads stored more than once for a reader that does not filter by range. */
    List<String> storedTwice() {
        return unfiltered.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    }
}
