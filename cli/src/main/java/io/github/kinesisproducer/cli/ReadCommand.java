package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.ProducerConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** {@code read}: prints a stream's user records, one per line. */
@Command(name = "read", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Print a stream's records, one per line, de-aggregating KPL records.",
        description = {
            "Reads every shard of a stream and prints one user record per line on stdout. KPL aggregates are "
                    + "de-aggregated into their user records; other records are printed as they are. A record "
                    + "that already ends with a newline (e.g. from --aggregation delimited) gets no extra one.",
            "Without --follow it stops once every shard is caught up; a count goes to stderr."},
        footer = {"", "Examples:",
            "  kinesis-producer read --stream orders --region eu-west-1 > orders.jsonl",
            "  kinesis-producer read --stream orders --from latest --follow --show-keys"})
final class ReadCommand implements Callable<Integer> {
    @Option(names = {"-s", "--stream"}, required = true, paramLabel = "NAME", description = "Stream to read.")
    String stream;

    @Mixin
    AwsOptions aws;

    @Option(names = "--from", paramLabel = "POSITION", defaultValue = "trim-horizon",
            description = "Where to start in each shard: trim-horizon (the oldest record kept, default) or latest "
                    + "(only records that arrive from now on; use with --follow).")
    String from;

    @Option(names = {"-f", "--follow"},
            description = "Keep reading as records arrive (polling about once a second when idle) until Ctrl-C.")
    boolean follow;

    @Option(names = {"-k", "--show-keys"}, description = "Print each record's partition key and a tab first.")
    boolean showKeys;

    private final OutputStream out;
    private final PrintStream err;

    /** @param out where records go: stdout's file descriptor itself, so that write errors are seen */
    ReadCommand(OutputStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        ShardIteratorType start = switch (from.toLowerCase(java.util.Locale.ROOT)) {
            case "trim-horizon", "trim_horizon" -> ShardIteratorType.TRIM_HORIZON;
            case "latest" -> ShardIteratorType.LATEST;
            default -> throw CliException.usage("--from must be trim-horizon or latest; got '" + from + "'");
        };
        OptionCheck.check("--stream", OptionCheck.quote(stream), () -> ProducerConfig.builder().streamName(stream));
        try (KinesisClient client = aws.syncClient()) {
            StreamReader.Totals t = read(client, stream, start, follow, showKeys, new CheckedOutput(out));
            err.println("read " + Format.count(t.userRecords()) + " user records (" + Format.count(t.kinesisRecords())
                    + " Kinesis records) from " + t.shards() + (t.shards() == 1 ? " shard" : " shards"));
        } catch (CheckedOutput.WriteFailed e) {
            if (e.isBrokenPipe()) {
                // `read | head`: the reader has all it wants. Stop quietly with 0, as a pipeline's earlier commands
                // conventionally do (not 141: that would fail `set -o pipefail` scripts for a normal use).
                return ExitCode.OK;
            }
            throw new CliException("cannot write the output: " + e.getMessage()
                    + "; stopped reading (check the disk space or where stdout goes)", e);
        }
        return ExitCode.OK;
    }

    static StreamReader.Totals read(KinesisClient client, String stream, ShardIteratorType start, boolean follow,
            boolean showKeys, OutputStream target) throws IOException, InterruptedException {
        BufferedOutputStream buffered = new BufferedOutputStream(target, 64 * 1024);
        StreamReader reader = new StreamReader(client, stream, start, follow, Duration.ofSeconds(1));
        StreamReader.Totals totals = reader.read(new StreamReader.Sink() {
            @Override
            public void accept(String shardId, String partitionKey, byte[] data) throws IOException {
                if (showKeys) {
                    buffered.write(partitionKey.getBytes(StandardCharsets.UTF_8));
                    buffered.write('\t');
                }
                buffered.write(data);
                if (data.length == 0 || data[data.length - 1] != '\n') {
                    buffered.write('\n');
                }
            }

            @Override
            public void batchDone() throws IOException {
                if (follow) {
                    buffered.flush(); // someone is watching: show records as they come
                }
            }
        });
        buffered.flush();
        return totals;
    }
}
