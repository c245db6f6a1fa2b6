package io.github.kinesisproducer.internal;

import io.github.kinesisproducer.Attempt;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates that Kinesis stored on a shard other than predicted (the stream was resharded). The KCL drops a whole
 * aggregate if any sub-record's hash key lies outside the shard it is read from, so once a fresh shard map says
 * what the landed shard covers, an aggregate whose sub-records all fit succeeds, and any other is re-sent
 * record by record through the accumulator with the new map. The re-send can duplicate the in-range
 * sub-records for consumers that do not check ranges (Lambda deaggregators); the KCL sees each exactly once.
 * Sender thread only.
 */
final class WrongShardHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WrongShardHandler.class);

    interface Resender {
        void resend(PendingRecord record, long nowNanos);
    }

    private record Landed(OutRecord record, String shardId, String sequenceNumber, long mapVersionSeen) {
    }

    private final Completions completions;
    private final Resender resender;
    private final List<Landed> waiting = new ArrayList<>();

    WrongShardHandler(Completions completions, Resender resender) {
        this.completions = completions;
        this.resender = resender;
    }

    /** Holds the aggregate until a shard map newer than {@code mapVersion} is loaded. */
    void landedElsewhere(OutRecord r, String shardId, String sequenceNumber, ShardMap map, long mapVersion,
            long nowNanos) {
        waiting.add(new Landed(r, shardId, sequenceNumber, mapVersion));
    }

    void onNewMap(ShardMap map, long version, long nowNanos) {
        for (Iterator<Landed> it = waiting.iterator(); it.hasNext(); ) {
            Landed l = it.next();
            if (l.mapVersionSeen >= version) {
                continue;
            }
            it.remove();
            ShardInfo landed = map.byId(l.shardId);
            if (landed != null && allInRange(l.record, landed)) {
                completions.succeed(l.record, l.shardId, l.sequenceNumber);
            } else {
                resend(l, nowNanos);
            }
        }
    }

    /** Aggregates that waited past their time-to-live: they are stored, so report success rather than lose them. */
    void expire(long nowNanos) {
        for (Iterator<Landed> it = waiting.iterator(); it.hasNext(); ) {
            Landed l = it.next();
            if (l.record.deadlineNanos <= nowNanos) {
                it.remove();
                LOG.warn("No fresh shard map before the records' TTL: reporting an aggregate stored on {} as put; "
                        + "the KCL may drop it if the stream was resharded", l.shardId);
                completions.succeed(l.record, l.shardId, l.sequenceNumber);
            }
        }
    }

    long nextWakeNanos() {
        long min = Long.MAX_VALUE;
        for (Landed l : waiting) {
            min = Math.min(min, l.record.deadlineNanos);
        }
        return min;
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    void abort(RuntimeException reason) {
        for (Landed l : waiting) {
            completions.fail(l.record, x -> reason);
        }
        waiting.clear();
    }

    private void resend(Landed l, long nowNanos) {
        OutRecord r = l.record;
        List<Attempt> history = new ArrayList<>(r.attempts);
        Attempt stored = history.remove(history.size() - 1);
        history.add(new Attempt(stored.start(), stored.duration(), "WrongShard", "stored on " + l.shardId
                + " as " + l.sequenceNumber + ", outside some sub-records' hash range after a reshard; re-sent"));
        for (PendingRecord p : r.records) {
            if (!p.done) {
                List<Attempt> all = new ArrayList<>(p.priorAttempts);
                all.addAll(history);
                p.priorAttempts = all;
                resender.resend(p, nowNanos);
            }
        }
    }

    static List<Attempt> concat(List<Attempt> a, List<Attempt> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<Attempt> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    private static boolean allInRange(OutRecord r, ShardInfo shard) {
        for (PendingRecord p : r.records) {
            if (p.hashKey == null || !shard.contains(p.hashKey)) {
                return false;
            }
        }
        return true;
    }
}
