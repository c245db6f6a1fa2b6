package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.ProducerMetrics;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Shows how a send is going on stderr: a redrawn bar on a terminal, a plain line every 2 s otherwise (logs, CI),
 * or nothing. Runs on its own daemon thread and only reads counters, so it never slows the send down.
 */
final class Progress implements AutoCloseable {
    /** Set by bin/kinesis-producer from {@code [ -t 2 ]}: Java 17 can only tell whether stdin and stdout are. */
    static final String TTY_PROPERTY = "kinesis.producer.stderr.tty";
    static final String COLUMNS_PROPERTY = "kinesis.producer.columns";
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
            boolean terminal = tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
            return terminal ? BAR : PLAIN;
        }
    }

    /** One reading of the counters, with rates; what a line is drawn from. */
    record Snapshot(long recordsPut, long recordsFailed, long bytesRead, long totalBytes, int inFlight,
            long retries, double recordsPerSecond, double bytesPerSecond, long etaSeconds) {

        /** 0–100, or -1 when the total size is unknown (stdin). */
        int percent() {
            return totalBytes <= 0 ? -1 : (int) Math.min(100, bytesRead * 100 / totalBytes);
        }

        String text(String separator) {
            StringBuilder b = new StringBuilder();
            b.append(Format.count(recordsPut)).append(" records");
            b.append(separator).append(Format.rate(recordsPerSecond, "rec"));
            b.append(separator).append(Format.megabytesPerSecond(bytesPerSecond));
            b.append(separator).append("in flight ").append(inFlight);
            b.append(separator).append("retries ").append(Format.count(retries));
            if (recordsFailed > 0) {
                b.append(separator).append("failed ").append(Format.count(recordsFailed));
            }
            if (totalBytes > 0) {
                b.append(separator).append("ETA ").append(etaSeconds < 0 ? "--:--" : Format.clock(etaSeconds));
            }
            return b.toString();
        }

        /** {@code [=====>    ]  42% | 12,345 records | ...}, cut to fit {@code columns}. */
        String bar(int columns) {
            String text = text(" | ");
            String pct = percent() < 0 ? "" : String.format(java.util.Locale.ROOT, "%3d%% | ", percent());
            int room = columns - 1 - text.length() - pct.length() - 3;
            String bar = "";
            if (percent() >= 0 && room >= 10) {
                int width = Math.min(room, 30);
                int filled = width * percent() / 100;
                bar = "[" + "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "")
                        + "] ";
            }
            String line = bar + pct + text;
            return line.length() < columns ? line : line.substring(0, Math.max(0, columns - 1));
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
    private final LongSupplier failed;
    private final int columns;
    private final ScheduledExecutorService timer;
    // Recent readings, oldest first: rates are taken over a window because results arrive in lumps (one
    // PutRecords call acknowledges thousands of aggregated records at once), which makes instant rates jump.
    private final ArrayDeque<long[]> window = new ArrayDeque<>();
    private int drawnLength;

    private Progress(Mode mode, PrintStream err, LongSupplier bytesRead, long totalBytes,
            Supplier<ProducerMetrics> metrics, LongSupplier failed) {
        this.mode = mode;
        this.err = err;
        this.bytesRead = bytesRead;
        this.totalBytes = totalBytes;
        this.metrics = metrics;
        this.failed = failed;
        this.columns = columns();
        window.add(new long[] {System.nanoTime(), 0, 0, bytesRead.getAsLong()});
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
        timer.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * @param totalBytes the inputs' total size for a percentage and ETA, or -1
     * @param failed records failed so far
     */
    static Progress start(Mode mode, PrintStream err, LongSupplier bytesRead, long totalBytes,
            Supplier<ProducerMetrics> metrics, LongSupplier failed) {
        return new Progress(mode.resolve(), err, bytesRead, totalBytes, metrics, failed);
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
        ProducerMetrics m = metrics.get();
        long now = System.nanoTime();
        long read = bytesRead.getAsLong();
        long[] current = {now, m.userRecordsPut(), m.bytesPut(), read};
        window.addLast(current);
        while (window.size() > 2 && now - window.peekFirst()[0] > WINDOW_NANOS) {
            window.removeFirst();
        }
        long[] oldest = window.peekFirst();
        double seconds = (now - oldest[0]) / 1e9;
        double recordRate = seconds <= 0 ? 0 : (current[1] - oldest[1]) / seconds;
        double byteRate = seconds <= 0 ? 0 : (current[2] - oldest[2]) / seconds;
        double readRate = seconds <= 0 ? 0 : (current[3] - oldest[3]) / seconds;
        long eta = totalBytes <= 0 ? -1 : read >= totalBytes ? 0
                : readRate < 1 ? -1 : (long) Math.ceil((totalBytes - read) / readRate);
        return new Snapshot(m.userRecordsPut(), failed.getAsLong(), read, totalBytes, m.inFlightRequests(),
                m.retries(), recordRate, byteRate, eta);
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
        if (timer == null) {
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
}
