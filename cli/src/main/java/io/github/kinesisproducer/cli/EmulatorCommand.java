package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.emulator.StreamAdmin;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code emulator}: the bundled kinesalite in the foreground on a fixed port, for one's own experiments. */
@Command(name = "emulator", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Run the local Kinesis emulator in the foreground until Ctrl-C.",
        description = {
            "Starts kinesalite 3.3.3 (installed with npm on first use) on 127.0.0.1, optionally creates a stream, "
                    + "prints the environment to export and commands to try, and serves until Ctrl-C, which stops "
                    + "it cleanly (exit code 130). Nothing listens beyond this machine.",
            "It does not support UpdateShardCount (stream reshard); SplitShard and MergeShards work."},
        footer = {"", "Examples:",
            "  kinesis-producer emulator",
            "  kinesis-producer emulator --port 4567 --stream orders --shards 4",
            "  kinesis-producer emulator --data-dir ~/kinesis-data     # the data survives a restart"})
final class EmulatorCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "P", defaultValue = "4567",
            description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Option(names = "--stream", paramLabel = "NAME", description = "Create this stream once the emulator is up.")
    String stream;

    @Option(names = "--shards", paramLabel = "K", defaultValue = "1",
            description = "Shards of --stream (default ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the data in DIR, so that it survives a restart (default: in memory).")
    Path dataDir;

    private final PrintStream out;

    EmulatorCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (stream != null) {
            StreamCommand.checkName(stream);
        }
        if (shards < 1 || shards > 1000) {
            throw CliException.usage("--shards must be 1 to 1,000; got " + shards);
        }
        EmulatorSession session = EmulatorSession.start(port, dataDir, out);
        try {
            out.println("kinesalite 3.3.3 is listening on " + session.endpoint() + " ("
                    + (dataDir == null ? "in memory: the data goes when it stops" : "data in " + dataDir) + ")");
            if (stream != null) {
                try (StreamAdmin admin = StreamAdmin.forEndpoint(session.emulator().endpoint())) {
                    if (admin.client().listStreams().streamNames().contains(stream)) {
                        out.println("stream '" + stream + "' exists already (from --data-dir)");
                    } else {
                        admin.createStream(stream, shards);
                        out.println("stream '" + stream + "' is ACTIVE with " + shards
                                + (shards == 1 ? " shard" : " shards"));
                    }
                }
            }
            out.println();
            session.printHowToUse(stream);
            session.serveUntilInterrupted();
            return ExitCode.INTERRUPTED;
        } finally {
            session.close();
        }
    }
}
