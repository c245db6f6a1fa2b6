package io.github.kinesisproducer.flink.it;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Tags each record with where it was made: {@code index|subtask|attempt|epoch|padding}, where {@code attempt} is the
 * subtask's execution attempt (0, then 1, 2, ... after restarts) and {@code epoch} is the id of the last checkpoint
 * this subtask took before emitting the record (0: none yet, or restored without one). A record of epoch {@code e}
 * was emitted after checkpoint {@code e}'s barrier, so a restore from checkpoint {@code C} replays exactly the
 * records of epoch {@code >= C}; records of epoch {@code < C} must never come back.
 *
 * <p>Optionally throws once, in attempt 0, on one record: the injected task failure.
 */
final class TaggedRecords extends RichMapFunction<Long, String> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    /** "subtask/attempt" → the checkpoint that attempt restored (0: none). Static: the MiniCluster runs in this JVM. */
    static final Map<String, Long> RESTORED = new ConcurrentHashMap<>();

    private final long failAt;
    private transient int subtask;
    private transient int attempt;
    private transient long epoch;

    /** @param failAt the index whose record fails attempt 0 once, or -1 */
    TaggedRecords(long failAt) {
        this.failAt = failAt;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
        epoch = context.getRestoredCheckpointId().orElse(0);
        RESTORED.put(subtask + "/" + attempt, epoch);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        epoch = context.getCheckpointId();
    }

    @Override
    public String map(Long index) {
        if (attempt == 0 && index == failAt) {
            throw new IllegalStateException("injected task failure at record " + index);
        }
        String head = String.format("%09d|%d|%d|%d|", index, subtask, attempt, epoch);
        return head + "x".repeat(Math.max(0, Records.SIZE - head.length()));
    }

    /** One record as read back. */
    record Tag(long index, int subtask, int attempt, long epoch) {
        static Tag parse(String text) {
            String[] p = text.split("\\|", 5);
            return new Tag(Long.parseLong(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                    Long.parseLong(p[3]));
        }
    }
}
