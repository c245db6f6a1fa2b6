package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.emulator.Kinesalite;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The bundled emulator run in the foreground, for {@code kinesis-producer emulator} and {@code demo --keep-running}:
 * start it, say how to use it, serve until Ctrl-C, stop it cleanly.
 */
final class EmulatorSession {
    private final Kinesalite emulator;
    private final PrintStream out;

    private EmulatorSession(Kinesalite emulator, PrintStream out) {
        this.emulator = emulator;
        this.out = out;
    }

    /**
     * Starts kinesalite on 127.0.0.1.
     *
     * @param port a fixed port, or 0 for any free one
     * @param dataDir where to keep the data (it then survives a restart), or null for memory only
     */
    static EmulatorSession start(int port, Path dataDir, PrintStream out) {
        if (port < 0 || port > 65535) {
            throw CliException.usage("--port must be 0 (any free port) to 65535; got " + port);
        }
        Kinesalite.Options options = Kinesalite.Options.defaults().withPort(port).withDataDir(dataDir);
        try {
            return new EmulatorSession(Kinesalite.start(options), out);
        } catch (RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            if (m.startsWith("port " + port + " is in use")) {
                throw new CliException("cannot start the emulator: port " + port + " on 127.0.0.1 is in use (another "
                        + "emulator?); pick another with --port, or --port 0 for any free port", e);
            }
            throw new CliException("could not start the local Kinesis emulator: " + ErrorLine.quote(m), e);
        }
    }

    Kinesalite emulator() {
        return emulator;
    }

    String endpoint() {
        return emulator.endpoint().toString();
    }

    /** The environment to export and commands to try. */
    void printHowToUse(String stream) {
        String s = stream == null ? "test" : stream;
        out.println("In another terminal, point the AWS tools at it (dummy credentials; the emulator takes any):");
        out.println("  export AWS_ENDPOINT_URL_KINESIS=" + endpoint() + " AWS_REGION=" + AwsOptions.LOCAL_DEFAULT_REGION);
        out.println("  export AWS_ACCESS_KEY_ID=" + AwsOptions.DUMMY_ACCESS_KEY + " AWS_SECRET_ACCESS_KEY="
                + AwsOptions.DUMMY_SECRET_KEY);
        out.println("then try:");
        if (stream == null) {
            out.println("  kinesis-producer stream create " + s + " --shards 2 --wait");
        }
        out.println("  echo '{\"customerId\":\"cust-0001\",\"note\":\"hello\"}' | kinesis-producer send -s " + s
                + " --partition-key json:customerId");
        out.println("  kinesis-producer read -s " + s + " --format jsonl");
        out.println("  kinesis-producer stream describe " + s);
        out.println("(AWS SDK for Java clients also need -Daws.cborEnabled=false: kinesalite's CBOR is broken.)");
        out.println("Press Ctrl-C to stop the emulator.");
        out.flush();
    }

    /**
     * Serves until Ctrl-C or SIGTERM: then stops the emulator, says so, and the JVM ends with
     * {@link ExitCode#INTERRUPTED}. Never returns normally in the real command; tests interrupt the thread.
     */
    void serveUntilInterrupted() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Interruption ctrlC = Interruption.install(() -> {
            out.println();
            out.print("Stopping the emulator ... ");
            emulator.close();
            out.println("stopped.");
            out.flush();
            stopped.countDown();
        }, () -> { }, Duration.ofSeconds(1));
        try {
            stopped.await();
        } finally {
            ctrlC.claimReport();
            ctrlC.done();
        }
    }

    void close() {
        emulator.close();
    }
}
