package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.ProducerMetrics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The end of a send: the summary on stdout, then, if not all the input was sent, one line on stderr saying why and
 * where reading stopped, so the user can resend exactly the rest (resending everything would duplicate records).
 *
 * <p>Exit codes: 0 if every record was put, 3 if some failed; 1 if the input was not all read because of a read error,
 * even if records also failed: the input must be looked at first, and the summary shows the failures; 130 after
 * Ctrl-C. With {@code --json} the summary is one JSON object instead of the text.
 */
final class SendReport {
    private final String stream;
    private final Sender sender;
    private final Supplier<ProducerMetrics> metrics;
    private final PrintStream out;
    private final PrintStream err;
    private final Duration interruptDeadline;
    private final boolean json;

    SendReport(String stream, Sender sender, Supplier<ProducerMetrics> metrics, PrintStream out, PrintStream err,
            Duration interruptDeadline) {
        this(stream, sender, metrics, out, err, interruptDeadline, false);
    }

    SendReport(String stream, Sender sender, Supplier<ProducerMetrics> metrics, PrintStream out, PrintStream err,
            Duration interruptDeadline, boolean json) {
        this.json = json;
        this.stream = stream;
        this.sender = sender;
        this.metrics = metrics;
        this.out = out;
        this.err = err;
        this.interruptDeadline = interruptDeadline;
    }

    /** Prints the report and returns the exit code. */
    int print(boolean interrupted) {
        ProducerMetrics m = metrics.get();
        SendSummary summary = SendSummary.of(sender, m);
        int code = interrupted ? ExitCode.INTERRUPTED : sender.readError() != null ? ExitCode.ERROR
                : summary.allSucceeded() ? ExitCode.OK : ExitCode.RECORDS_FAILED;
        if (json) {
            String outcome = interrupted ? "interrupted" : sender.readError() != null ? "read-error"
                    : summary.allSucceeded() ? "ok" : "records-failed";
            out.println(JsonText.of(SendJson.of(stream, sender, m, outcome, code)));
        } else {
            out.print("Sent to stream " + stream + ":" + System.lineSeparator() + summary.render());
        }
        out.flush();
        if (interrupted) {
            err.println(interruptedLine());
        } else if (sender.readError() != null) {
            err.println("error: " + readErrorLine());
        }
        err.flush();
        return code;
    }

    String readErrorLine() {
        Exception e = sender.readError();
        String what = e instanceof InputException || e instanceof CliException ? e.getMessage() : Main.describe(e);
        long before = sender.recordsRead();
        String sent = before == 0 ? "no record before it was read, so nothing was sent"
                : "the " + records(before) + " before it " + (before == 1 ? "was" : "were")
                        + " handed over (see the summary); it and the rest of the input were not sent: fix it, then "
                        + "send only from there on, or records are sent twice";
        return what + ". Reading stopped there: " + sent;
    }

    String interruptedLine() {
        long deadline = sender.failuresByCode().getOrDefault(Sender.INTERRUPTED, 0L);
        StringBuilder b = new StringBuilder("interrupted: ").append(records(sender.succeeded())).append(" sent, ")
                .append(Format.count(sender.failed())).append(" failed");
        if (deadline > 0) {
            b.append(" (").append(Format.count(deadline)).append(" not acknowledged within the ")
                    .append(interruptDeadline.toSeconds()).append(" s deadline: they may or may not have been stored)");
        }
        return b.append("; ").append(whereReadingStopped()).toString();
    }

    private String whereReadingStopped() {
        if (sender.allInputRead()) {
            return "all the input had been read";
        }
        if (sender.unsentPosition() != null) {
            return "reading stopped at " + sender.unsentPosition() + ": it and the rest of the input were not sent";
        }
        if (sender.readError() != null) {
            return readErrorLine();
        }
        String last = sender.lastPosition();
        return last == null ? "no record had been read: nothing was sent"
                : "reading stopped after " + last + ": the rest of the input was not sent";
    }

    private static String records(long n) {
        return Format.count(n) + (n == 1 ? " record" : " records");
    }
}
