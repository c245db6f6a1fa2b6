package io.github.kinesisproducer.flink.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks what a failover job left on the stream: every record at least once, and every duplicate explained by a
 * replay: an earlier attempt's copy emitted after the checkpoint that the next attempt of its subtask restored.
 */
final class AtLeastOnceCheck {
    /** The figures of one run. */
    record Figures(long records, int restarts, long duplicates, long lost, long replayable, Map<String, Long> restored) {
        @Override
        public String toString() {
            return records + " records, " + restarts + " restarts (restored checkpoints by subtask/attempt: "
                    + restored + "), " + duplicates + " duplicates, " + lost + " lost; " + replayable
                    + " records were written after the restored checkpoints (the most a replay can repeat)";
        }
    }

    private AtLeastOnceCheck() {
    }

    static Figures check(List<KclReadBack.Read> reads, long n, Map<String, Long> restored) {
        Map<Long, List<TaggedRecords.Tag>> byIndex = new TreeMap<>();
        for (KclReadBack.Read r : reads) {
            TaggedRecords.Tag t = TaggedRecords.Tag.parse(r.text());
            byIndex.computeIfAbsent(t.index(), i -> new ArrayList<>()).add(t);
        }
        long lost = 0;
        for (long i = 0; i < n; i++) {
            if (!byIndex.containsKey(i)) {
                lost++;
            }
        }
        assertThat(lost).as("records missing from the stream").isZero();
        assertThat(byIndex).hasSize((int) n);

        long duplicates = 0;
        for (List<TaggedRecords.Tag> copies : byIndex.values()) {
            if (copies.size() == 1) {
                continue;
            }
            duplicates += copies.size() - 1;
            copies.sort(Comparator.comparingInt(TaggedRecords.Tag::attempt));
            for (int c = 0; c < copies.size() - 1; c++) {
                TaggedRecords.Tag earlier = copies.get(c);
                TaggedRecords.Tag later = copies.get(c + 1);
                assertThat(later.subtask()).as("copies of %s come from one subtask", earlier).isEqualTo(
                        earlier.subtask());
                assertThat(later.attempt()).as("a duplicate within one attempt (not a replay): %s and %s", earlier,
                        later).isGreaterThan(earlier.attempt());
                Long next = restored.get(earlier.subtask() + "/" + (earlier.attempt() + 1));
                assertThat(next).as("attempt %d of subtask %d restored a checkpoint", earlier.attempt() + 1,
                        earlier.subtask()).isNotNull();
                assertThat(earlier.epoch()).as("%s is stored twice although it was emitted before checkpoint %d, "
                        + "which the next attempt restored", earlier, next).isGreaterThanOrEqualTo(next);
            }
        }
        // What a replay can repeat: records of a failed attempt emitted after the checkpoint its successor restored.
        long replayable = 0;
        for (List<TaggedRecords.Tag> copies : byIndex.values()) {
            for (TaggedRecords.Tag t : copies) {
                Long next = restored.get(t.subtask() + "/" + (t.attempt() + 1));
                if (next != null && t.epoch() >= next) {
                    replayable++;
                }
            }
        }
        assertThat(duplicates).isLessThanOrEqualTo(replayable);
        int restarts = (int) restored.keySet().stream().filter(k -> !k.endsWith("/0")).count();
        return new Figures(n, restarts, duplicates, lost, replayable, new TreeMap<>(restored));
    }
}
