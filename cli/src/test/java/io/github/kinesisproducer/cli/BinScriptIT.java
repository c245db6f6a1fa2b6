package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.test.LocalKinesisExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/kinesis-producer} as a user runs it, from the jar the build made: every shell example of the README, run
 * as written (against kinesalite through {@code AWS_ENDPOINT_URL_KINESIS}, the way {@code emulator} suggests), and a
 * running emulator that survives its jar being rewritten.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BinScriptIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent(); // failsafe runs in cli/
    private static final Path JAR = ROOT.resolve("cli/target/kinesis-producer-cli.jar");
    private static final Pattern FENCE = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);

    @RegisterExtension
    static final LocalKinesisExtension LOCAL = LocalKinesisExtension.withOwnEmulator();

    @TempDir
    Path dir;

    @BeforeEach
    void workspace() throws IOException {
        assertThat(JAR).as("the shaded jar (mvn package runs before the integration tests)").isRegularFile();
        Files.createSymbolicLink(dir.resolve("bin"), ROOT.resolve("bin"));
    }

    private ProcessBuilder bash(String command, Path jar) {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("AWS_ENDPOINT_URL_KINESIS", LOCAL.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", AwsOptions.DUMMY_ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", AwsOptions.DUMMY_SECRET_KEY);
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("KINESIS_PRODUCER_JAR", jar.toString());
        env.put("JAVA_OPTS", "-D" + DelimiterMemory.FILE_PROPERTY + "=" + dir.resolve("delimiters.properties"));
        return pb.redirectErrorStream(true);
    }

    /** The README's fenced blocks of one language, in order. */
    private static List<String> blocks(String language) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> found = new ArrayList<>();
        Matcher m = FENCE.matcher(readme);
        while (m.find()) {
            if (m.group(1).equals(language)) {
                found.add(m.group(2));
            }
        }
        return found;
    }

    /** Every command line of the README's bash blocks, without comments; mvn (the build itself) left out. */
    static List<String> readmeCommands() throws IOException {
        Set<String> commands = new LinkedHashSet<>();
        for (String block : blocks("bash")) {
            for (String line : block.split("\n")) {
                String command = line.replaceFirst("\\s+#.*$", "").strip().replaceFirst("^\\./bin/", "bin/");
                if (!command.isEmpty() && !command.startsWith("#") && !command.startsWith("mvn ")) {
                    commands.add(command);
                }
            }
        }
        return new ArrayList<>(commands);
    }

    private static String output(Process p) throws IOException, InterruptedException {
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("ended in time").isTrue();
        try (InputStream in = p.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until the file a background process writes to contains {@code what}. */
    private static String awaitOutput(Path log, String what, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains(what)) {
                return text;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited " + seconds + " s for '" + what + "'; output so far:\n" + text);
    }

    @Test
    void everyShellExampleInTheReadmeRunsAsWritten() throws Exception {
        for (String stream : new String[] {"orders", "logs", "blobs"}) {
            LOCAL.createStreamNamed(stream, stream.equals("orders") ? 2 : 1);
        }
        StringBuilder orders = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            orders.append("{\"orderId\":").append(i).append(",\"customerId\":\"c").append(i % 17).append("\"}\n");
        }
        Files.writeString(dir.resolve("orders.jsonl"), orders);
        Files.writeString(dir.resolve("app.log"), "started\nrequest 1\nrequest 2\nstopped\n");
        Files.write(dir.resolve("records.bin"), new byte[] {0, 0, 0, 2, 0, '\n', 0, 0, 0, 1, 7});
        List<String> properties = blocks("properties");
        assertThat(properties).as("the README's config file example").hasSize(1);
        Files.writeString(dir.resolve("producer.properties"), properties.get(0));

        List<String> commands = readmeCommands();
        assertThat(commands).as("examples of every command").anyMatch(c -> c.contains(" demo"))
                .anyMatch(c -> c.contains(" emulator ")).anyMatch(c -> c.contains(" send "))
                .anyMatch(c -> c.contains(" read ")).anyMatch(c -> c.contains(" stream create "))
                .anyMatch(c -> c.contains(" completion "));
        for (String command : commands) {
            if (command.contains(" emulator") || command.contains("--follow")) {
                runUntilInterrupted(command);
                continue;
            }
            Process p = bash(command, JAR).start();
            String out = output(p);
            assertThat(p.exitValue()).as("%s%n%s", command, out).isZero();
            assertThat(out).as(command).doesNotContain("Exception").doesNotContain("\tat ");
        }
        // What the examples did, checked where it is cheap to check.
        assertThat(Files.readAllLines(dir.resolve("orders-copy.jsonl"))).hasSizeGreaterThanOrEqualTo(200);
        assertThat(Files.readAllBytes(dir.resolve("blobs.bin"))).isEqualTo(Files.readAllBytes(dir.resolve(
                "records.bin")));
        assertThat(Files.readAllLines(dir.resolve("logs.txt"))).containsExactly("started", "request 1", "request 2",
                "stopped");
    }

    /** The examples that run until Ctrl-C: started, given time to be up, then SIGTERM, expecting exit code 130. */
    private void runUntilInterrupted(String command) throws Exception {
        String c = command.replace("--port 4567", "--port " + freePort()); // a test takes a free port
        Path log = Files.createTempFile(dir, "background", ".log");
        Process p = bash("exec " + c, JAR).redirectOutput(log.toFile()).start();
        try {
            if (c.contains(" emulator")) {
                awaitOutput(log, "Press Ctrl-C to stop the emulator.", 120);
            } else {
                awaitFollowing(c, log);
            }
        } finally {
            p.toHandle().destroy();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s%n%s", c, Files.readString(log)).isEqualTo(ExitCode.INTERRUPTED);
    }

    /**
     * Waits until a {@code read --follow} command is in its follow loop (so its Ctrl-C handling is in place: a signal
     * during JVM start-up would end it with 143): puts a fresh record into the stream it follows every half second
     * until one shows up in its output. A fixed sleep was not enough on a loaded machine.
     */
    private static void awaitFollowing(String command, Path log) throws Exception {
        Matcher m = Pattern.compile("-s (\\S+)").matcher(command);
        assertThat(m.find()).as("the stream of %s", command).isTrue();
        String stream = m.group(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (software.amazon.awssdk.services.kinesis.KinesisClient client =
                io.github.kinesisproducer.emulator.EmulatorClients.syncClient(LOCAL.endpoint())) {
            for (int i = 0; System.nanoTime() < deadline; i++) {
                String marker = "follow-probe-" + i;
                client.putRecord(r -> r.streamName(stream).partitionKey("probe")
                        .data(software.amazon.awssdk.core.SdkBytes.fromUtf8String(marker)));
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                while (System.nanoTime() < until) {
                    if (Files.readString(log).contains("follow-probe-")) {
                        return;
                    }
                    Thread.sleep(50);
                }
            }
        }
        throw new AssertionError("`" + command + "` printed no record sent while it followed, within 120 s");
    }

    @Test
    void aRunningEmulatorDoesNotDependOnItsJarStayingUnchanged() throws Exception {
        Path jar = Files.copy(JAR, dir.resolve("kinesis-producer-cli.jar"), StandardCopyOption.REPLACE_EXISTING);
        int port = freePort();
        Path log = dir.resolve("emulator.log");
        Process p = bash("exec bin/kinesis-producer emulator --port " + port + " --stream s", jar)
                .redirectOutput(log.toFile()).start();
        try {
            awaitOutput(log, "Press Ctrl-C to stop the emulator.", 120);
            // A rebuild rewrites the jar in place: everything the running JVM has not loaded yet changes under it.
            Files.write(jar, "not a jar any more".getBytes(StandardCharsets.UTF_8));
        } finally {
            p.toHandle().destroy();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(out).contains("Stopping the emulator ... stopped.").doesNotContain("Exception")
                .doesNotContain("Error");
    }
}
