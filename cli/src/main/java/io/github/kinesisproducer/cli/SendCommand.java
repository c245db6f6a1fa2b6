package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.KinesisProducer;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** {@code send}: files or stdin → a stream, with progress and a summary. */
@Command(name = "send", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Send records from files or stdin to a stream, with progress and a summary.",
        description = {
            "Sends records from files or stdin to a Kinesis data stream through the producer (aggregation, "
                    + "batching, retries), showing progress on stderr and a summary at the end.",
            "Exit code 0 if every record was put, 3 if some failed, 1 on other errors, 2 on wrong options."},
        footer = {"", "Examples:",
            "  kinesis-producer send --stream orders --region eu-west-1 orders.jsonl",
            "  kinesis-producer send -s orders --partition-key json:customerId orders.jsonl",
            "  cat events.log | kinesis-producer send -s events --aggregation delimited",
            "  kinesis-producer send -s test --endpoint http://127.0.0.1:4567 data.jsonl"})
final class SendCommand implements Callable<Integer> {
    private static final Duration INTERRUPT_FLUSH = Duration.ofSeconds(10);
    private static final Duration SHARD_MAP_WAIT = Duration.ofSeconds(5);
    /** How long the Ctrl-C hook waits for the main thread's report once sending has stopped. */
    private static final Duration REPORT_WAIT = Duration.ofSeconds(5);

    @Option(names = {"-s", "--stream"}, required = true, paramLabel = "NAME", description = "Stream to send to.")
    String stream;

    @Mixin
    AwsOptions aws;

    @Option(names = {"-a", "--aggregation"}, paramLabel = "MODE", defaultValue = "kpl",
            description = "kpl (default): pack records bound for the same shard into KPL aggregates, readable by "
                    + "the KCL and Lambda; delimited: join records with --delimiter into one Kinesis record; "
                    + "none: one Kinesis record per record.")
    String aggregation;

    @Option(names = {"-k", "--partition-key"}, paramLabel = "SOURCE", defaultValue = "random",
            description = "random (default): spread records over all shards; line: the record's text (first 256 "
                    + "characters); json:FIELD: a field of the JSON record, e.g. json:customerId or "
                    + "json:customer.id. Records with the same key keep their order.")
    String partitionKey;

    @Option(names = {"-d", "--delimiter"}, paramLabel = "D",
            description = "With --aggregation delimited: the separator appended to each record (default \\n). "
                    + "Escapes \\n, \\r, \\t, \\0 and \\\\ are understood.")
    String delimiter;

    @Option(names = "--framing", paramLabel = "FRAMING", defaultValue = "lines",
            description = "How input is cut into records: lines (default; empty lines are skipped), whole-file "
                    + "(each input is one record), length-prefixed (each record preceded by a 4-byte big-endian "
                    + "length).")
    String framing;

    @Option(names = "--progress", paramLabel = "STYLE", defaultValue = "auto",
            description = "auto (default): a bar when stderr is a terminal, else a line every 2 s; bar, plain "
                    + "or none.")
    String progress;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Files to send, in order; '-' or none reads stdin.")
    List<String> files;

    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    SendCommand(InputStream stdin, PrintStream out, PrintStream err) {
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        Aggregation mode = parseAggregation(aggregation);
        byte[] delim = delimiter == null ? null : unescape(delimiter);
        if (delim != null && mode != Aggregation.DELIMITED) {
            throw CliException.usage("--delimiter only applies with --aggregation delimited");
        }
        if (delim != null && delim.length == 0) {
            throw CliException.usage("--delimiter must not be empty");
        }
        PartitionKeys keys = PartitionKeys.parse(partitionKey);
        Framing frames = Framing.parse(framing);
        Progress.Mode style = Progress.Mode.parse(progress);
        ShardMapGate shardMap = new ShardMapGate();
        KinesisProducer.Builder builder = producerBuilder(mode, delim, shardMap);
        // Inputs first: a missing file should fail before any network call.
        try (Inputs inputs = Inputs.open(files, frames, stdin);
                KinesisProducer producer = builder.build()) {
            checkStream(shardMap); // also the wait for the shard map: aggregates span keys only once shards are known
            return send(inputs, producer, keys, style);
        }
    }

    /** Every option the producer's config validates is checked here, before anything is read or sent. */
    private KinesisProducer.Builder producerBuilder(Aggregation mode, byte[] delim, ShardMapGate shardMap) {
        KinesisProducer.Builder builder = KinesisProducer.builder().aggregation(mode).listener(shardMap);
        OptionCheck.check("--stream", OptionCheck.quote(stream), () -> builder.streamName(stream));
        URI endpoint = aws.endpointUri();
        builder.region(aws.resolveRegion()).credentialsProvider(aws.credentials());
        if (endpoint != null) {
            OptionCheck.check("--endpoint", OptionCheck.quote(endpoint), () -> builder.endpointOverride(endpoint));
        }
        if (delim != null) {
            OptionCheck.check("--delimiter", OptionCheck.quote(delimiter) + " (" + delim.length + " bytes)",
                    () -> builder.configure(c -> c.recordDelimiter(delim)));
        }
        return builder;
    }

    private int send(Inputs inputs, KinesisProducer producer, PartitionKeys keys, Progress.Mode style)
            throws InterruptedException {
        Sender sender = new Sender(producer, keys, err);
        Progress bar = Progress.start(style, err, inputs::bytesRead, inputs.totalBytes(), producer::metrics, sender);
        SendReport report = new SendReport(stream, sender, producer::metrics, out, err, INTERRUPT_FLUSH);
        Interruption ctrlC = Interruption.install(() -> {
            bar.close();
            stopSending(producer, sender);
        }, () -> report.print(true), REPORT_WAIT);
        try {
            try {
                sender.sendAll(inputs);
            } finally {
                bar.close();
            }
            if (!ctrlC.claimReport()) {
                return ExitCode.ERROR; // we were blocked reading when interrupted: the hook has reported
            }
            return report.print(ctrlC.happened());
        } finally {
            ctrlC.done();
        }
    }

    /**
     * The producer's first ListShards is the stream check, before anything is sent: a missing stream, wrong credentials
     * or an unreachable endpoint end the command with one clear line instead of failing every record after retries.
     * Errors the producer retries (a connection error, missing credentials) get up to {@link #SHARD_MAP_WAIT} to clear.
     * A denied or throttled ListShards is let through: the producer can put records without a shard map (it then
     * aggregates less).
     */
    private void checkStream(ShardMapGate gate) throws InterruptedException {
        if (gate.await(SHARD_MAP_WAIT, f -> isFinal(f.error()) || canSendWithout(f))) {
            return;
        }
        ShardMapGate.Failure failure = gate.lastFailure();
        if (failure == null) {
            return; // no answer in time: go on, records report any error
        }
        if ("ResourceNotFoundException".equals(failure.code())) {
            throw new CliException("stream '" + stream + "' not found in " + aws.resolveRegion()
                    + (aws.endpointUri() == null ? "" : " at " + aws.endpointUri()) + ": check --stream and "
                    + "--region, or create the stream first", failure.error());
        }
        if (canSendWithout(failure)) {
            err.println("warning: cannot list the shards of stream '" + stream + "' (" + failure.code()
                    + "); sending without a shard map, so only records with the same partition key share an aggregate");
            return;
        }
        if (failure.error() instanceof RuntimeException e) {
            throw e; // Main prints it as one line
        }
        throw new CliException("cannot list the shards of stream '" + stream + "': " + failure.error(), failure.error());
    }

    /** A client error Kinesis will repeat (missing stream, bad signature, denied): no point waiting for a retry. */
    private static boolean isFinal(Throwable error) {
        return error instanceof AwsServiceException s && s.statusCode() >= 400 && s.statusCode() < 500
                && !isThrottling(s);
    }

    /** Denied or throttled ListShards: PutRecords may still work. */
    private static boolean canSendWithout(ShardMapGate.Failure f) {
        return "AccessDeniedException".equals(f.code())
                || (f.error() instanceof AwsServiceException s && isThrottling(s));
    }

    private static boolean isThrottling(AwsServiceException s) {
        return s.isThrottlingException() || "LimitExceededException".equals(
                s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode());
    }

    /** Ctrl-C: send what is buffered, bounded; whatever is not done by then fails and is counted. */
    private void stopSending(KinesisProducer producer, Sender sender) {
        err.println("interrupted: sending what is buffered (up to " + INTERRUPT_FLUSH.toSeconds() + " s)...");
        producer.close(INTERRUPT_FLUSH);
        sender.awaitCallbacks(Duration.ofSeconds(2));
    }

    static Aggregation parseAggregation(String value) {
        try {
            return Aggregation.parse(value);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--aggregation must be kpl, delimited or none; got '" + value + "'");
        }
    }

    /** {@code \n}, {@code \r}, {@code \t}, {@code \0} and {@code \\} as in C; anything else literally (UTF-8). */
    static byte[] unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case '0' -> b.append('\0');
                case '\\' -> b.append('\\');
                default -> b.append('\\').append(e);
            }
        }
        return b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
