package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.Attempt;
import io.github.kinesisproducer.internal.shards.ShardInfo;
import io.github.kinesisproducer.internal.shards.ShardMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates that Kinesis stored on a shard other than predicted. The KCL drops a whole aggregate if any sub-record's
 * hash key lies outside the shard it is read from, so such an aggregate succeeds only if every sub-record fits the
 * shard it landed on; otherwise its records are sent again and their results say they may be stored twice (readers
 * that do not filter by range, such as Lambda deaggregators, read both copies; the KCL reads each once).
 *
 * <p>Two causes, told apart by the landed shard's hash range, which never changes for a shard id:
 * <ul>
 *   <li>the shard covers the aggregate's own key: the stream was resharded. Once a fresh shard map says what the
 *       shard covers, the records are re-sent through the accumulator with the new map (aggregated again per shard);</li>
 *   <li>it does not: the stream ignored the key and placed the record itself (AUTO). The records are re-sent at once,
 *       each as its own Kinesis record, which the KCL never drops wherever it lands: at most one re-send.</li>
 * </ul>
 * Sender thread only.
 */
final class WrongShardHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WrongShardHandler.class);
    /** The error code of the attempt that stored an aggregate where some of its records do not belong. */
    static final String WRONG_SHARD = "WrongShard";

    interface Resender {
        /** Re-sends a record through the accumulator (aggregated again with the current map). */
        void resend(PendingRecord record, long nowNanos);

        /** Re-sends a record as its own Kinesis record, never aggregated. */
        void resendAlone(PendingRecord record, long nowNanos);

        /** A record landed on a shard that does not cover its key: the stream places records itself. */
        void keyIgnored(long nowNanos);
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

    /**
     * The aggregate landed on a known shard that does not cover its key (the stream placed it itself): succeeds if
     * every record fits that shard anyway, else its records are re-sent one per Kinesis record now.
     */
    void landedOffKey(OutRecord r, ShardInfo landed, String sequenceNumber, long nowNanos) {
        if (allInRange(r, landed)) {
            completions.succeed(r, landed.shardId(), sequenceNumber);
            return;
        }
        resend(new Landed(r, landed.shardId(), sequenceNumber, 0), true, nowNanos);
    }

    void onNewMap(ShardMap map, long version, long nowNanos) {
        List<Landed> due = new ArrayList<>();
        for (Iterator<Landed> it = waiting.iterator(); it.hasNext(); ) {
            Landed l = it.next();
            if (l.mapVersionSeen < version) {
                it.remove();
                due.add(l);
            }
        }
        for (Landed l : due) {
            ShardInfo landed = map.byId(l.shardId);
            if (landed != null && !landed.contains(l.record.placementKey())) {
                resender.keyIgnored(nowNanos);
                landedOffKey(l.record, landed, l.sequenceNumber, nowNanos);
            } else if (landed != null && allInRange(l.record, landed)) {
                completions.succeed(l.record, l.shardId, l.sequenceNumber);
            } else {
                resend(l, false, nowNanos);
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

    /**
     * Replaces the storing attempt in each record's history with a {@code WrongShard} attempt of unknown outcome (a
     * copy is stored where only readers that do not filter by range see it) and sends the records again.
     */
    private void resend(Landed l, boolean alone, long nowNanos) {
        OutRecord r = l.record;
        List<Attempt> history = new ArrayList<>(r.attempts);
        Attempt stored = history.remove(history.size() - 1);
        String why = alone ? ", a shard that does not cover some of its records: the stream places records itself "
                + "(RecordDistributionStrategy AUTO); re-sent as a record of its own"
                : ", outside some sub-records' hash range after a reshard; re-sent";
        history.add(new Attempt(stored.start(), stored.duration(), WRONG_SHARD, "stored inside a KPL aggregate on "
                + l.shardId + " as " + l.sequenceNumber + why + " (the KCL drops that copy, readers that do not "
                + "filter by hash range read it)", true));
        for (PendingRecord p : r.records) {
            if (!p.done) {
                List<Attempt> all = new ArrayList<>(p.priorAttempts);
                all.addAll(history);
                p.priorAttempts = all;
                if (alone) {
                    resender.resendAlone(p, nowNanos);
                } else {
                    resender.resend(p, nowNanos);
                }
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

    static boolean allInRange(OutRecord r, ShardInfo shard) {
        for (PendingRecord p : r.records) {
            if (p.hashKey == null || !shard.contains(p.hashKey)) {
                return false;
            }
        }
        return true;
    }
}
