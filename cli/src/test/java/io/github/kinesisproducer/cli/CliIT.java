package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.test.LocalKinesisExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
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

/** {@code send} then {@code read} through the real command line, against kinesalite on 127.0.0.1. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliIT {
    @RegisterExtension
    static final LocalKinesisExtension LOCAL = new LocalKinesisExtension();

    @TempDir
    Path dir;

    /** Exit code, stdout and stderr of one in-process run. */
    private record Run(int exit, String out, String err) {
    }

    private static Run cli(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run cli(String... args) {
        return cli(new byte[0], args);
    }

    private static String stream(int shards) {
        return LOCAL.createStream("cli-it", shards).name();
    }

    private static List<String> jsonLines(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"id\":\"user-" + (i % 37) + "\",\"seq\":" + i + ",\"text\":\"é "
                + "x".repeat(i % 50) + "\"}").toList();
    }

    @Test
    void sendAFileWithJsonKeysThenReadEveryRecordBackWithItsKey() throws Exception {
        String stream = stream(3);
        List<String> lines = jsonLines(600);
        Path file = Files.write(dir.resolve("events.jsonl"), lines, StandardCharsets.UTF_8);

        Run send = cli("send", "--stream", stream, "--endpoint", LOCAL.endpoint().toString(), "--partition-key", "json:id",
                "--progress", "plain", file.toString());
        assertThat(send.exit()).as(send.err()).isZero();
        assertThat(send.out()).contains("Sent to stream " + stream).contains("600 sent, 0 failed")
                .contains("user records per Kinesis record").contains("failures            none");

        Run read = cli("read", "--stream", stream, "--endpoint", LOCAL.endpoint().toString());
        assertThat(read.exit()).as(read.err()).isZero();
        assertThat(read.out().lines().toList()).containsExactlyInAnyOrderElementsOf(lines);
        assertThat(read.err()).contains("read 600 user records").contains("from 3 shards");

        Run keyed = cli("read", "--stream", stream, "--endpoint", LOCAL.endpoint().toString(), "--show-keys");
        List<String> expected = lines.stream().map(l -> JsonField.find(l, "id") + "\t" + l).toList();
        assertThat(keyed.out().lines().toList()).containsExactlyInAnyOrderElementsOf(expected);
        // KPL aggregation packed them: far fewer Kinesis records than user records.
        assertThat(Long.parseLong(keyed.err().replaceAll("(?s).*\\(([0-9,]+) Kinesis records\\).*", "$1")
                .replace(",", ""))).isLessThan(100);
    }

    @Test
    void delimitedAggregationFromStdinReadsBackAsTheSameLines() {
        String stream = stream(2);
        List<String> lines = jsonLines(300);
        byte[] stdin = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);

        Run send = cli(stdin, "send", "--stream", stream, "--endpoint", LOCAL.endpoint().toString(), "--aggregation", "delimited",
                "--progress", "none");
        assertThat(send.exit()).as(send.err()).isZero();
        assertThat(send.out()).contains("300 sent, 0 failed");

        Run read = cli("read", "--stream", stream, "--endpoint", LOCAL.endpoint().toString());
        assertThat(read.exit()).isZero();
        assertThat(read.out().lines().toList()).containsExactlyInAnyOrderElementsOf(lines);
    }

    @Test
    void lengthPrefixedBinaryRecordsWithoutAggregationArriveByteForByte() throws Exception {
        String stream = stream(1);
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String r = "record " + i + (i % 2 == 0 ? " with\ttab" : "");
            records.add(r);
            byte[] b = r.getBytes(StandardCharsets.UTF_8);
            framed.write(ByteBuffer.allocate(4).putInt(b.length).array());
            framed.write(b);
        }
        Path file = Files.write(dir.resolve("records.bin"), framed.toByteArray());

        Run send = cli("send", "--stream", stream, "--endpoint", LOCAL.endpoint().toString(), "--framing", "length-prefixed",
                "--aggregation", "none", "--partition-key", "line", "--progress", "none", file.toString());
        assertThat(send.exit()).as(send.err()).isZero();
        assertThat(send.out()).contains("50 sent, 0 failed").contains("Kinesis records     50 ");

        Run read = cli("read", "--stream", stream, "--endpoint", LOCAL.endpoint().toString(), "--show-keys");
        // Any order, even on one shard: without strict ordering (the CLI has no such option) two requests may be in
        // flight together (docs/reliability.md §4).
        assertThat(read.out().lines().toList())
                .containsExactlyInAnyOrderElementsOf(records.stream().map(r -> r + "\t" + r).toList());
    }

    @Test
    void readFollowShowsRecordsThatArriveLater() throws Exception {
        String stream = stream(2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream sharedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        int[] exit = {-1};
        Thread follower = new Thread(() -> exit[0] = Main.run(
                new String[] {"read", "--stream", stream, "--endpoint", LOCAL.endpoint().toString(), "--follow"},
                new ByteArrayInputStream(new byte[0]), sharedOut,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        follower.start();
        try {
            Thread.sleep(1500); // the reader is now polling an empty stream
            byte[] later = "late-1\nlate-2\n".getBytes(StandardCharsets.UTF_8);
            assertThat(cli(later, "send", "--stream", stream, "--endpoint", LOCAL.endpoint().toString(), "--progress", "none").exit())
                    .isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(out.toString(StandardCharsets.UTF_8).contains("late-1")
                    && out.toString(StandardCharsets.UTF_8).contains("late-2")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(out.toString(StandardCharsets.UTF_8).lines().toList())
                    .containsExactlyInAnyOrder("late-1", "late-2");
            assertThat(follower.isAlive()).as("--follow keeps running").isTrue();
        } finally {
            follower.interrupt(); // as Ctrl-C would end it
            follower.join(10_000);
        }
        assertThat(follower.isAlive()).isFalse();
    }

    @Test
    void theProxyOptionCarriesSendReadAndStreamThroughARealProxy_andWrongCredentialsAreOneLine() {
        String password = "p@ss:1";
        try (io.github.kinesisproducer.emulator.ForwardProxy proxy =
                io.github.kinesisproducer.emulator.ForwardProxy.start("cli", password)) {
            String stream = stream(2);
            String endpoint = LOCAL.endpoint().toString();
            String url = proxy.url("cli", password).toString();
            List<String> lines = jsonLines(200);
            byte[] stdin = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);

            Run send = cli(stdin, "send", "--stream", stream, "--endpoint", endpoint, "--proxy", url, "--progress",
                    "none");
            assertThat(send.exit()).as(send.err()).isZero();
            assertThat(send.out()).contains("200 sent, 0 failed");
            Run describe = cli("stream", "describe", stream, "--endpoint", endpoint, "--proxy", url);
            assertThat(describe.exit()).as(describe.err()).isZero();
            Run read = cli("read", "--stream", stream, "--endpoint", endpoint, "--proxy", url);
            assertThat(read.exit()).as(read.err()).isZero();
            assertThat(read.out().lines().toList()).containsExactlyInAnyOrderElementsOf(lines);
            assertThat(proxy.log()).as("the proxy's log").contains("REQUEST OPTIONS " + endpoint + "/")
                    .anyMatch(l -> l.equals("REQUEST POST " + endpoint + "/"));
            assertThat(proxy.requests()).isGreaterThanOrEqualTo(5);
            assertThat(proxy.authFailures()).isZero();

            Run wrong = cli(stdin, "send", "--stream", stream, "--endpoint", endpoint, "--proxy",
                    proxy.url("cli", "not-it").toString(), "--progress", "none");
            assertThat(wrong.exit()).isEqualTo(ExitCode.ERROR);
            assertThat(wrong.err()).startsWith("error: cannot reach Kinesis at " + endpoint + ": the proxy http://"
                    + "127.0.0.1:" + proxy.port() + " (proxy_url, with credentials) refused the user name and password")
                    .doesNotContain("not-it").doesNotContain(password);
            assertThat(wrong.err().lines().count()).isEqualTo(1);
            Run https = cli("send", "--stream", stream, "--endpoint", endpoint, "--proxy", "https://u:secret@p:1");
            assertThat(https.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(https.err()).contains("TLS to the proxy itself").doesNotContain("secret");
        }
    }

    @Test
    void sendingToAMissingStreamIsOneLineAndExitCode1BeforeAnythingIsSent() throws Exception {
        Path file = Files.write(dir.resolve("few.txt"), List.of("a", "b", "c"), StandardCharsets.UTF_8);
        Run send = cli("send", "--stream", "no-such-stream", "--endpoint", LOCAL.endpoint().toString(), "--progress", "none",
                file.toString());
        assertThat(send.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(send.err()).isEqualTo("error: stream 'no-such-stream' not found in region us-east-1 at "
                + LOCAL.endpoint().toString() + ": check --stream and --region (or --endpoint), or create it: kinesis-producer "
                + "stream create no-such-stream --shards 1" + System.lineSeparator());
        assertThat(send.out()).isEmpty();
    }

    @Test
    void sendingToAnEndpointNobodyListensOnIsOneLineAndExitCode1BeforeAnythingIsSent() throws Exception {
        Path file = Files.write(dir.resolve("few2.txt"), List.of("a", "b"), StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        Run send;
        int closedPort;
        // Bound, never listening: connections to the port are refused, and nothing else on the machine can take it
        // meanwhile (as it could the port of a listener closed beforehand).
        try (java.net.Socket portHolder = new java.net.Socket()) {
            portHolder.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            closedPort = portHolder.getLocalPort();
            send = cli("send", "--stream", "any", "--endpoint", "http://127.0.0.1:" + closedPort,
                    "--progress", "none", file.toString());
        }
        assertThat(send.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(send.err()).startsWith("error: cannot connect to Kinesis at http://127.0.0.1:" + closedPort
                + " (region us-east-1): connection refused");
        assertThat(send.err().lines().count()).isEqualTo(1);
        assertThat(send.out()).isEmpty();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(20);
    }

    @Test
    void recordsThatFailAreCountedByCodeAndGiveExitCode3() throws Exception {
        String stream = stream(1);
        Path file = Files.write(dir.resolve("mixed.jsonl"),
                List.of("{\"id\":\"a\"}", "{\"name\":\"no id\"}", "{\"id\":\"b\"}", "not json"),
                StandardCharsets.UTF_8);
        Run send = cli("send", "--stream", stream, "--endpoint", LOCAL.endpoint().toString(), "--partition-key", "json:id",
                "--progress", "none", file.toString());
        assertThat(send.exit()).isEqualTo(ExitCode.RECORDS_FAILED);
        assertThat(send.out()).contains("2 sent, 2 failed").contains("failures            NoPartitionKey 2");
        assertThat(send.err()).contains("mixed.jsonl record 2: JSON has no field 'id'")
                .contains("mixed.jsonl record 4: not valid JSON").doesNotContain("\tat ");
        assertThat(cli("read", "--stream", stream, "--endpoint", LOCAL.endpoint().toString()).out().lines().toList())
                .containsExactlyInAnyOrder("{\"id\":\"a\"}", "{\"id\":\"b\"}"); // no order promise
    }

    @Test
    void readingAMissingStreamIsOneLineAndExitCode1() {
        Run read = cli("read", "--stream", "no-such-stream", "--endpoint", LOCAL.endpoint().toString());
        assertThat(read.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(read.err().lines().toList()).hasSize(1);
        assertThat(read.err()).startsWith("error: stream 'no-such-stream' not found in region us-east-1 at ");
    }

    @Test
    void aLineTooLongInTheMiddleEndsWithTheSummaryAndWhereReadingStoppedSoNothingIsResentTwice() throws Exception {
        String stream = stream(1);
        Path file = dir.resolve("with-a-huge-line.txt");
        try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("r1\nr2\n\n");
            w.write("x".repeat(Framing.MAX_RECORD_BYTES + 10));
            w.write("\nr4\n");
        }
        Run send = cli("send", "--stream", stream, "--endpoint", LOCAL.endpoint().toString(), "--progress", "none", file.toString());
        assertThat(send.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(send.out()).startsWith("Sent to stream " + stream + ":").contains("2 sent, 0 failed")
                .contains("throughput");
        assertThat(send.err()).isEqualTo("error: cannot read " + file + " record 3 (line 4): the line is longer than "
                + "10,485,760 bytes, the largest Kinesis record (wrong --framing?). Reading stopped there: the 2 "
                + "records before it were handed over (see the summary); it and the rest of the input were not sent: "
                + "fix it, then send only from there on, or records are sent twice" + System.lineSeparator());
        assertThat(cli("read", "--stream", stream, "--endpoint", LOCAL.endpoint().toString()).out().lines().toList())
                .containsExactlyInAnyOrder("r1", "r2"); // no order promise
    }

    @Test
    void aTruncatedLengthPrefixedFileEndsWithTheSummaryAndNamesTheRecord() throws Exception {
        String stream = stream(1);
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        for (String r : new String[] {"one", "two"}) {
            framed.write(ByteBuffer.allocate(4).putInt(r.length()).array());
            framed.write(r.getBytes(StandardCharsets.UTF_8));
        }
        framed.write(ByteBuffer.allocate(4).putInt(100).array());
        framed.write("cut".getBytes(StandardCharsets.UTF_8));
        Path file = Files.write(dir.resolve("cut.bin"), framed.toByteArray());

        Run send = cli("send", "--stream", stream, "--endpoint", LOCAL.endpoint().toString(), "--framing", "length-prefixed",
                "--progress", "none", file.toString());
        assertThat(send.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(send.out()).contains("2 sent, 0 failed");
        assertThat(send.err()).startsWith("error: cannot read " + file + " record 3 (length prefix at byte 14): input "
                + "ends inside a record: the prefix announced 100 bytes, only 3 followed")
                .contains("the 2 records before it were handed over");
    }

    @Test
    void readStopsWithOneErrorLineAndExitCode1WhenItsOutputCannotBeWritten() {
        String stream = stream(1);
        byte[] lines = (String.join("\n", jsonLines(300)) + "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(cli(lines, "send", "--stream", stream, "--endpoint", LOCAL.endpoint().toString(), "--progress", "none").exit())
                .isZero();
        String[] read = {"read", "--stream", stream, "--endpoint", LOCAL.endpoint().toString()};

        Run full = readInto(failingAfter(1000, "No space left on device"), read);
        assertThat(full.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(full.err()).isEqualTo("error: cannot write the output: No space left on device; stopped reading "
                + "(check the disk space or where the output goes)" + System.lineSeparator());

        // Through a PrintStream, which keeps only a flag: still noticed.
        Run printStream = readInto(new PrintStream(failingAfter(1000, "Input/output error"), true), read);
        assertThat(printStream.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(printStream.err()).startsWith("error: cannot write the output: ");

        // `read | head`: the reader went away, which is not an error.
        Run closedPipe = readInto(failingAfter(1000, "Broken pipe"), read);
        assertThat(closedPipe.exit()).isZero();
        assertThat(closedPipe.err()).isEmpty();
    }

    private static Run readInto(java.io.OutputStream records, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                records);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Takes {@code n} bytes, then fails every write as a full disk or a closed pipe does. */
    private static java.io.OutputStream failingAfter(int n, String message) {
        return new java.io.OutputStream() {
            int written;

            @Override
            public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                if (written + len > n) {
                    throw new java.io.IOException(message);
                }
                written += len;
            }
        };
    }
}
