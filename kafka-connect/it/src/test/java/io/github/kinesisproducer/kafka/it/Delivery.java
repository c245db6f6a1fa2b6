package io.github.kinesisproducer.kafka.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What reached the stream, against what was written to Kafka: the records of one topic carry
 * {@code topic|partition|offset|padding}, so each read record names its Kafka partition and offset. Counts missing and
 * duplicated records per partition, and checks the order of first arrivals.
 */
final class Delivery {
    final Map<Integer, Long> expectedPerPartition;
    /** Per partition: how often each offset arrived. */
    final Map<Integer, Map<Long, Integer>> copies = new TreeMap<>();
    /** Per partition: offsets in the order they were read (one shard per partition with topic-partition keys). */
    final Map<Integer, List<Long>> readOrder = new TreeMap<>();
    int aggregated;
    int total;
    int otherTopics;

    Delivery(String topic, Map<Integer, Long> expectedPerPartition, List<KclReadBack.Read> reads) {
        this.expectedPerPartition = expectedPerPartition;
        for (KclReadBack.Read r : reads) {
            String[] parts = r.data().split("\\|", 4);
            if (!parts[0].equals(topic)) {
                otherTopics++;
                continue;
            }
            total++;
            if (r.aggregated()) {
                aggregated++;
            }
            int partition = Integer.parseInt(parts[1]);
            long offset = Long.parseLong(parts[2]);
            copies.computeIfAbsent(partition, p -> new HashMap<>()).merge(offset, 1, Integer::sum);
            readOrder.computeIfAbsent(partition, p -> new ArrayList<>()).add(offset);
        }
    }

    static String payload(String topic, int partition, long offset, int size) {
        StringBuilder b = new StringBuilder(topic).append('|').append(partition).append('|').append(offset).append('|');
        while (b.length() < size) {
            b.append((char) ('a' + b.length() % 26));
        }
        return b.toString();
    }

    long missing() {
        long n = 0;
        for (Map.Entry<Integer, Long> e : expectedPerPartition.entrySet()) {
            Map<Long, Integer> c = copies.getOrDefault(e.getKey(), Map.of());
            for (long o = 0; o < e.getValue(); o++) {
                if (!c.containsKey(o)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Extra copies, over every partition. */
    long duplicates() {
        long n = 0;
        for (Map<Long, Integer> c : copies.values()) {
            for (int k : c.values()) {
                n += k - 1;
            }
        }
        return n;
    }

    /** Per partition, the lowest offset that arrived more than once (absent: none did). */
    Map<Integer, Long> lowestDuplicatedOffset() {
        Map<Integer, Long> out = new TreeMap<>();
        copies.forEach((p, c) -> c.forEach((o, k) -> {
            if (k > 1) {
                out.merge(p, o, Math::min);
            }
        }));
        return out;
    }

    /** Partitions whose first arrivals are not in offset order, with the first offset out of place. */
    Map<Integer, Long> outOfOrder() {
        Map<Integer, Long> out = new TreeMap<>();
        readOrder.forEach((p, offsets) -> {
            long highest = -1;
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (long o : offsets) {
                if (!seen.add(o)) {
                    continue; // a later copy of a record already seen
                }
                if (o < highest) {
                    out.putIfAbsent(p, o);
                }
                highest = Math.max(highest, o);
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "Delivery[" + total + " read (" + aggregated + " from KPL aggregates), expected "
                + expectedPerPartition.values().stream().mapToLong(Long::longValue).sum() + ", missing " + missing()
                + ", duplicates " + duplicates() + ", lowest duplicated offsets " + lowestDuplicatedOffset() + "]";
    }
}
