package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.ConfigFile;
import io.github.kinesisproducer.ProducerConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** {@code read}: prints a stream's user records. */
@Command(name = "read", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Print a stream's records, de-aggregating KPL records and splitting delimited ones.",
        description = {
            "Reads every shard of a stream and writes each user record to stdout (or --output). KPL aggregates are "
                    + "de-aggregated into their user records. Records sent with --aggregation delimited are split on "
                    + "the delimiter when --delimiter is given, or when send noted it for this stream on this "
                    + "machine. Other records are written as they are.",
            "Without --follow it stops once every shard is caught up; a count goes to stderr. Exit code 0, 1 on "
                    + "errors, 2 on wrong options, 130 when interrupted."},
        footer = {"", "Examples:",
            "  kinesis-producer read --stream orders --region eu-west-1 > orders.jsonl",
            "  kinesis-producer read -s blobs --format length-prefixed > blobs.bin",
            "  kinesis-producer read -s orders --format jsonl --max-records 10",
            "  kinesis-producer read -s orders --from at-timestamp:2026-01-01T08:00:00Z --follow --until-idle 30s"})
final class ReadCommand implements Callable<Integer> {
    private static final Duration REPORT_WAIT = Duration.ofSeconds(5);

    @Option(names = {"-s", "--stream"}, required = true, paramLabel = "NAME", description = "Stream to read.")
    String stream;

    @Mixin
    AwsOptions aws;

    @Option(names = "--from", paramLabel = "POSITION", defaultValue = "trim-horizon",
            description = "Where to start in each shard: trim-horizon (the oldest record kept, default), latest "
                    + "(only records that arrive from now on; use with --follow), at-timestamp:T (T as "
                    + "2026-01-01T08:00:00Z, 2026-01-01 or epoch seconds) or at-sequence:S (the shard that holds "
                    + "sequence number S, from S on).")
    String from;

    @Option(names = {"-f", "--follow"},
            description = "Keep reading as records arrive (polling about once a second when idle) until Ctrl-C.")
    boolean follow;

    @Option(names = "--until-idle", paramLabel = "DURATION",
            description = "Follow, and stop once no record has arrived for DURATION (e.g. 10s, 2m).")
    String untilIdle;

    @Option(names = {"-n", "--max-records"}, paramLabel = "N", description = "Stop after N user records.")
    Long maxRecords;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "lines",
            description = "lines (default: the data and a newline), raw (the data only), length-prefixed (a 4-byte "
                    + "big-endian length before each record: send --framing length-prefixed reads it back), jsonl "
                    + "(one JSON object per record: shard, sequence and sub-sequence number, partition key, explicit "
                    + "hash key, arrival time, and data as UTF-8 text or dataBase64), base64 (one line per record).")
    String format;

    @Option(names = {"-k", "--show-keys"},
            description = "With --format lines or base64: print each record's partition key and a tab first.")
    boolean showKeys;

    @Option(names = {"-d", "--delimiter"}, paramLabel = "D",
            description = "Split records that are not KPL aggregates on D (as send --aggregation delimited joined "
                    + "them; escapes \\n, \\r, \\t, \\0, \\\\). 'none' keeps them whole. Default: what send noted for "
                    + "this stream on this machine, else none.")
    String delimiter;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the records to FILE, not stdout.")
    Path output;

    @Option(names = "--json",
            description = "Print the summary as one JSON object: on stdout with --output, else on stderr (stdout "
                    + "carries the records).")
    boolean json;

    private final OutputStream out;
    private final PrintStream textOut;
    private final PrintStream err;

    /**
     * @param out where records go: stdout's file descriptor itself, so that write errors are seen
     * @param textOut stdout as text, for the JSON summary with --output
     */
    ReadCommand(OutputStream out, PrintStream textOut, PrintStream err) {
        this.out = out;
        this.textOut = textOut;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        RecordFormat recordFormat = RecordFormat.parse(format);
        if (showKeys && !recordFormat.showsKeys()) {
            throw CliException.usage("--show-keys only applies with --format lines or base64 (jsonl has the key)");
        }
        StreamReader.Start start = parseFrom(from);
        Duration idle = untilIdle == null ? null : duration("--until-idle", untilIdle);
        if (maxRecords != null && maxRecords < 1) {
            throw CliException.usage("--max-records must be at least 1; got " + maxRecords);
        }
        OptionCheck.check("--stream", OptionCheck.quote(stream), () -> ProducerConfig.builder().streamName(stream));
        byte[] split = splitOn();
        StreamReader.Stop stop = new StreamReader.Stop(follow || idle != null, idle,
                maxRecords == null ? 0 : maxRecords);
        AtomicBoolean stopped = new AtomicBoolean();
        long t0 = System.nanoTime();
        try (KinesisClient client = aws.syncClient();
                OutputStream target = output == null ? out : Files.newOutputStream(output)) {
            StreamReader reader = new StreamReader(client, stream, start, stop, Duration.ofSeconds(1), split,
                    stopped::get);
            Thread main = Thread.currentThread();
            Interruption ctrlC = Interruption.install(() -> {
                stopped.set(true);
                main.interrupt();
            }, () -> report(reader.totalsSoFar("interrupted"), t0, recordFormat, true), REPORT_WAIT);
            try {
                StreamReader.Totals t;
                try {
                    t = read(reader, recordFormat, new CheckedOutput(target), stop.follow());
                } catch (InterruptedException | StreamReader.CallFailed e) {
                    if (!stopped.get()) {
                        throw e;
                    }
                    t = reader.totalsSoFar("interrupted");
                }
                if (!ctrlC.claimReport()) {
                    return ExitCode.INTERRUPTED;
                }
                return report(t, t0, recordFormat, stopped.get());
            } finally {
                ctrlC.done();
            }
        } catch (CheckedOutput.WriteFailed e) {
            if (e.isBrokenPipe()) {
                // `read | head`: the reader has all it wants. Stop quietly with 0, as a pipeline's earlier commands
                // conventionally do (not 141: that would fail `set -o pipefail` scripts for a normal use).
                return ExitCode.OK;
            }
            throw new CliException("cannot write the output: " + e.getMessage()
                    + "; stopped reading (check the disk space or where the output goes)", e);
        } catch (StreamReader.CallFailed e) {
            ErrorLine.Target target = aws.target(e.action(), stream);
            if (e.getCause() instanceof AwsServiceException s && s.awsErrorDetails() != null
                    && "ResourceInUseException".equals(s.awsErrorDetails().errorCode())) {
                throw new CliException(StreamStatus.notActive(aws, target), e);
            }
            throw new CliException(ErrorLine.of(e.getCause(), target), e);
        }
    }

    /** @param watching someone watches records as they come: flush after each batch */
    private StreamReader.Totals read(StreamReader reader, RecordFormat recordFormat, OutputStream target,
            boolean watching) throws IOException, InterruptedException {
        BufferedOutputStream buffered = new BufferedOutputStream(target, 64 * 1024);
        StreamReader.Totals totals = reader.read(new StreamReader.Sink() {
            @Override
            public void accept(StreamReader.UserRecord r) throws IOException {
                recordFormat.write(r, showKeys, buffered);
            }

            @Override
            public void batchDone() throws IOException {
                if (watching) {
                    buffered.flush(); // someone is watching: show records as they come
                }
            }
        });
        buffered.flush();
        return totals;
    }

    /** The summary: a line on stderr, or JSON. Returns the exit code. */
    private int report(StreamReader.Totals t, long t0, RecordFormat recordFormat, boolean interrupted) {
        int code = interrupted ? ExitCode.INTERRUPTED : ExitCode.OK;
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("command", "read");
            j.put("stream", stream);
            j.put("format", recordFormat.toString());
            j.put("shards", t.shards());
            j.put("userRecords", t.userRecords());
            j.put("kinesisRecords", t.kinesisRecords());
            j.put("bytes", t.bytes());
            j.put("endedBy", t.endedBy());
            j.put("durationSeconds", (System.nanoTime() - t0) / 1e9);
            j.put("exitCode", code);
            (output != null ? textOut : err).println(JsonText.of(j));
        } else {
            String why = switch (t.endedBy()) {
                case "max-records" -> "; stopped at --max-records " + Format.count(maxRecords);
                case "idle" -> "; stopped: nothing new for " + untilIdle + " (--until-idle)";
                case "interrupted" -> "; interrupted";
                default -> "";
            };
            err.println("read " + Format.count(t.userRecords()) + " user records (" + Format.count(t.kinesisRecords())
                    + " Kinesis records) from " + t.shards() + (t.shards() == 1 ? " shard" : " shards") + why);
        }
        err.flush();
        return code;
    }

    /** The delimiter to split on: --delimiter, else what send noted, else none. */
    private byte[] splitOn() {
        if (delimiter != null) {
            if (delimiter.equalsIgnoreCase("none")) {
                return null;
            }
            byte[] d = Escapes.unescape(delimiter);
            if (d.length == 0 || d.length > 16) {
                throw CliException.usage("--delimiter must be 1 to 16 bytes (or none); got '" + delimiter + "'");
            }
            return d;
        }
        byte[] noted = DelimiterMemory.recall(aws, stream);
        if (noted != null) {
            err.println("note: splitting records on the delimiter " + Escapes.show(noted) + " that send used for "
                    + "this stream (--delimiter none keeps them whole)");
        }
        return noted;
    }

    static StreamReader.Start parseFrom(String value) {
        String v = value.strip();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("trim-horizon") || lower.equals("trim_horizon")) {
            return StreamReader.Start.TRIM_HORIZON;
        }
        if (lower.equals("latest")) {
            return StreamReader.Start.LATEST;
        }
        if (lower.startsWith("at-timestamp:")) {
            return StreamReader.Start.atTimestamp(instant(v.substring("at-timestamp:".length())));
        }
        if (lower.startsWith("at-sequence:")) {
            String s = v.substring("at-sequence:".length());
            if (!s.matches("[0-9]{1,128}")) {
                throw CliException.usage("--from at-sequence:S needs a sequence number (digits); got '" + value + "'");
            }
            return StreamReader.Start.atSequence(s);
        }
        throw CliException.usage("--from must be trim-horizon, latest, at-timestamp:T or at-sequence:S; got '"
                + value + "'");
    }

    /** {@code 2026-01-01T08:00:00Z}, {@code 2026-01-01T09:00:00+01:00}, {@code 2026-01-01} (UTC) or epoch seconds. */
    static Instant instant(String text) {
        String t = text.strip();
        try {
            if (t.matches("[0-9]{1,12}(\\.[0-9]+)?")) {
                return Instant.ofEpochMilli(Math.round(Double.parseDouble(t) * 1000));
            }
            if (t.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return java.time.OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw CliException.usage("--from at-timestamp:T needs a time such as 2026-01-01T08:00:00Z, 2026-01-01 "
                    + "or epoch seconds; got '" + text + "'");
        }
    }

    private static Duration duration(String option, String value) {
        try {
            Duration d = ConfigFile.parseDuration(option, value);
            if (d.isZero()) {
                throw CliException.usage(option + " must be more than 0; got '" + value + "'");
            }
            return d;
        } catch (ConfigException e) {
            throw CliException.usage(option + " '" + value + "' is not valid; allowed: a duration such as 30s, 2m "
                    + "or 500ms");
        }
    }
}
