package io.github.kinesisproducer.internal.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sealed Kinesis records waiting for a PutRecords call, one FIFO per predicted shard so that a throttled or
 * blocked shard never holds up the others. Builds requests round-robin over the shards. Sender thread only.
 */
final class ReadyQueue {
    private final Map<String, ArrayDeque<OutRecord>> byShard = new HashMap<>();
    /** Shards with waiting records, in round-robin order. */
    private final ArrayDeque<String> rotation = new ArrayDeque<>();
    private int count;
    private long bytes;

    /** Decides, per shard, whether its head record may go into the request being built. */
    interface Gate {
        /** True if the shard may not send now (strict ordering: a request in flight, or the head in backoff). */
        boolean blocked(String shardKey, OutRecord head, long nowNanos);

        /** Takes rate-limit tokens for the record; false if the shard is out of tokens. */
        boolean tryAcquire(String shardKey, OutRecord record, long nowNanos);

        /** How many records of one shard may go into one request (1 under strict ordering). */
        int perShardLimit();
    }

    void add(OutRecord r) {
        queueOf(r.shardKey()).addLast(r);
        count++;
        bytes += r.size;
    }

    /** Puts a record back at the head of its shard's queue (retries: they go before what was sealed after them). */
    void addFirst(OutRecord r) {
        queueOf(r.shardKey()).addFirst(r);
        count++;
        bytes += r.size;
    }

    int count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The earliest send-by time among the shard heads, or {@code Long.MAX_VALUE}. */
    long oldestSendByNanos() {
        long min = Long.MAX_VALUE;
        for (ArrayDeque<OutRecord> q : byShard.values()) {
            OutRecord head = q.peekFirst();
            if (head != null) {
                min = Math.min(min, head.sendByNanos);
            }
        }
        return min;
    }

    /** The earliest TTL deadline or backoff end among the shard heads, for the sender's wake-up. */
    long nextHeadEventNanos(long nowNanos) {
        long min = Long.MAX_VALUE;
        for (ArrayDeque<OutRecord> q : byShard.values()) {
            OutRecord head = q.peekFirst();
            if (head != null) {
                min = Math.min(min, head.deadlineNanos);
                if (head.notBeforeNanos > nowNanos) {
                    min = Math.min(min, head.notBeforeNanos);
                }
            }
        }
        return min;
    }

    /** Removes and hands over every head record whose TTL has passed (it waited too long behind limits). */
    void expireHeads(long nowNanos, Consumer<OutRecord> expired) {
        for (Iterator<ArrayDeque<OutRecord>> it = byShard.values().iterator(); it.hasNext(); ) {
            ArrayDeque<OutRecord> q = it.next();
            while (!q.isEmpty() && q.peekFirst().deadlineNanos <= nowNanos) {
                OutRecord r = q.pollFirst();
                count--;
                bytes -= r.size;
                expired.accept(r);
            }
        }
    }

    /** Removes and returns, in queue order, the records of every shard matching the predicate. */
    List<OutRecord> removeShards(java.util.function.Predicate<String> which) {
        List<OutRecord> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, ArrayDeque<OutRecord>>> it = byShard.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ArrayDeque<OutRecord>> e = it.next();
            if (which.test(e.getKey())) {
                for (OutRecord r : e.getValue()) {
                    out.add(r);
                    count--;
                    bytes -= r.size;
                }
                it.remove();
                rotation.remove(e.getKey());
            }
        }
        return out;
    }

    /** Removes every record (abort). */
    void drainAll(Consumer<OutRecord> to) {
        for (ArrayDeque<OutRecord> q : byShard.values()) {
            q.forEach(to);
        }
        byShard.clear();
        rotation.clear();
        count = 0;
        bytes = 0;
    }

    /**
     * Takes records for one PutRecords call: at most {@code maxRecords} records and {@code maxBytes} bytes,
     * round-robin over shards the gate lets through. Returns an empty list if nothing may go now.
     */
    List<OutRecord> takeRequest(int maxRecords, long maxBytes, Gate gate, long nowNanos) {
        List<OutRecord> out = new ArrayList<>(Math.min(maxRecords, count));
        long used = 0;
        int shards = rotation.size();
        for (int i = 0; i < shards && out.size() < maxRecords; i++) {
            String shard = rotation.pollFirst();
            ArrayDeque<OutRecord> q = byShard.get(shard);
            int taken = 0;
            int limit = gate.perShardLimit();
            if (!q.isEmpty() && !gate.blocked(shard, q.peekFirst(), nowNanos)) {
                while (!q.isEmpty() && out.size() < maxRecords && taken < limit) {
                    OutRecord head = q.peekFirst();
                    if (used + head.size > maxBytes || head.notBeforeNanos > nowNanos
                            || !gate.tryAcquire(shard, head, nowNanos)) {
                        break;
                    }
                    q.pollFirst();
                    out.add(head);
                    used += head.size;
                    taken++;
                }
            }
            if (q.isEmpty()) {
                byShard.remove(shard);
            } else {
                rotation.addLast(shard);
            }
        }
        count -= out.size();
        bytes -= used;
        return out;
    }

    private ArrayDeque<OutRecord> queueOf(String shard) {
        ArrayDeque<OutRecord> q = byShard.get(shard);
        if (q == null) {
            q = new ArrayDeque<>();
            byShard.put(shard, q);
            rotation.addLast(shard);
        }
        return q;
    }
}
