package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerConfig;
import java.io.InputStream;
import java.io.PrintStream;
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
            "Order: only with --strict-ordering are records with the same partition key stored in the order they "
                    + "were read; without it there is no order promise (several requests per shard are in flight "
                    + "and retries go out later).",
            "Settings: --config FILE, then --set KEY=VALUE, then the named options; the last one wins.",
            "Exit code 0 if every record was put, 3 if some failed, 1 on other errors, 2 on wrong options, 130 "
                    + "when interrupted."},
        footer = {"", "Examples:",
            "  kinesis-producer send --stream orders --region eu-west-1 orders.jsonl",
            "  kinesis-producer send -s orders --partition-key json:customerId --strict-ordering orders.jsonl",
            "  cat events.log | kinesis-producer send -s events --aggregation delimited",
            "  kinesis-producer send -s test --endpoint http://127.0.0.1:4567 --config producer.properties data.jsonl"})
final class SendCommand implements Callable<Integer> {
    private static final Duration INTERRUPT_FLUSH = Duration.ofSeconds(10);
    private static final Duration SHARD_MAP_WAIT = Duration.ofSeconds(5);
    /** How long the Ctrl-C hook waits for the main thread's report once sending has stopped. */
    private static final Duration REPORT_WAIT = Duration.ofSeconds(5);

    @Option(names = {"-s", "--stream"}, paramLabel = "NAME", order = 1,
            description = "Stream to send to (or stream_name in --config).")
    String stream;

    @Mixin
    AwsOptions aws;

    @Option(names = {"-k", "--partition-key"}, paramLabel = "SOURCE", defaultValue = "random", order = 2,
            description = "random (default): spread records over all shards; line: the record's text (first 256 "
                    + "characters); json:FIELD: a field of the JSON record, e.g. json:customerId or "
                    + "json:customer.id.")
    String partitionKey;

    @Option(names = "--framing", paramLabel = "FRAMING", defaultValue = "lines", order = 3,
            description = "How input is cut into records: lines (default; empty lines are skipped), whole-file "
                    + "(each input is one record), length-prefixed (each record preceded by a 4-byte big-endian "
                    + "length; what read --format length-prefixed writes).")
    String framing;

    @Mixin
    ProducerOptions settings;

    @Option(names = "--progress", paramLabel = "STYLE", defaultValue = "auto", order = 30,
            description = "auto (default): a bar when stderr is a terminal, else a line every 2 s; bar, plain "
                    + "or none.")
    String progress;

    @Option(names = "--json", order = 31,
            description = "Print the summary as one JSON object on stdout (counts by outcome and error code, bytes, "
                    + "attempts, latency percentiles, duration) instead of the text.")
    boolean json;

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
        PartitionKeys keys = PartitionKeys.parse(partitionKey);
        Framing frames = Framing.parse(framing);
        Progress.Mode style = Progress.Mode.parse(progress);
        ProducerOptions.Settings resolved = settings.resolve(stream, aws, err);
        ProducerConfig config = resolved.config();
        ShardMapGate shardMap = new ShardMapGate();
        KinesisProducer.Builder builder = KinesisProducer.builder().config(config).listener(shardMap)
                .credentialsProvider(aws.credentials());
        // Inputs first: a missing file should fail before any network call.
        try (Inputs inputs = Inputs.open(files, frames, stdin);
                KinesisProducer producer = builder.build()) {
            checkStream(config.streamName(), shardMap); // also the wait for the shard map (see checkStream)
            if (config.aggregation() == Aggregation.DELIMITED) {
                DelimiterMemory.remember(aws, config.streamName(), config.recordDelimiter(), err);
            }
            return send(config.streamName(), inputs, producer, keys, style, SendRate.of(resolved.rate()));
        }
    }

    private int send(String streamName, Inputs inputs, KinesisProducer producer, PartitionKeys keys,
            Progress.Mode style, SendRate rate) throws InterruptedException {
        Sender sender = new Sender(producer, keys, err, rate);
        Progress bar = Progress.start(style, err, inputs::bytesRead, inputs.totalBytes(), producer::metrics, sender);
        SendReport report = new SendReport(streamName, sender, producer::metrics, out, err, INTERRUPT_FLUSH, json);
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
                return ExitCode.INTERRUPTED; // we were blocked reading when interrupted: the hook has reported
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
    private void checkStream(String streamName, ShardMapGate gate) throws InterruptedException {
        if (gate.await(SHARD_MAP_WAIT, f -> isFinal(f.error()) || canSendWithout(f))) {
            return;
        }
        ShardMapGate.Failure failure = gate.lastFailure();
        if (failure == null) {
            return; // no answer in time: go on, records report any error
        }
        if (canSendWithout(failure)) {
            err.println("warning: cannot list the shards of stream '" + streamName + "' (" + failure.code()
                    + "); sending without a shard map, so only records with the same partition key share an aggregate");
            return;
        }
        ErrorLine.Target target = aws.target("ListShards", streamName);
        if ("ResourceInUseException".equals(failure.code())) {
            throw new CliException(StreamStatus.notActive(aws, target), failure.error());
        }
        throw new CliException(ErrorLine.of(failure.error(), target), failure.error());
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
}
