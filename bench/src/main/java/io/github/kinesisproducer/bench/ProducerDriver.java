package io.github.kinesisproducer.bench;

import java.util.List;

/**
 * One producer under test, driven by {@link RunnerMain}. All sends come from one thread. Implementations need a public
 * no-argument constructor: the runner JVM creates them by class name (bench/runners.properties), so that a runner
 * compiled against one API (the KPL's) can run on any class path that provides it.
 */
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

    /** How records travel to the sink, for the result table: "http", "https" or "none". */
    default String transport(RunOptions options) {
        return options.tls ? "https" : "http";
    }

    /** False for a producer that sends nothing to the sink (its records are not counted there). */
    default boolean sendsToSink() {
        return true;
    }

    /** What implements the producer, for the record: the jar its main class came from ("-" when none). */
    default String implementation() {
        return "-";
    }

    /** The file name of the jar (or directory) {@code c} was loaded from. */
    static String jarOf(Class<?> c) {
        try {
            java.security.CodeSource cs = c.getProtectionDomain().getCodeSource();
            return cs == null ? "-" : java.nio.file.Path.of(cs.getLocation().toURI()).getFileName().toString();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return "-";
        }
    }

    /**
     * Milliseconds from the start of {@link #start} to the acknowledgement of its probe record: what building the
     * producer and getting a first record stored costs in this JVM (class loading included; the KPL's daemon start);
     * -1 when the driver does not measure it.
     */
    default long startupMillis() {
        return -1;
    }

    /** PIDs of helper processes whose CPU and RSS count as the producer's (the KPL's native daemon). */
    default List<Long> helperPids() {
        return List.of();
    }

    @Override
    void close();
}
