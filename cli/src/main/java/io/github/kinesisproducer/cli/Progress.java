package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.Clock;
import io.github.kinesisproducer.ProducerMetrics;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Shows how a send is going on stderr: a redrawn bar on a terminal, a plain line every 2 s otherwise (logs, CI),
 * or nothing. Runs on its own daemon thread and only reads counters, so it never slows the send down.
 *
 * <p>The percentage and ETA follow delivery (records acknowledged or failed), not reading: the producer buffers up
 * to 100,000 records, so the input can be read long before it is delivered.
 */
final class Progress implements AutoCloseable {
    /** Set by bin/kinesis-producer from {@code [ -t 2 ]}: Java 17 can only tell whether stdin and stdout are. */
    static final String TTY_PROPERTY = "kinesis.producer.stderr.tty";
    static final String COLUMNS_PROPERTY = "kinesis.producer.columns";
    /** At most 4 redraws a second: the bound is 10; fewer keeps a slow terminal or SSH link quiet. */
    private static final long BAR_INTERVAL_MS = 250;
    private static final long PLAIN_INTERVAL_MS = 2000;
    private static final long WINDOW_NANOS = 5_000_000_000L;

    /** The {@code --progress} choices. */
    enum Mode {
        AUTO, BAR, PLAIN, NONE;

        static Mode parse(String value) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(value)) {
                    return m;
                }
            }
            throw CliException.usage("--progress must be auto, bar, plain or none; got '" + value + "'");
        }

        /** AUTO becomes BAR on a terminal, PLAIN otherwise. */
        Mode resolve() {
            if (this != AUTO) {
                return this;
            }
            String tty = System.getProperty(TTY_PROPERTY);
            boolean terminal = tty != null ? Boolean.parseBoolean(tty) : stderrIsTerminal();
            return terminal ? BAR : PLAIN;
        }
    }

    /** The send's own counts, read from the display's thread. */
    interface Counts {
        /** Records taken from the input so far. */
        long recordsRead();

        /** Records Kinesis acknowledged. */
        long succeeded();

        /** Records that failed for good, including those refused before sending. */
        long failed();

        /** True once no more records will be read. */
        boolean readingFinished();
    }

    /** One reading of the counters, with rates; what a line is drawn from. */
    record Snapshot(long recordsPut, long recordsFailed, long recordsRead, boolean readingFinished, long bytesRead,
            long totalBytes, int inFlight, long retries, double recordsPerSecond, double bytesPerSecond,
            long etaSeconds) {

        /** Records read and handed over but not yet acknowledged or failed. */
        long outstanding() {
            return Math.max(0, recordsRead - recordsPut - recordsFailed);
        }

        /**
         * The share of the whole input delivered, 0–100: delivered out of read, times the share of the input read.
         * -1 when it cannot be known (stdin, still being read).
         */
        int percent() {
            double read;
            if (readingFinished) {
                read = 1;
            } else if (totalBytes > 0) {
                read = Math.min(1, (double) bytesRead / totalBytes);
            } else {
                return -1;
            }
            double delivered = recordsRead == 0 ? (readingFinished ? 1 : 0)
                    : Math.min(1, (double) (recordsPut + recordsFailed) / recordsRead);
            return (int) Math.floor(read * delivered * 100);
        }

        /**
         * One piece of a progress line, with a short form for narrow terminals.
         *
         * @param rank how long a narrow line keeps it: 0 longest (what was sent), then failures, ETA, rates...
         */
        private record Part(String longForm, String shortForm, int rank) {
        }

        /** The parts in reading order: what was sent, how fast, what is pending, and when it ends. */
        private java.util.List<Part> parts() {
            java.util.List<Part> p = new java.util.ArrayList<>();
            p.add(new Part(Format.count(recordsPut) + " sent", Format.count(recordsPut) + " sent", 0));
            if (recordsFailed > 0) {
                p.add(new Part("failed " + Format.count(recordsFailed), Format.count(recordsFailed) + " failed", 1));
            }
            p.add(new Part(Format.rate(recordsPerSecond, "rec"), Format.rate(recordsPerSecond, "rec"), 3));
            p.add(new Part(Format.mebibytesPerSecond(bytesPerSecond),
                    Format.mebibytesPerSecond(bytesPerSecond).replace(" ", ""), 4));
            if (readingFinished && outstanding() > 0) {
                p.add(new Part("all input read, waiting for " + Format.count(outstanding())
                        + (outstanding() == 1 ? " record" : " records"), "waiting " + Format.count(outstanding()), 5));
            }
            p.add(new Part("in flight " + inFlight, "fl " + inFlight, 6));
            p.add(new Part("retries " + Format.count(retries), "rt " + Format.count(retries), 7));
            if (percent() >= 0) {
                String eta = etaSeconds < 0 ? "--:--" : Format.clock(etaSeconds);
                p.add(new Part("ETA " + eta, "ETA " + eta, 2));
            }
            return p;
        }

        /** Every part in its long form: for log lines, which may be as long as they need. */
        String text(String separator) {
            StringBuilder b = new StringBuilder();
            for (Part part : parts()) {
                b.append(b.length() == 0 ? "" : separator).append(part.longForm());
            }
            return b.toString();
        }

        /**
         * {@code [=====>    ]  42% | 12,345 sent | ...}, always shorter than {@code columns} (a line as wide as the
         * terminal wraps on some terminals): when the long form does not fit, the short forms are used, then the
         * least important parts are left out, then the bar.
         */
        String bar(int columns) {
            int limit = columns - 1;
            String pct = percent() < 0 ? "" : String.format(java.util.Locale.ROOT, "%3d%%", percent());
            String full = join(pct, text(" | "), " | ");
            if (full.length() <= limit) {
                int room = limit - full.length() - 3;
                if (percent() >= 0 && room >= 10) {
                    int width = Math.min(room, 30);
                    int filled = width * percent() / 100;
                    return "[" + "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "")
                            + "] " + full;
                }
                return full;
            }
            java.util.List<Part> parts = parts();
            for (int keepBelow = 8; keepBelow > 0; keepBelow--) {
                StringBuilder b = new StringBuilder(pct.strip());
                for (Part part : parts) {
                    if (part.rank() < keepBelow) {
                        b.append(b.length() == 0 ? "" : " ").append(part.shortForm());
                    }
                }
                if (b.length() <= limit) {
                    return b.toString();
                }
            }
            return pct.length() <= limit ? pct : "";
        }

        private static String join(String first, String rest, String separator) {
            return first.isEmpty() ? rest : first + separator + rest;
        }

        /** {@code progress: 42% 12,345 records, ...}. */
        String plain() {
            return "progress: " + (percent() < 0 ? "" : percent() + "%, ") + text(", ");
        }
    }

    private final Mode mode;
    private final PrintStream err;
    private final LongSupplier bytesRead;
    private final long totalBytes;
    private final Supplier<ProducerMetrics> metrics;
    private final Counts counts;
    private final Clock clock;
    private final int columns;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledExecutorService timer;
    // Recent readings, oldest first: rates are taken over a window because results arrive in lumps (one
    // PutRecords call acknowledges thousands of aggregated records at once), which makes instant rates jump.
    private final ArrayDeque<long[]> window = new ArrayDeque<>();
    private int drawnLength;

    private Progress(Mode mode, PrintStream err, LongSupplier bytesRead, long totalBytes,
            Supplier<ProducerMetrics> metrics, Counts counts, Clock clock) {
        this.mode = mode;
        this.err = err;
        this.bytesRead = bytesRead;
        this.totalBytes = totalBytes;
        this.metrics = metrics;
        this.counts = counts;
        this.clock = clock;
        this.columns = columns();
        window.add(new long[] {clock.nanoTime(), 0, 0, 0});
        if (mode == Mode.NONE) {
            this.timer = null;
            return;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kinesis-producer-progress");
            t.setDaemon(true);
            return t;
        });
        long every = mode == Mode.BAR ? BAR_INTERVAL_MS : PLAIN_INTERVAL_MS;
        // Ends when close() shuts the timer down; a tick that throws is caught inside tick().
        java.util.concurrent.ScheduledFuture<?> unused = timer.scheduleAtFixedRate(this::tick, every, every,
                TimeUnit.MILLISECONDS);
    }

    /**
     * @param totalBytes the inputs' total size for a percentage and ETA, or -1
     * @param counts records read, acknowledged and failed so far
     */
    static Progress start(Mode mode, PrintStream err, LongSupplier bytesRead, long totalBytes,
            Supplier<ProducerMetrics> metrics, Counts counts) {
        return start(mode, err, bytesRead, totalBytes, metrics, counts, Clock.SYSTEM);
    }

    /** As above, with rates and the ETA measured on {@code clock} (the display still updates in real time). */
    static Progress start(Mode mode, PrintStream err, LongSupplier bytesRead, long totalBytes,
            Supplier<ProducerMetrics> metrics, Counts counts, Clock clock) {
        return new Progress(mode.resolve(), err, bytesRead, totalBytes, metrics, counts, clock);
    }

    private static int columns() {
        String v = System.getProperty(COLUMNS_PROPERTY, System.getenv("COLUMNS"));
        try {
            int n = v == null ? 80 : Integer.parseInt(v.trim());
            return n >= 20 ? n : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    private synchronized void tick() {
        try {
            Snapshot s = sample();
            if (mode == Mode.BAR) {
                draw(s.bar(columns));
            } else {
                err.println(s.plain());
            }
        } catch (RuntimeException e) {
            // A display problem must never end the send; the next tick tries again.
        }
    }

    /** Reads the counters; rates are averages over the last few seconds. */
    synchronized Snapshot sample() {
        // Reading first: a record counted as done is then always counted as read too.
        boolean finished = counts.readingFinished();
        long recordsRead = counts.recordsRead();
        long read = bytesRead.getAsLong();
        long put = counts.succeeded();
        long failed = counts.failed();
        ProducerMetrics m = metrics.get();
        long now = clock.nanoTime();
        long[] current = {now, put, m.bytesPut(), put + failed};
        window.addLast(current);
        while (window.size() > 2 && now - window.peekFirst()[0] > WINDOW_NANOS) {
            window.removeFirst();
        }
        long[] oldest = window.peekFirst();
        double seconds = (now - oldest[0]) / 1e9;
        double recordRate = seconds <= 0 ? 0 : (current[1] - oldest[1]) / seconds;
        double byteRate = seconds <= 0 ? 0 : (current[2] - oldest[2]) / seconds;
        double doneRate = seconds <= 0 ? 0 : (current[3] - oldest[3]) / seconds;
        long eta = eta(finished, recordsRead, read, put + failed, doneRate);
        return new Snapshot(put, failed, recordsRead, finished, read, totalBytes, m.inFlightRequests(), m.retries(),
                recordRate, byteRate, eta);
    }

    /** Seconds until every record is delivered at the recent delivery rate; -1 if unknown. */
    private long eta(boolean finished, long recordsRead, long bytes, long done, double doneRate) {
        double total; // records in the whole input: known once read, else estimated from the bytes read so far
        if (finished) {
            total = recordsRead;
        } else if (totalBytes > 0 && bytes > 0) {
            total = (double) recordsRead * totalBytes / bytes;
        } else {
            return -1;
        }
        double remaining = total - done;
        if (remaining <= 0) {
            return 0;
        }
        return doneRate <= 0 ? -1 : (long) Math.ceil(remaining / doneRate);
    }

    private void draw(String line) {
        // Pad over the previous, longer line instead of ANSI erase codes: works on any terminal.
        int pad = Math.max(0, drawnLength - line.length());
        err.print("\r" + line + " ".repeat(pad));
        err.flush();
        drawnLength = line.length();
    }

    /** Stops updating; a bar is drawn a last time and left on its own line. */
    @Override
    public void close() {
        // Idempotent: the Ctrl-C hook stops the display too, from its own thread.
        if (timer == null || !closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (mode == Mode.BAR) {
                draw(sample().bar(columns));
                err.println();
            }
        }
    }

    /**
     * True if the tool runs on a terminal. Before Java 22 that is what a console at all means; from Java 22 on there is
     * always a console and {@code Console.isTerminal()} (called by reflection: the tool is built for Java 17) tells.
     */
    @SuppressWarnings("SystemConsoleNull") // null before Java 22 means no terminal; from 22 on isTerminal() tells
    static boolean stderrIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException beforeJava22) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
