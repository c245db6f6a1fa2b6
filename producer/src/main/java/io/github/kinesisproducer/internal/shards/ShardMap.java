package io.github.kinesisproducer.internal.shards;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable snapshot of a stream's shards. {@link #shardFor} binary-searches the open shards sorted by
 * ending hash key (the KPL's approach), over parallel primitive arrays so a lookup does not chase pointers
 * or allocate.
 *
 * <p>Open shards of a consistent snapshot are disjoint. A snapshot stitched together from pages read during
 * a reshard can still list overlapping open shards; then the map falls back to a linear scan in starting
 * hash key order, so the answer is still "the first open shard that contains the key" rather than a miss.
 */
public final class ShardMap {

    private static final ShardMap EMPTY = new ShardMap(List.of(), Map.of());

    /** Open shards sorted by starting hash key (equal to ending-key order when disjoint). */
    private final List<ShardInfo> openByStart;
    private final Map<String, ShardInfo> byId;
    private final ShardInfo[] sorted;
    private final long[] startHi;
    private final long[] startLo;
    private final long[] endHi;
    private final long[] endLo;
    private final boolean overlapping;
    private final boolean coversAll;

    private ShardMap(List<ShardInfo> openByStart, Map<String, ShardInfo> byId) {
        this.openByStart = openByStart;
        this.byId = byId;
        int n = openByStart.size();
        this.sorted = openByStart.toArray(new ShardInfo[0]);
        this.startHi = new long[n];
        this.startLo = new long[n];
        this.endHi = new long[n];
        this.endLo = new long[n];
        boolean overlap = false;
        boolean contiguous = n > 0 && sorted[0].startingHashKey().equals(HashKey.MIN)
                && sorted[n - 1].endingHashKey().equals(HashKey.MAX);
        for (int i = 0; i < n; i++) {
            ShardInfo s = sorted[i];
            startHi[i] = s.startingHashKey().hi();
            startLo[i] = s.startingHashKey().lo();
            endHi[i] = s.endingHashKey().hi();
            endLo[i] = s.endingHashKey().lo();
            if (i > 0) {
                HashKey prevEnd = sorted[i - 1].endingHashKey();
                int c = s.startingHashKey().compareTo(prevEnd);
                if (c <= 0) {
                    overlap = true;
                }
                // contiguous iff this start == previous end + 1
                if (c <= 0 || !isSuccessor(prevEnd, s.startingHashKey())) {
                    contiguous = false;
                }
            }
        }
        this.overlapping = overlap;
        this.coversAll = contiguous;
    }

    /**
     * Builds a map from a ListShards result; accepts open and closed shards. If a shard id appears twice
     * (pages read while the stream changed), a closed entry wins over an open one, because a shard never
     * reopens; otherwise the later entry wins.
     */
    public static ShardMap of(List<ShardInfo> shards) {
        Objects.requireNonNull(shards, "shards");
        if (shards.isEmpty()) {
            return EMPTY;
        }
        Map<String, ShardInfo> byId = new LinkedHashMap<>();
        for (ShardInfo s : shards) {
            Objects.requireNonNull(s, "shard");
            ShardInfo prev = byId.get(s.shardId());
            if (prev == null || prev.open() || !s.open()) {
                byId.put(s.shardId(), s);
            }
        }
        List<ShardInfo> open = new ArrayList<>();
        for (ShardInfo s : byId.values()) {
            if (s.open()) {
                open.add(s);
            }
        }
        open.sort(Comparator.comparing(ShardInfo::startingHashKey).thenComparing(ShardInfo::endingHashKey));
        return new ShardMap(Collections.unmodifiableList(open), Collections.unmodifiableMap(new HashMap<>(byId)));
    }

    public static ShardMap empty() {
        return EMPTY;
    }

    /** The open shard whose range contains key, or null if none does (a gap, or an empty map). */
    public ShardInfo shardFor(HashKey key) {
        long kh = key.hi();
        long kl = key.lo();
        if (overlapping) {
            for (int i = 0; i < sorted.length; i++) {
                if (HashKey.compare(startHi[i], startLo[i], kh, kl) <= 0
                        && HashKey.compare(kh, kl, endHi[i], endLo[i]) <= 0) {
                    return sorted[i];
                }
            }
            return null;
        }
        // Lowest index whose ending key is >= key; disjoint ranges sorted by start are sorted by end too.
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (HashKey.compare(endHi[mid], endLo[mid], kh, kl) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == sorted.length || HashKey.compare(startHi[lo], startLo[lo], kh, kl) > 0) {
            return null;
        }
        return sorted[lo];
    }

    /** Any known shard, open or closed, or null. */
    public ShardInfo byId(String shardId) {
        return byId.get(shardId);
    }

    /** Open shards sorted by starting hash key; unmodifiable. */
    public List<ShardInfo> openShards() {
        return openByStart;
    }

    /** Every known shard, open and closed, in no particular order; unmodifiable. */
    public Collection<ShardInfo> allShards() {
        return byId.values();
    }

    /** True iff there are no open shards. */
    public boolean isEmpty() {
        return sorted.length == 0;
    }

    public int openShardCount() {
        return sorted.length;
    }

    /**
     * True iff the open shards tile 0 … 2^128−1 with no gap and no overlap, as a consistent snapshot of a
     * healthy stream does; a caller can treat anything else as stale and refresh.
     */
    public boolean coversAllHashKeys() {
        return coversAll;
    }

    private static boolean isSuccessor(HashKey prev, HashKey next) {
        long lo = prev.lo() + 1;
        long hi = lo == 0 ? prev.hi() + 1 : prev.hi();
        return next.lo() == lo && next.hi() == hi && !prev.equals(HashKey.MAX);
    }

    @Override
    public String toString() {
        return "ShardMap[open=" + sorted.length + ", known=" + byId.size() + ", coversAll=" + coversAll
                + (overlapping ? ", overlapping" : "") + "]";
    }
}
