package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.ProducerConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** {@code stream}: create, describe, list, delete and reshard streams, against AWS or any endpoint. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        header = "Create, describe, list, delete or reshard streams.",
        description = "Stream administration through the AWS SDK, against AWS or any endpoint (--endpoint).",
        footer = {"", "Examples:",
            "  kinesis-producer stream create orders --shards 4 --wait",
            "  kinesis-producer stream describe orders",
            "  kinesis-producer stream reshard orders --shards 8 --wait"})
final class StreamCommand implements Callable<Integer> {
    private static final Duration WAIT_LIMIT = Duration.ofMinutes(10);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final PrintStream err;

    StreamCommand(PrintStream err) {
        this.err = err;
    }

    /** The command with its subcommands, printing to {@code out} and {@code err}. */
    static picocli.CommandLine commandLine(PrintStream out, PrintStream err) {
        return new picocli.CommandLine(new StreamCommand(err))
                .addSubcommand(new Create(out, err))
                .addSubcommand(new Describe(out, err))
                .addSubcommand(new ListStreams(out, err))
                .addSubcommand(new Delete(out, err))
                .addSubcommand(new Reshard(out, err));
    }

    /** Where a subcommand prints. */
    abstract static class Sub {
        final PrintStream out;
        final PrintStream err;

        @Mixin
        AwsOptions aws;

        Sub(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }
    }

    /** A subcommand about one stream. */
    abstract static class Named extends Sub {
        @Parameters(paramLabel = "NAME", description = "The stream's name.")
        String name;

        Named(PrintStream out, PrintStream err) {
            super(out, err);
        }
    }

    /** No subcommand: the usage, as for a wrong option. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return ExitCode.USAGE;
    }

    /** Runs {@code call} with a client; SDK failures become one line naming the action, stream and endpoint. */
    static <T> T withClient(AwsOptions aws, String action, String stream, Function<KinesisClient, T> call) {
        try (KinesisClient client = aws.syncClient()) {
            return call.apply(client);
        } catch (SdkException e) {
            throw new CliException(ErrorLine.of(e, aws.target(action, stream)), e);
        }
    }

    static String checkName(String name) {
        OptionCheck.check("NAME", OptionCheck.quote(name), () -> ProducerConfig.builder().streamName(name));
        return name;
    }

    /** Polls until the stream is ACTIVE (or gone, for a delete); quick for local endpoints. */
    static StreamDescriptionSummary awaitActive(KinesisClient client, AwsOptions aws, String name) {
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        long pollMillis = aws.isLocal() ? 100 : 2000;
        while (true) {
            StreamDescriptionSummary s = client.describeStreamSummary(b -> b.streamName(name))
                    .streamDescriptionSummary();
            if (s.streamStatus() == StreamStatus.ACTIVE) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new CliException("stream '" + name + "' is still " + s.streamStatusAsString() + " after "
                        + WAIT_LIMIT.toMinutes() + " minutes; see kinesis-producer stream describe " + name);
            }
            sleep(pollMillis);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting", ExitCode.INTERRUPTED, e);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            header = "Create a stream.",
            description = "Creates a provisioned stream with --shards shards, or an on-demand one with --on-demand.")
    static final class Create extends Named implements Callable<Integer> {
        Create(PrintStream out, PrintStream err) {
            super(out, err);
        }

        @Option(names = "--shards", paramLabel = "K", description = "Shards of a provisioned stream (default 1).")
        Integer shards;

        @Option(names = "--on-demand", description = "An on-demand stream (Kinesis manages the shards).")
        boolean onDemand;

        @Option(names = "--max-record-size", paramLabel = "KIB",
                description = "The stream's largest record in KiB, 1024 (default) to 10240.")
        Integer maxRecordSizeKiB;

        @Option(names = "--wait", description = "Return once the stream is ACTIVE.")
        boolean await;

        @Override
        public Integer call() {
            checkName(name);
            if (onDemand && shards != null) {
                throw CliException.usage("--shards and --on-demand exclude each other: on-demand streams have no "
                        + "fixed shard count");
            }
            int k = shards == null ? 1 : shards;
            if (k < 1 || k > 10_000) {
                throw CliException.usage("--shards must be 1 to 10,000; got " + k);
            }
            if (maxRecordSizeKiB != null && (maxRecordSizeKiB < 1024 || maxRecordSizeKiB > 10240)) {
                throw CliException.usage("--max-record-size must be 1024 to 10240 (KiB); got " + maxRecordSizeKiB);
            }
            long t0 = System.nanoTime();
            String status = withClient(aws, "CreateStream", name, client -> {
                try {
                    client.createStream(b -> {
                        b.streamName(name);
                        if (onDemand) {
                            b.streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND));
                        } else {
                            b.shardCount(k);
                        }
                        if (maxRecordSizeKiB != null) {
                            b.maxRecordSizeInKiB(maxRecordSizeKiB);
                        }
                    });
                } catch (AwsServiceException e) {
                    if (e.awsErrorDetails() != null && "ResourceInUseException".equals(e.awsErrorDetails().errorCode())) {
                        ErrorLine.Target t = aws.target("CreateStream", name);
                        throw new CliException("stream '" + name + "' already exists in region " + t.region()
                                + " at " + t.endpoint() + " (see kinesis-producer stream describe " + name + ")", e);
                    }
                    throw e;
                }
                return await ? awaitActive(client, aws, name).streamStatusAsString() : "CREATING";
            });
            DelimiterMemory.forget(aws, name, err);
            out.println("stream '" + name + "' " + (await ? "is " + status : "is being created") + ": "
                    + (onDemand ? "on-demand" : k + (k == 1 ? " shard" : " shards"))
                    + (await ? " (" + Format.duration(Duration.ofNanos(System.nanoTime() - t0)) + ")"
                            : "; --wait waits until it is ACTIVE"));
            return ExitCode.OK;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, header = "Show a stream and its shards.",
            description = "Status, mode, record distribution, retention, max record size and a table of every shard "
                    + "(open and closed) with its hash-key range and parents.")
    static final class Describe extends Named implements Callable<Integer> {
        Describe(PrintStream out, PrintStream err) {
            super(out, err);
        }

        @Option(names = "--json", description = "Print the description as one JSON object.")
        boolean json;

        @Override
        public Integer call() {
            checkName(name);
            StreamDescription d = withClient(aws, "DescribeStreamSummary", name, client -> StreamDescription.of(client,
                    name));
            out.print(json ? JsonText.of(d.toJson()) + System.lineSeparator() : d.render());
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, header = "List the streams, one name per line.")
    static final class ListStreams extends Sub implements Callable<Integer> {
        ListStreams(PrintStream out, PrintStream err) {
            super(out, err);
        }

        @Override
        public Integer call() {
            java.util.List<String> names = withClient(aws, "ListStreams", null, client -> {
                java.util.List<String> all = new java.util.ArrayList<>();
                String[] after = {null};
                while (true) {
                    var page = client.listStreams(b -> b.exclusiveStartStreamName(after[0]));
                    all.addAll(page.streamNames());
                    if (!Boolean.TRUE.equals(page.hasMoreStreams()) || page.streamNames().isEmpty()) {
                        return all;
                    }
                    after[0] = page.streamNames().get(page.streamNames().size() - 1);
                }
            });
            names.stream().sorted().forEach(out::println);
            return ExitCode.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, header = "Delete a stream and all its records.")
    static final class Delete extends Named implements Callable<Integer> {
        Delete(PrintStream out, PrintStream err) {
            super(out, err);
        }

        @Option(names = "--wait", description = "Return once the stream is gone.")
        boolean await;

        @Override
        public Integer call() {
            checkName(name);
            withClient(aws, "DeleteStream", name, client -> {
                client.deleteStream(b -> b.streamName(name));
                long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
                while (await && System.nanoTime() < deadline) {
                    try {
                        client.describeStreamSummary(b -> b.streamName(name));
                    } catch (ResourceNotFoundException gone) {
                        return null;
                    }
                    sleep(aws.isLocal() ? 100 : 2000);
                }
                return null;
            });
            DelimiterMemory.forget(aws, name, err);
            out.println("stream '" + name + "' " + (await ? "is deleted" : "is being deleted"));
            return ExitCode.OK;
        }
    }

    @Command(name = "reshard", mixinStandardHelpOptions = true, header = "Change a stream's shard count.",
            description = "UpdateShardCount with uniform scaling: Kinesis splits or merges shards so that the open "
                    + "shards split the hash-key range evenly. Kinesis allows at most doubling or halving at once.")
    static final class Reshard extends Named implements Callable<Integer> {
        Reshard(PrintStream out, PrintStream err) {
            super(out, err);
        }

        @Option(names = "--shards", required = true, paramLabel = "K", description = "The new number of open shards.")
        int shards;

        @Option(names = "--wait", description = "Return once the stream is ACTIVE again.")
        boolean await;

        @Override
        public Integer call() {
            checkName(name);
            if (shards < 1) {
                throw CliException.usage("--shards must be at least 1; got " + shards);
            }
            String result = withClient(aws, "UpdateShardCount", name, client -> {
                try {
                    int current = client.updateShardCount(b -> b.streamName(name).targetShardCount(shards)
                            .scalingType(ScalingType.UNIFORM_SCALING)).currentShardCount();
                    if (await) {
                        awaitActive(client, aws, name);
                    }
                    return current + " to " + shards;
                } catch (AwsServiceException e) {
                    if (e.awsErrorDetails() != null
                            && "UnknownOperationException".equals(e.awsErrorDetails().errorCode())) {
                        ErrorLine.Target t = aws.target("UpdateShardCount", name);
                        throw new CliException("the endpoint " + t.endpoint() + " does not implement UpdateShardCount "
                                + "(kinesalite, the bundled emulator, does not): create the stream anew with "
                                + "--shards " + shards + ", or split and merge shards with another tool (SplitShard, "
                                + "MergeShards)", e);
                    }
                    throw e;
                }
            });
            out.println("stream '" + name + "' " + (await ? "resharded from " : "resharding from ") + result
                    + " shards" + (await ? "" : "; --wait waits until it is ACTIVE again"));
            return ExitCode.OK;
        }
    }
}
