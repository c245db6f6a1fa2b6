package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.kinesisproducer.emulator.StreamAdmin;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as its own JVM, for what only a real process shows: signals and shutdown hooks, stdout's file descriptor
 * (a full disk, a closed pipe) and what the logging prints on the real stderr. Against kinesalite on 127.0.0.1.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliProcessIT {
    private static final String NL = System.lineSeparator();

    @RegisterExtension
    static final LocalKinesis LOCAL = new LocalKinesis();

    @TempDir
    Path dir;

    private static String stream(int shards) {
        String name = StreamAdmin.uniqueStreamName("cli-proc");
        LOCAL.admin().createStream(name, shards);
        return name;
    }

    private static ProcessBuilder cli(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-D" + DelimiterMemory.FILE_PROPERTY + "=" + System.getProperty(
                DelimiterMemory.FILE_PROPERTY, "target/delimiters.properties"), "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command); // inherits the test's AWS_* variables: dummy credentials, no metadata
    }

    /** Collects a process's output as it comes, so a test can wait for a line. */
    private static final class Collector {
        private final StringBuffer text = new StringBuffer();
        private final Thread thread;

        Collector(InputStream in) {
            thread = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        text.append(line).append(NL);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        void awaitContains(String what, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!text.toString().contains(what) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(text.toString()).as("waited for '" + what + "'").contains(what);
        }

        /** What arrived so far, without waiting for the end. */
        String all0() {
            return text.toString();
        }

        String all() throws InterruptedException {
            thread.join(10_000);
            return text.toString();
        }
    }

    private static List<String> lines(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"id\":\"u" + (i % 97) + "\",\"seq\":" + i + "}").toList();
    }

    private static int exit(Process p) throws InterruptedException {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the CLI ended").isTrue();
        return p.exitValue();
    }

    @Test
    void sigtermAfterAllInputWasReadWaitsForTheWholeSummaryAndCountsWhatTheDeadlineFailed() throws Exception {
        String stream = stream(1);
        Path file = Files.write(dir.resolve("all.jsonl"), lines(2000), StandardCharsets.UTF_8);
        try (StallingProxy outage = new StallingProxy(LOCAL.emulator().endpoint(), "PutRecords")) {
            Process p = cli("send", "-s", stream, "--endpoint", outage.endpoint(), "--progress", "plain",
                    file.toString()).start();
            Collector out = new Collector(p.getInputStream());
            Collector err = new Collector(p.getErrorStream());
            err.awaitContains("all input read, waiting for 2,000 records", 30);
            p.toHandle().destroy(); // SIGTERM, as Ctrl-C would (Process.destroy would also close our pipe ends)
            int code = exit(p);
            assertThat(code).as("interrupted").isEqualTo(ExitCode.INTERRUPTED);
            assertThat(out.all()).as("exit %d, stderr: %s", code, err.all()).startsWith("Sent to stream " + stream + ":" + NL)
                    .contains("user records        0 sent, 2,000 failed").contains("failures            Interrupted 2,000")
                    .contains("  throughput "); // the last summary line: the JVM did not halt mid-summary
            assertThat(err.all()).contains("interrupted: sending what is buffered (up to 10 s)..." + NL
                    + "interrupted: 0 records sent, 2,000 failed (2,000 not acknowledged within the 10 s deadline: "
                    + "they may or may not have been stored); all the input had been read" + NL)
                    .doesNotContain("the rest of the input was not sent");
        }
    }

    @Test
    void sigtermWhileBlockedReadingStdinReportsAfterWhichRecordReadingStopped() throws Exception {
        String stream = stream(1);
        Process p = cli("send", "-s", stream, "--endpoint", LOCAL.endpoint(), "--progress", "plain").start();
        Collector out = new Collector(p.getInputStream());
        Collector err = new Collector(p.getErrorStream());
        OutputStream stdin = p.getOutputStream();
        stdin.write((String.join("\n", lines(100)) + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush(); // and kept open: the CLI waits for more
        err.awaitContains("progress: 100 sent", 30);
        p.toHandle().destroy();
        int code = exit(p);
        assertThat(code).as("interrupted").isEqualTo(ExitCode.INTERRUPTED);
        assertThat(out.all()).as("exit %d, stderr: %s", code, err.all()).contains("user records        100 sent, 0 failed").contains("  throughput ");
        assertThat(err.all()).contains("interrupted: 100 records sent, 0 failed; reading stopped after stdin record "
                + "100: the rest of the input was not sent" + NL);
        stdin.close();
    }

    @Test
    void readIntoAFullDiskFailsWithExitCode1() throws Exception {
        File full = new File("/dev/full");
        assumeTrue(full.exists() && full.canWrite(), "needs /dev/full (Linux)");
        String stream = stream(1);
        Path file = Files.write(dir.resolve("few.jsonl"), lines(50), StandardCharsets.UTF_8);
        assertThat(exit(cli("send", "-s", stream, "--endpoint", LOCAL.endpoint(), "--progress", "none", file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start())).isZero();

        Process read = cli("read", "-s", stream, "--endpoint", LOCAL.endpoint()).redirectOutput(full).start();
        Collector err = new Collector(read.getErrorStream());
        assertThat(exit(read)).isEqualTo(ExitCode.ERROR);
        assertThat(err.all()).isEqualTo("error: cannot write the output: No space left on device; stopped reading "
                + "(check the disk space or where the output goes)" + NL);
    }

    @Test
    void readIntoAPipeThatClosesEarlyStopsQuietlyWithExitCode0() throws Exception {
        String stream = stream(2);
        byte[] many = (String.join("\n", lines(30_000)) + "\n").getBytes(StandardCharsets.UTF_8);
        Process send = cli("send", "-s", stream, "--endpoint", LOCAL.endpoint(), "--progress", "none")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream in = send.getOutputStream()) {
            in.write(many);
        }
        assertThat(exit(send)).isZero();

        Process read = cli("read", "-s", stream, "--endpoint", LOCAL.endpoint()).start();
        Collector err = new Collector(read.getErrorStream());
        try (BufferedReader head = new BufferedReader(
                new InputStreamReader(read.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(head.readLine()).startsWith("{\"id\":"); // `| head -2`
            assertThat(head.readLine()).startsWith("{\"id\":");
        }
        assertThat(exit(read)).isZero();
        // No stack trace, and no "read 30,000 user records": it stopped instead of reading everything.
        assertThat(err.all()).isEmpty();
    }

    @Test
    void anEndpointNobodyListensOnIsOneErrorLineWithoutTheProducersWarnings() throws Exception {
        Path file = Files.write(dir.resolve("two.txt"), List.of("a", "b"), StandardCharsets.UTF_8);
        Collector err;
        int closedPort;
        // Bound, never listening: connections to the port are refused, and nothing else on the machine can take it
        // meanwhile (as it could the port of a listener closed beforehand).
        try (java.net.Socket portHolder = new java.net.Socket()) {
            portHolder.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            closedPort = portHolder.getLocalPort();
            Process p = cli("send", "-s", "any", "--endpoint", "http://127.0.0.1:" + closedPort, "--progress", "none",
                    file.toString()).start();
            err = new Collector(p.getErrorStream());
            assertThat(exit(p)).isEqualTo(ExitCode.ERROR);
        }
        assertThat(err.all()).startsWith("error: cannot connect to Kinesis at http://127.0.0.1:" + closedPort
                + " (region us-east-1): connection refused").doesNotContain("WARN").doesNotContain("ShardMapTracker");
        assertThat(err.all().lines().count()).isEqualTo(1);
    }

    @Test
    void theEmulatorCommandServesOnAFixedPortUntilSigtermThenStopsWithExitCode130() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process p = cli("emulator", "--port", Integer.toString(port), "--stream", "experiments", "--shards", "2")
                .start();
        Collector out = new Collector(p.getInputStream());
        Collector err = new Collector(p.getErrorStream());
        try {
            out.awaitContains("Press Ctrl-C to stop the emulator.", 60);
            String endpoint = "http://127.0.0.1:" + port;
            assertThat(out.all0()).contains("kinesalite 3.3.3 is listening on " + endpoint)
                    .contains("stream 'experiments' is ACTIVE with 2 shards")
                    .contains("export AWS_ENDPOINT_URL_KINESIS=" + endpoint + " AWS_REGION=us-east-1");
            // What it suggests works, against the fixed port.
            Process send = cli("send", "-s", "experiments", "--endpoint", endpoint, "--progress", "none").start();
            try (OutputStream in = send.getOutputStream()) {
                in.write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(exit(send)).isZero();
            Process read = cli("read", "-s", "experiments", "--endpoint", endpoint).start();
            Collector records = new Collector(read.getInputStream());
            assertThat(exit(read)).isZero();
            assertThat(records.all().lines().sorted().toList()).containsExactly("one", "two");
        } finally {
            p.toHandle().destroy(); // SIGTERM, as Ctrl-C
        }
        assertThat(exit(p)).as(err.all()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(out.all()).contains("Stopping the emulator ... stopped.");
        try (java.net.Socket s = new java.net.Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(new java.net.InetSocketAddress(
                    java.net.InetAddress.getLoopbackAddress(), port), 1000)).as("nothing listens any more")
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void readFollowInterruptedPrintsItsCountAndExitsWith130() throws Exception {
        String stream = stream(1);
        Path file = Files.write(dir.resolve("five.jsonl"), lines(5), StandardCharsets.UTF_8);
        assertThat(exit(cli("send", "-s", stream, "--endpoint", LOCAL.endpoint(), "--progress", "none", file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start())).isZero();
        Process read = cli("read", "-s", stream, "--endpoint", LOCAL.endpoint(), "--follow").start();
        Collector out = new Collector(read.getInputStream());
        Collector err = new Collector(read.getErrorStream());
        out.awaitContains("\"seq\":4", 30);
        read.toHandle().destroy();
        assertThat(exit(read)).as(err.all()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(err.all()).isEqualTo("read 5 user records (1 Kinesis records) from 1 shard; interrupted" + NL);
    }
}
