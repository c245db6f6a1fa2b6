package io.github.kinesisproducer.bench;

import java.util.List;

/** One producer under test, driven by {@link RunnerMain}. All sends come from one thread. */
public interface ProducerDriver extends AutoCloseable {
    /** Completion callback: called once per record, from any thread. */
    interface Completion {
        void done(int index, boolean ok);
    }

    /** Creates the producer against the sink; returns after the producer is ready to send. */
    void start(RunOptions options) throws Exception;

    /** Sends record {@code index}; must call {@code completion.done(index, ok)} exactly once, eventually. */
    void send(int index, String partitionKey, byte[] data, Completion completion) throws Exception;

    /** Called after the last send of a phase: push out anything buffered (no need to wait). */
    void flush() throws Exception;

    /** PIDs of helper processes whose CPU and RSS count as the producer's (the KPL's native daemon). */
    default List<Long> helperPids() {
        return List.of();
    }

    @Override
    void close() throws Exception;
}
