package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.emulator.JsonValues;
import io.github.kinesisproducer.emulator.KinesisProxy;
import io.github.kinesisproducer.emulator.ProxyPlan;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.test.LocalKinesisExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's proofs through the real command line, in-process, against kinesalite on 127.0.0.1: binary round trips,
 * delimited streams read back to the exact count, order under injected retries, read's formats and limits, stream
 * administration, and one-line errors naming what was tried.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CliCommandsIT {
    private static final String NL = System.lineSeparator();

    @RegisterExtension
    static final LocalKinesisExtension LOCAL = new LocalKinesisExtension();

    @TempDir
    Path dir;

    private record Run(int exit, String out, byte[] outBytes, String err) {
    }

    private static Run cli(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), out.toByteArray(),
                err.toString(StandardCharsets.UTF_8));
    }

    private static Run cli(String... args) {
        return cli(new byte[0], args);
    }

    /** {@code args} against the shared emulator. */
    private static String[] at(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--endpoint";
        all[args.length + 1] = LOCAL.endpoint().toString();
        return all;
    }

    private static String stream(int shards) {
        return LOCAL.createStream("cli-cmd", shards).name();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void aRandomBinaryFileSentLengthPrefixedReadsBackWithTheSameSha256() throws Exception {
        String stream = stream(1);
        Random random = new Random(19);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        // 1 B to just under 1 MiB (a record counts its partition key too): zero bytes, newlines, all 256 values.
        int[] sizes = {1, 2, 10, 255, 256, 4096, 65_536, 300_000, 1024 * 1024 - 64, 1, 1024 * 1024 - 64, 777};
        for (int n = 0; n < 60; n++) {
            int size = n < sizes.length ? sizes[n] : 1 + random.nextInt(20_000);
            byte[] r = new byte[size];
            random.nextBytes(r);
            r[0] = (byte) (n % 3 == 0 ? 0 : n % 3 == 1 ? '\n' : r[0]);
            file.write(ByteBuffer.allocate(4).putInt(size).array());
            file.write(r);
        }
        Path in = Files.write(dir.resolve("random.bin"), file.toByteArray());

        Run send = cli(at("send", "-s", stream, "--framing", "length-prefixed", "--strict-ordering", "--progress",
                "none", in.toString()));
        assertThat(send.exit()).as(send.err()).isZero();
        assertThat(send.out()).contains("60 sent, 0 failed");

        Path back = dir.resolve("back.bin");
        Run read = cli(at("read", "-s", stream, "--format", "length-prefixed", "--output", back.toString()));
        assertThat(read.exit()).as(read.err()).isZero();
        assertThat(read.err()).contains("read 60 user records");
        assertThat(sha256(Files.readAllBytes(back))).isEqualTo(sha256(file.toByteArray()));

        // Raw output of one record is that record's bytes; base64 lines decode to the records.
        Run one = cli(at("read", "-s", stream, "--format", "raw", "--max-records", "1"));
        assertThat(one.outBytes()).hasSize(1);
        Run b64 = cli(at("read", "-s", stream, "--format", "base64", "--max-records", "3"));
        assertThat(b64.out().lines().map(l -> java.util.Base64.getDecoder().decode(l).length).toList())
                .containsExactly(1, 2, 10);
    }

    @Test
    void aDelimitedStreamReadsBackToTheExactUserRecordCount() throws Exception {
        String stream = stream(2);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            lines.append("event ").append(i).append('\n');
        }
        Run send = cli(lines.toString().getBytes(StandardCharsets.UTF_8), at("send", "-s", stream, "--aggregation",
                "delimited", "--progress", "none", "--json"));
        assertThat(send.exit()).as(send.err()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) JsonValues.parse(send.out());
        long kinesisRecords = ((Number) summary.get("kinesisRecords")).longValue();
        assertThat(kinesisRecords).as("joined").isLessThan(200);

        // send noted the delimiter on this machine: read splits without being told.
        Run read = cli(at("read", "-s", stream));
        assertThat(read.exit()).as(read.err()).isZero();
        assertThat(read.err()).contains("note: splitting records on the delimiter '\\n' that send used")
                .contains("read 20,000 user records (" + kinesisRecords + " Kinesis records)");
        assertThat(read.out().lines().sorted().toList()).isEqualTo(lines.toString().lines().sorted().toList());

        // Told explicitly, or told not to.
        assertThat(cli(at("read", "-s", stream, "--delimiter", "\\n")).err()).contains("read 20,000 user records");
        assertThat(cli(at("read", "-s", stream, "--delimiter", "none")).err())
                .contains("read " + kinesisRecords + " user records");

        // Binary records with newlines inside, joined with another delimiter, come back whole.
        String other = stream(1);
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        for (int i = 0; i < 500; i++) {
            byte[] r = ("line one\nline two " + i).getBytes(StandardCharsets.UTF_8);
            framed.write(ByteBuffer.allocate(4).putInt(r.length).array());
            framed.write(r);
        }
        Path in = Files.write(dir.resolve("multi.bin"), framed.toByteArray());
        assertThat(cli(at("send", "-s", other, "--aggregation", "delimited", "--delimiter", "\\0", "--framing",
                "length-prefixed", "--strict-ordering", "--progress", "none", in.toString())).exit()).isZero();
        Run back = cli(at("read", "-s", other, "--format", "length-prefixed"));
        assertThat(back.err()).contains("'\\0'").contains("read 500 user records");
        assertThat(sha256(back.outBytes())).isEqualTo(sha256(framed.toByteArray()));
    }

    @Test
    void strictOrderingKeepsPerKeyOrderUnderInjectedRetries() throws Exception {
        String stream = stream(3);
        Random faults = new Random(7);
        AtomicInteger throttled = new AtomicInteger();
        // Each record is failed at most once: strict ordering sends one record per shard per call, so ~400 calls
        // each failing at random with p=1/3 would exhaust the 10 attempts of some record in ~2% of runs.
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        try (KinesisProxy proxy = KinesisProxy.start(LOCAL.endpoint(), request -> {
            if (!request.operation().equals("PutRecords")) {
                return ProxyPlan.forward();
            }
            List<String> data = recordData(request.bodyAsUtf8());
            boolean fresh = data.stream().noneMatch(failedOnce::contains);
            if (fresh && (throttled.get() == 0 || faults.nextInt(3) == 0)) {
                failedOnce.addAll(data);
                throttled.incrementAndGet(); // nothing stored: the producer must retry the whole call
                return ProxyPlan.error(500, "InternalFailureException", "injected by the test");
            }
            return ProxyPlan.forward();
        })) {
            StringBuilder input = new StringBuilder();
            for (int i = 0; i < 1200; i++) {
                input.append("{\"key\":\"k").append(i % 25).append("\",\"seq\":").append(i).append("}\n");
            }
            Run send = cli(input.toString().getBytes(StandardCharsets.UTF_8), "send", "-s", stream, "--endpoint",
                    proxy.endpoint().toString(), "--partition-key", "json:key", "--strict-ordering", "--max-in-flight",
                    "8", "--linger", "20ms", "--aggregation", "none", "--set", "max_records_per_request=100", "--set", "retry_backoff=10ms",
                    "--progress", "none", "--json");
            assertThat(send.exit()).as(send.err()).isZero();
            @SuppressWarnings("unchecked")
            Map<String, Object> summary = (Map<String, Object>) JsonValues.parse(send.out());
            assertThat(((Number) summary.get("retries")).longValue()).as("retries happened: %s", send.out())
                    .isPositive();
            assertThat(throttled.get()).isPositive();
        }
        Run read = cli(at("read", "-s", stream, "--format", "jsonl"));
        Map<String, Integer> last = new HashMap<>();
        int records = 0;
        for (String line : read.out().lines().toList()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) JsonValues.parse(line);
            String data = (String) r.get("data");
            String key = (String) r.get("partitionKey");
            int seq = Integer.parseInt(data.replaceAll(".*\"seq\":([0-9]+).*", "$1"));
            Integer before = last.put(key, seq);
            assertThat(before == null || before < seq).as("key %s: %s after %s", key, seq, before).isTrue();
            records++;
        }
        assertThat(records).as("exactly once").isEqualTo(1200);
    }

    @Test
    void readStopsAtMaxRecordsWhenIdleAndStartsAtATimeOrASequenceNumber() throws Exception {
        String stream = stream(1);
        byte[] first = "a\nb\nc\n".getBytes(StandardCharsets.UTF_8);
        assertThat(cli(first, at("send", "-s", stream, "--strict-ordering", "--progress", "none")).exit()).isZero();
        Thread.sleep(1100); // arrival timestamps have a resolution of a second or so: leave a clear gap
        Instant between = Instant.now();
        Thread.sleep(1100);
        assertThat(cli("d\ne\n".getBytes(StandardCharsets.UTF_8), at("send", "-s", stream, "--strict-ordering",
                "--progress", "none")).exit()).isZero();

        Run jsonl = cli(at("read", "-s", stream, "--format", "jsonl"));
        List<Map<String, Object>> all = new ArrayList<>();
        for (String l : jsonl.out().lines().toList()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) JsonValues.parse(l);
            all.add(r);
        }
        assertThat(all).extracting(r -> r.get("data")).containsExactly("a", "b", "c", "d", "e");
        assertThat(all.get(0)).containsKeys("shardId", "sequenceNumber", "subSequenceNumber", "partitionKey",
                "explicitHashKey", "approximateArrivalTimestamp");

        Run two = cli(at("read", "-s", stream, "--max-records", "2"));
        assertThat(two.out()).isEqualTo("a\nb\n");
        assertThat(two.err()).contains("read 2 user records").contains("stopped at --max-records 2");

        Run since = cli(at("read", "-s", stream, "--from", "at-timestamp:" + between));
        assertThat(since.out()).isEqualTo("d\ne\n");

        // Each record of a KPL aggregate has the aggregate's sequence number: from there on, the aggregate is read.
        String dSequence = (String) all.get(3).get("sequenceNumber");
        Run fromD = cli(at("read", "-s", stream, "--from", "at-sequence:" + dSequence));
        assertThat(fromD.out()).isEqualTo("d\ne\n");

        Run idle = cli(at("read", "-s", stream, "--until-idle", "1s", "--json", "--output",
                dir.resolve("all.txt").toString()));
        assertThat(idle.exit()).isZero();
        assertThat(Files.readString(dir.resolve("all.txt"))).isEqualTo("a\nb\nc\nd\ne\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) JsonValues.parse(idle.out());
        assertThat(summary).containsEntry("command", "read").containsEntry("endedBy", "idle")
                .containsKey("exitCode");
        assertThat(((Number) summary.get("exitCode")).intValue()).isZero();
        assertThat(((Number) summary.get("userRecords")).intValue()).isEqualTo(5);
    }

    @Test
    void streamCommandsCreateDescribeListReshardAndDelete() {
        String name = StreamAdmin.uniqueStreamName("cli-admin");
        Run create = cli(at("stream", "create", name, "--shards", "3", "--wait"));
        assertThat(create.exit()).as(create.err()).isZero();
        assertThat(create.out()).startsWith("stream '" + name + "' is ACTIVE: 3 shards");

        Run again = cli(at("stream", "create", name, "--shards", "3"));
        assertThat(again.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(again.err()).isEqualTo("error: stream '" + name + "' already exists in region us-east-1 at "
                + LOCAL.endpoint().toString() + " (see kinesis-producer stream describe " + name + ")" + NL);

        Run describe = cli(at("stream", "describe", name));
        assertThat(describe.exit()).as(describe.err()).isZero();
        assertThat(describe.out()).contains("status           ACTIVE").contains("mode             PROVISIONED")
                .contains("distribution     USER_PARTITION_KEY").contains("retention        24 h")
                .contains("max record size  1024 KiB").contains("open shards      3")
                .contains("shardId-000000000002  open    ").contains("340282366920938463463374607431768211455");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) JsonValues.parse(cli(at("stream", "describe", name,
                "--json")).out());
        assertThat(json).containsEntry("recordDistributionStrategy", "USER_PARTITION_KEY");
        assertThat((List<?>) json.get("shards")).hasSize(3);

        assertThat(cli(at("stream", "list")).out().lines().toList()).contains(name);

        Run reshard = cli(at("stream", "reshard", name, "--shards", "6"));
        assertThat(reshard.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(reshard.err()).isEqualTo("error: the endpoint " + LOCAL.endpoint().toString() + " does not implement "
                + "UpdateShardCount (kinesalite, the bundled emulator, does not): create the stream anew with --shards "
                + "6, or split and merge shards with another tool (SplitShard, MergeShards)" + NL);

        Run delete = cli(at("stream", "delete", name, "--wait"));
        assertThat(delete.exit()).as(delete.err()).isZero();
        assertThat(cli(at("stream", "list")).out().lines().toList()).doesNotContain(name);

        Run gone = cli(at("stream", "describe", name));
        assertThat(gone.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(gone.err()).isEqualTo("error: stream '" + name + "' not found in region us-east-1 at "
                + LOCAL.endpoint().toString() + ": check --stream and --region (or --endpoint), or create it: kinesis-producer "
                + "stream create " + name + " --shards 1" + NL);
    }

    @Test
    void everyCommandGivesOneLineNamingTheEndpointAndRegionWhenNobodyListens() throws Exception {
        // Bound, never listening: connections are refused, and nothing else can take the port meanwhile.
        try (java.net.Socket portHolder = new java.net.Socket()) {
            portHolder.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            String endpoint = "http://127.0.0.1:" + portHolder.getLocalPort();
            String expected = "error: cannot connect to Kinesis at " + endpoint + " (region us-east-1): connection "
                    + "refused. Check --endpoint and --region; is the emulator running? (kinesis-producer emulator)" + NL;
            Path file = Files.write(dir.resolve("two.txt"), List.of("a", "b"), StandardCharsets.UTF_8);
            for (String[] args : new String[][] {
                {"send", "-s", "any", "--progress", "none", file.toString()},
                {"read", "-s", "any"},
                {"stream", "describe", "any"},
                {"stream", "list"}}) {
                String[] all = java.util.Arrays.copyOf(args, args.length + 2);
                all[args.length] = "--endpoint";
                all[args.length + 1] = endpoint;
                Run r = cli(all);
                assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(ExitCode.ERROR);
                assertThat(r.err()).as(String.join(" ", args)).isEqualTo(expected);
            }
        }
    }

    @Test
    void aMissingStreamIsOneLineNamingStreamRegionAndEndpointInReadAndSend() throws Exception {
        String expected = "error: stream 'no-such-stream' not found in region us-east-1 at " + LOCAL.endpoint().toString()
                + ": check --stream and --region (or --endpoint), or create it: kinesis-producer stream create "
                + "no-such-stream --shards 1" + NL;
        assertThat(cli(at("read", "-s", "no-such-stream")).err()).isEqualTo(expected);
        Run send = cli("x\n".getBytes(StandardCharsets.UTF_8), at("send", "-s", "no-such-stream", "--progress", "none"));
        assertThat(send.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(send.err()).isEqualTo(expected);
    }

    @Test
    void aStreamThatIsNotActiveSaysItsStatus() {
        String stream = stream(1);
        try (KinesisProxy creating = KinesisProxy.start(LOCAL.endpoint(), request -> switch (
                request.operation()) {
            // What Kinesis answers while a stream is being created.
            case "ListShards", "GetShardIterator" -> ProxyPlan.error(400, "ResourceInUseException", "Stream " + stream
                    + " under account 000000000000 is not ACTIVE.");
            case "DescribeStreamSummary" -> ProxyPlan.forward().withResponse((req, resp) -> resp.withBody(
                    resp.bodyAsUtf8().replace("\"ACTIVE\"", "\"CREATING\"").getBytes(StandardCharsets.UTF_8)));
            default -> ProxyPlan.forward();
        })) {
            String expected = "error: stream '" + stream + "' in region us-east-1 at " + creating.endpoint()
                    + " is CREATING, not ACTIVE: wait until it is (kinesis-producer stream describe " + stream
                    + "), then try again" + NL;
            Run read = cli("read", "-s", stream, "--endpoint", creating.endpoint().toString());
            assertThat(read.exit()).isEqualTo(ExitCode.ERROR);
            assertThat(read.err()).isEqualTo(expected);
            Run send = cli("x\n".getBytes(StandardCharsets.UTF_8), "send", "-s", stream, "--endpoint",
                    creating.endpoint().toString(), "--progress", "none");
            assertThat(send.exit()).isEqualTo(ExitCode.ERROR);
            assertThat(send.err()).isEqualTo(expected);
        }
    }

    @Test
    void aConfigFileWithKplKeysDrivesARealSendAndItsIgnoredKeysAreNotedOnce() throws Exception {
        String stream = stream(2);
        Path config = Files.writeString(dir.resolve("kpl.properties"), """
                AggregationEnabled = false
                RecordMaxBufferedTime = 50
                MetricsLevel = none
                """);
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            input.append("r").append(i).append('\n');
        }
        Run send = cli(input.toString().getBytes(StandardCharsets.UTF_8), at("send", "-s", stream, "--config",
                config.toString(), "--progress", "none"));
        assertThat(send.exit()).as(send.err()).isZero();
        assertThat(send.out()).contains("40 sent, 0 failed").contains("Kinesis records     40 ");
        assertThat(send.err()).isEqualTo("note: " + config + ": MetricsLevel is ignored: metrics are read with "
                + "producer.metrics(), a ProducerListener or MicrometerMetrics (CloudWatch through a Micrometer "
                + "registry)" + NL);

        // Named options win over the file: KPL aggregation again.
        Run named = cli(input.toString().getBytes(StandardCharsets.UTF_8), at("send", "-s", stream, "--config",
                config.toString(), "--aggregation", "kpl", "--progress", "none"));
        assertThat(named.out()).doesNotContain("Kinesis records     40 ");
    }

    @Test
    void theSdksConfiguredEndpointIsUsedWhenNoEndpointIsGiven() {
        String stream = stream(1);
        System.setProperty("aws.endpointUrlKinesis", LOCAL.endpoint().toString());
        try {
            assertThat(cli("hello\n".getBytes(StandardCharsets.UTF_8), "send", "-s", stream, "--progress", "none")
                    .exit()).isZero();
            Run read = cli("read", "-s", stream);
            assertThat(read.out()).isEqualTo("hello\n");
        } finally {
            System.clearProperty("aws.endpointUrlKinesis");
        }
    }

    @Test
    void sendJsonHasCountsBytesAttemptsLatenciesAndDuration() {
        String stream = stream(1);
        Run send = cli("a\nb\nc\n".getBytes(StandardCharsets.UTF_8), at("send", "-s", stream, "--json", "--progress",
                "none"));
        assertThat(send.exit()).isZero();
        assertThat(send.out().lines().count()).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) JsonValues.parse(send.out());
        assertThat(j).containsEntry("command", "send").containsEntry("stream", stream).containsEntry("outcome", "ok")
                .containsKeys("exitCode", "failuresByCode", "errorsByCode", "kinesisRecords",
                        "putRecordsCalls", "retries", "bytes", "attempts", "latencyMillis", "durationSeconds");
        assertThat(j.get("userRecords").toString()).contains("sent=3").contains("failed=0");
        assertThat(j.get("attempts").toString()).contains("total=3").contains("1=3");
        assertThat(j.get("latencyMillis").toString()).contains("p50=").contains("p99=").contains("max=");
    }

    @Test
    void missingCredentialsNameWhereTheyWereLookedFor() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty-aws-file"), "");
        System.setProperty("aws.configFile", empty.toString());
        System.setProperty("aws.sharedCredentialsFile", empty.toString());
        try {
            String expected = "error: no AWS credentials could be loaded from profile 'nobody' (~/.aws/credentials, "
                    + "~/.aws/config): set them (aws configure, aws sso login, or AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY) or pass --profile" + NL;
            Run read = cli(at("read", "-s", "any", "--profile", "nobody", "--region", "us-east-1"));
            assertThat(read.exit()).isEqualTo(ExitCode.ERROR);
            assertThat(read.err()).isEqualTo(expected);
            Run send = cli("x\n".getBytes(StandardCharsets.UTF_8), at("send", "-s", "any", "--profile", "nobody",
                    "--region", "us-east-1", "--progress", "none"));
            assertThat(send.exit()).isEqualTo(ExitCode.ERROR);
            assertThat(send.err()).isEqualTo(expected);
        } finally {
            System.clearProperty("aws.configFile");
            System.clearProperty("aws.sharedCredentialsFile");
        }
    }

    @Test
    void accessDeniedNamesTheRefusedActionAndTlsFailuresTheEndpoint() {
        try (KinesisProxy denied = KinesisProxy.start(LOCAL.endpoint(), request -> ProxyPlan.error(400,
                "AccessDeniedException", "User: arn:aws:iam::000000000000:user/reader is not authorized to perform: "
                        + "kinesis:" + request.operation() + " on resource: arn:aws:kinesis:us-east-1:000000000000:"
                        + "stream/orders because no identity-based policy allows the kinesis:" + request.operation()
                        + " action"))) {
            Run read = cli("read", "-s", "orders", "--endpoint", denied.endpoint().toString());
            assertThat(read.exit()).isEqualTo(ExitCode.ERROR);
            assertThat(read.err()).startsWith("error: access denied: ListShards on stream 'orders' at "
                    + denied.endpoint() + " (region us-east-1) is not allowed for the credentials from ")
                    .endsWith(": ask for the kinesis:ListShards permission, or use other credentials (--profile)" + NL);
            assertThat(read.err().lines().count()).isEqualTo(1);
            Run describe = cli("stream", "describe", "orders", "--endpoint", denied.endpoint().toString());
            assertThat(describe.err()).startsWith("error: access denied: DescribeStreamSummary on stream 'orders'");
        }
        // kinesalite speaks plain HTTP: a TLS client gets no handshake.
        String https = LOCAL.endpoint().toString().replace("http://", "https://");
        for (String[] args : new String[][] {{"read", "-s", "any"}, {"stream", "list"}}) {
            String[] all = java.util.Arrays.copyOf(args, args.length + 2);
            all[args.length] = "--endpoint";
            all[args.length + 1] = https;
            Run r = cli(all);
            assertThat(r.exit()).isEqualTo(ExitCode.ERROR);
            assertThat(r.err()).startsWith("error: TLS with " + https + " (region us-east-1) failed (")
                    .contains("javax.net.ssl.trustStore");
            assertThat(r.err().lines().count()).isEqualTo(1);
        }
        Run send = cli("x\n".getBytes(StandardCharsets.UTF_8), "send", "-s", "any", "--endpoint", https, "--progress",
                "none");
        assertThat(send.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(send.err()).startsWith("error: TLS with " + https + " (region us-east-1) failed (");
    }

    @Test
    void theEmulatorOnAPortInUseIsOneLineSayingWhatToDo() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run r = cli("emulator", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(r.exit()).isEqualTo(ExitCode.ERROR);
            assertThat(r.err()).isEqualTo("error: cannot start the emulator: port " + taken.getLocalPort() + " on "
                    + "127.0.0.1 is in use (another emulator?); pick another with --port, or --port 0 for any free port"
                    + NL);
        }
    }

    /** The base64 Data of every entry of a PutRecords body. */
    @SuppressWarnings("unchecked")
    private static List<String> recordData(String body) {
        Map<String, Object> request = (Map<String, Object>) JsonValues.parse(body);
        List<String> data = new ArrayList<>();
        for (Object entry : (List<Object>) request.get("Records")) {
            data.add((String) ((Map<String, Object>) entry).get("Data"));
        }
        return data;
    }
}
