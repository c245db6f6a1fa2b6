package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.emulator.EmulatorClients;
import io.github.kinesisproducer.emulator.Kinesalite;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.io.PrintStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * {@code demo}: the whole producer story on one machine, in a few seconds: emulator, stream, send with KPL
 * aggregation, read back every shard, verify. Written for someone who just cloned the repository.
 */
@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Local end-to-end demo: emulator, stream, send, read back, verify every record.",
        description = {
            "Starts a local Kinesis emulator (kinesalite on 127.0.0.1; needs Node.js and npm, installs kinesalite "
                    + "on first use), creates a stream, sends sample orders through the producer with KPL "
                    + "aggregation, reads every shard back, de-aggregates, and checks that every record arrived "
                    + "exactly once, byte for byte. Nothing leaves this machine; the emulator is stopped at the end.",
            "Exit code 0 only if the verification passed."})
final class DemoCommand implements Callable<Integer> {
    static final String STREAM = "demo-orders";

    @Option(names = {"-n", "--records"}, paramLabel = "N", defaultValue = "10000",
            description = "How many sample orders to send (default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--shards", paramLabel = "K", defaultValue = "4",
            description = "Shards of the demo stream (default ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--keep-running",
            description = "Leave the emulator and the stream up afterwards, and print commands to try on them; "
                    + "Ctrl-C stops it.")
    boolean keepRunning;

    @Option(names = "--port", paramLabel = "P", defaultValue = "0",
            description = "Port of the emulator on 127.0.0.1 (default: any free port); with --keep-running, e.g. "
                    + "4567.")
    int port;

    @Option(names = "--progress", paramLabel = "STYLE", defaultValue = "auto",
            description = "auto, bar, plain or none (as for send).")
    String progress;

    @Option(names = "--json",
            description = "Print the result as one JSON object on stdout; the steps go to stderr.")
    boolean json;

    private final PrintStream stdout;
    private final PrintStream err;
    /** Where the steps go: stdout, or stderr with --json. */
    private PrintStream out;

    DemoCommand(PrintStream out, PrintStream err) {
        this.stdout = out;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        if (records < 1 || records > 1_000_000) {
            throw CliException.usage("--records must be 1 to 1,000,000; got " + records);
        }
        if (shards < 1 || shards > 50) {
            throw CliException.usage("--shards must be 1 to 50; got " + shards);
        }
        Progress.Mode style = Progress.Mode.parse(progress);
        out = json ? err : stdout;
        long started = System.nanoTime();
        out.println("kinesis-producer demo: sample orders go through the producer into a local Kinesis emulator,");
        out.println("are read back from every shard and checked one by one. Nothing leaves this machine.");
        out.println();

        step(1, "Starting a local Kinesis emulator (kinesalite 3.3.3 on 127.0.0.1; the first run installs it "
                + "with npm)");
        long t = System.nanoTime();
        EmulatorSession session = EmulatorSession.start(port, null, out);
        Kinesalite emulator = session.emulator();
        // Ctrl-C ends the JVM without running the finally below: say what happens to the emulator.
        Interruption ctrlC = Interruption.install(() -> {
            out.println();
            out.print("Interrupted: stopping the emulator ... ");
            emulator.close();
            out.println("done.");
            out.flush();
        }, () -> { }, Duration.ofSeconds(1));
        try (StreamAdmin admin = StreamAdmin.forEndpoint(emulator.endpoint())) {
            detail("ready at " + emulator.endpoint() + " (" + since(t) + ")");

            step(2, "Creating stream \"" + STREAM + "\" with " + shards + (shards == 1 ? " shard" : " shards"));
            t = System.nanoTime();
            admin.createStream(STREAM, shards);
            List<Shard> shardList = admin.listShards(STREAM);
            detail("ACTIVE (" + since(t) + ")");

            List<byte[]> orders = SampleOrders.generate(records);
            long datasetBytes = orders.stream().mapToLong(o -> o.length).sum();
            PartitionKeys keys = PartitionKeys.parse(SampleOrders.PARTITION_KEY);
            Verification check = new Verification(shardList.stream().map(s -> new Verification.ShardRange(
                    s.shardId(), new BigInteger(s.hashKeyRange().startingHashKey()),
                    new BigInteger(s.hashKeyRange().endingHashKey()))).toList());
            for (byte[] order : orders) {
                check.sent(keys.keyFor(order), order);
            }

            step(3, "Sending " + Format.count(records) + " sample orders (JSON, " + Format.megabytes(datasetBytes)
                    + ", partition key = customerId) with KPL aggregation");
            Sent result = send(emulator, orders, datasetBytes, keys, style);
            SendSummary sent = result.summary();
            detail(sent.allSucceeded() ? "all " + Format.count(sent.userRecordsSent()) + " acknowledged ("
                    + Format.duration(sent.elapsed()) + ")"
                    : Format.count(sent.userRecordsFailed()) + " failed: " + SendSummary.byCode(sent.failuresByCode()));

            step(4, "Reading all " + shardList.size() + " shards back (ListShards, GetShardIterator, GetRecords) "
                    + "and de-aggregating");
            t = System.nanoTime();
            Map<String, long[]> perShard = readBack(admin, check);
            perShard.forEach((shard, n) -> detail(String.format(java.util.Locale.ROOT, "%s  %8s user records in %s "
                    + "Kinesis records", shard, Format.count(n[0]), Format.count(n[1]))));
            detail("read in " + since(t));

            step(5, "Checking every record: arrived exactly once, byte for byte, on the right shard");
            out.println();
            printSummary(sent, datasetBytes, started);
            out.println();
            int code = verdict(check, out);
            if (json) {
                stdout.println(JsonText.of(json(check, result.json(), code, started)));
            }
            if (keepRunning) {
                ctrlC.claimReport();
                ctrlC.done();
                out.println();
                out.println("The emulator keeps running at " + session.endpoint() + " with stream " + STREAM + ".");
                session.printHowToUse(STREAM);
                session.serveUntilInterrupted();
                return ExitCode.INTERRUPTED;
            }
            return code;
        } finally {
            ctrlC.claimReport();
            ctrlC.done();
            out.println();
            out.print("Stopping the emulator ... ");
            emulator.close();
            out.println("done.");
        }
    }

    /** What the send step gives the summary and the JSON. */
    private record Sent(SendSummary summary, Map<String, Object> json) {
    }

    /**
     * Prints the check's result and returns the exit code: {@link ExitCode#CHECK_FAILED} unless every record arrived
     * exactly once, unchanged, on its shard.
     */
    static int verdict(Verification check, PrintStream out) {
        out.println(check.line());
        out.println(check.passed()
                ? "All records arrived exactly once, unchanged, each on the shard its partition key maps to."
                : "VERIFICATION FAILED: see the counts above.");
        return check.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    private Map<String, Object> json(Verification check, Map<String, Object> send, int code, long started) {
        Map<String, Object> j = new java.util.LinkedHashMap<>();
        j.put("command", "demo");
        j.put("passed", check.passed());
        j.put("exitCode", code);
        j.put("sent", check.sentCount());
        j.put("received", check.receivedCount());
        j.put("lost", check.lost());
        j.put("duplicated", check.duplicated());
        j.put("unexpected", check.unexpected());
        j.put("wrongShard", check.wrongShard());
        j.put("send", send);
        j.put("durationSeconds", (System.nanoTime() - started) / 1e9);
        return j;
    }

    private Sent send(Kinesalite emulator, List<byte[]> orders, long datasetBytes, PartitionKeys keys,
            Progress.Mode style) throws Exception {
        AtomicLong handedOver = new AtomicLong();
        ShardMapGate shardMap = new ShardMapGate();
        try (KinesisProducer producer = KinesisProducer.builder().streamName(STREAM)
                .endpointOverride(emulator.endpoint()).region(EmulatorClients.REGION.id())
                .credentialsProvider(EmulatorClients.credentials()).aggregation(Aggregation.KPL)
                .listener(shardMap).build()) {
            if (!shardMap.await(Duration.ofSeconds(30))) {
                throw new CliException("the producer could not list the demo stream's shards within 30 s");
            }
            Sender sender = new Sender(producer, keys, err);
            // The bar draws itself from the counters until it is closed, after the last record is handed over.
            Progress bar = Progress.start(style, err, handedOver::get, datasetBytes, producer::metrics, sender);
            try {
                int[] next = {0};
                sender.sendAll(new Sender.Source() {
                    @Override
                    public byte[] next() {
                        if (next[0] == orders.size()) {
                            return null;
                        }
                        byte[] order = orders.get(next[0]++);
                        handedOver.addAndGet(order.length);
                        return order;
                    }

                    @Override
                    public String position() {
                        return "sample order " + next[0];
                    }
                });
            } finally {
                bar.close();
            }
            return new Sent(SendSummary.of(sender, producer.metrics()),
                    SendJson.of(STREAM, sender, producer.metrics(), sender.failed() == 0 ? "ok" : "records-failed", ExitCode.OK));
        }
    }

    /** Reads with the same code as {@code read}; returns user and Kinesis records per shard. */
    private Map<String, long[]> readBack(StreamAdmin admin, Verification check) throws Exception {
        Map<String, long[]> perShard = new TreeMap<>();
        new StreamReader(admin.client(), STREAM, ShardIteratorType.TRIM_HORIZON, false, Duration.ofSeconds(1))
                .read(new StreamReader.Sink() {
                    @Override
                    public void accept(StreamReader.UserRecord r) {
                        check.received(r.shardId(), r.partitionKey(), r.data());
                    }

                    @Override
                    public void kinesisRecord(String shardId, int userRecords) {
                        long[] n = perShard.computeIfAbsent(shardId, s -> new long[2]);
                        n[0] += userRecords;
                        n[1]++;
                    }
                });
        return perShard;
    }

    private void printSummary(SendSummary s, long datasetBytes, long started) {
        out.println("Summary");
        row("user records sent", Format.count(s.userRecordsSent()) + " (" + Format.megabytes(datasetBytes)
                + " of JSON)");
        row("Kinesis records", Format.count(s.kinesisRecords()) + " (the records Kinesis actually stores)");
        row("PutRecords calls", Format.count(s.putRecordsCalls()));
        row("aggregation ratio", Format.decimal(s.userRecordsPerKinesisRecord()) + " user records per Kinesis record");
        row("retries", Format.count(s.retries()));
        row("failures", s.allSucceeded() ? "none" : SendSummary.byCode(s.failuresByCode()));
        row("send time", Format.duration(s.elapsed()) + " ("
                + Format.rate(Format.perSecond((double) s.userRecordsSent(), s.elapsed()), "records") + ")");
        row("total time", Format.duration(Duration.ofNanos(System.nanoTime() - started))
                + " (emulator start, stream, send, read, check)");
    }

    private void step(int n, String text) {
        out.println("[" + n + "/5] " + text + " ...");
        out.flush();
    }

    private void detail(String text) {
        out.println("      " + text);
        out.flush();
    }

    private void row(String label, String value) {
        out.println("  " + label + " ".repeat(Math.max(1, 20 - label.length())) + value);
    }

    private static String since(long startNanos) {
        return Format.duration(Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
