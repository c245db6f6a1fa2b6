package io.github.kinesisproducer.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** Drives a real kinesalite process; needs node and npm on PATH (and the npm registry on a cold cache). */
@Timeout(120)
class EmulatorIT {
    private static Kinesalite emulator;
    private static KinesisAsyncClient async;
    private static StreamAdmin admin;

    @BeforeAll
    static void startEmulator() {
        long t0 = System.nanoTime();
        emulator = Kinesalite.start();
        System.out.printf("EmulatorIT: shared kinesalite started in %d ms (incl. install check) at %s%n",
                millisSince(t0), emulator.endpoint());
        async = EmulatorClients.asyncClient(emulator.endpoint());
        admin = StreamAdmin.forEndpoint(emulator.endpoint());
    }

    @AfterAll
    static void stopEmulator() {
        if (async != null) {
            async.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (emulator != null) {
            long pid = emulator.pid();
            long t0 = System.nanoTime();
            emulator.close();
            System.out.printf("EmulatorIT: close() took %d ms%n", millisSince(t0));
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            emulator.close(); // idempotent
        }
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(emulator.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(emulator.port()).isPositive();
        assertThat(ReadinessProbe.ping(emulator.endpoint(), Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void putRecordsRoundTripByteForByteOverThreeShards() {
        String stream = StreamAdmin.uniqueStreamName("roundtrip");
        admin.createStream(stream, 3);
        assertThat(admin.listShards(stream)).hasSize(3);

        Random random = new Random(42);
        Map<String, PutRecordsRequestEntry> sent = new HashMap<>();
        // Three batches of varied binary payloads (including empty), then one 500 x 1 KiB batch whose response
        // exceeds 16 KiB: with CBOR on, exactly that response would fail to unmarshal.
        for (int batch = 0; batch < 4; batch++) {
            int count = batch < 3 ? 200 : 500;
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                byte[] data = new byte[batch < 3 ? random.nextInt(2049) : 1024];
                random.nextBytes(data);
                entries.add(PutRecordsRequestEntry.builder().partitionKey("pk-" + batch + "-" + i)
                        .data(SdkBytes.fromByteArray(data)).build());
            }
            PutRecordsResponse response = async.putRecords(b -> b.streamName(stream).records(entries)).join();
            assertThat(response.failedRecordCount()).isZero();
            for (int i = 0; i < count; i++) {
                PutRecordsResultEntry result = response.records().get(i);
                sent.put(result.shardId() + "/" + result.sequenceNumber(), entries.get(i));
            }
        }

        List<StoredRecord> stored = admin.readAll(stream);

        assertThat(stored).hasSize(1100);
        for (StoredRecord r : stored) {
            PutRecordsRequestEntry original = sent.get(r.shardId() + "/" + r.sequenceNumber());
            assertThat(original).as("record %s was put", r).isNotNull();
            assertThat(r.partitionKey()).isEqualTo(original.partitionKey());
            assertThat(r.data()).isEqualTo(original.data().asByteArray());
            assertThat(r.approximateArrivalTimestamp()).isNotNull();
        }
        assertThat(stored.stream().map(StoredRecord::shardId).distinct()).hasSize(3);
        assertThat(stored).isSortedAccordingTo(Comparator.comparing(StoredRecord::shardId)
                .thenComparing(r -> new BigInteger(r.sequenceNumber())));
        admin.deleteStream(stream);
        assertThat(async.listStreams().join().streamNames()).doesNotContain(stream);
    }

    @Test
    void killAndRestartWithPathKeepsEveryAcknowledgedRecord(@TempDir Path dataDir) {
        try (Kinesalite durable = Kinesalite.start(Kinesalite.Options.defaults().withDataDir(dataDir));
             StreamAdmin durableAdmin = StreamAdmin.forEndpoint(durable.endpoint())) {
            String stream = StreamAdmin.uniqueStreamName("durable");
            durableAdmin.createStream(stream, 2);
            putStrings(durableAdmin.client(), stream, "before-", 100);
            List<StoredRecord> before = durableAdmin.readAll(stream);
            long oldPid = durable.pid();
            int port = durable.port();

            long t0 = System.nanoTime();
            durable.kill();
            long killMs = millisSince(t0);
            assertThat(durable.isAlive()).isFalse();
            assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(ReadinessProbe.ping(durable.endpoint(), Duration.ofMillis(500))).isFalse();

            t0 = System.nanoTime();
            durable.restart();
            System.out.printf("EmulatorIT: kill() %d ms, restart() with --path %d ms%n", killMs, millisSince(t0));

            assertThat(durable.port()).isEqualTo(port);
            assertThat(durable.pid()).isNotEqualTo(oldPid);
            assertThat(durableAdmin.readAll(stream)).hasSize(100).isEqualTo(before);
            putStrings(durableAdmin.client(), stream, "after-", 10);
            assertThat(durableAdmin.readAll(stream)).hasSize(110);
        }
    }

    @Test
    void inMemoryRestartStartsEmpty() {
        try (Kinesalite volatileOne = Kinesalite.start();
             StreamAdmin volatileAdmin = StreamAdmin.forEndpoint(volatileOne.endpoint())) {
            volatileAdmin.createStream(StreamAdmin.uniqueStreamName("gone"), 1);
            volatileOne.restart(); // alive: graceful stop first, then a new process on the same port
            assertThat(volatileAdmin.client().listStreams().streamNames()).isEmpty();
        }
    }

    @Test
    void pauseMakesCallsTimeOutAndResumeRecovers() {
        try (KinesisClient impatient = EmulatorClients.syncClientBuilder(emulator.endpoint())
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(Duration.ofMillis(500))
                        .apiCallTimeout(Duration.ofSeconds(1))
                        .retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            impatient.listStreams();
            emulator.pause();
            try {
                long t0 = System.nanoTime();
                assertThatThrownBy(impatient::listStreams).isInstanceOf(SdkClientException.class);
                assertThat(millisSince(t0)).isBetween(400L, 5_000L);
                assertThat(emulator.isAlive()).isTrue();
            } finally {
                emulator.resume();
            }
            assertThat(impatient.listStreams().streamNames()).isNotNull();
        }
    }

    @Test
    void closeWhilePausedStillStopsPromptly() {
        Kinesalite paused = Kinesalite.start();
        long pid = paused.pid();
        paused.pause();
        long t0 = System.nanoTime();
        paused.close(); // SIGCONT first, otherwise SIGTERM would wait for the 5 s SIGKILL fallback
        assertThat(millisSince(t0)).isLessThan(4_000L);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void survivesClientsThatAbortInTheMiddleOfABody() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
                        + "X-Amz-Target: Kinesis_20131202.ListStreams\r\nContent-Length: 1000\r\n\r\n{\"Lim")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(50);
                socket.setSoLinger(true, 0); // close with RST while the server waits for the rest of the body
            }
        }
        Thread.sleep(200);
        assertThat(emulator.isAlive()).as(emulator.recentOutput()).isTrue();
        assertThat(async.listStreams().join().streamNames()).isNotNull();
    }

    @Test
    void startFailsFastWhenTheFixedPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> Kinesalite.start(Kinesalite.Options.defaults().withPort(taken.getLocalPort())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use");
            assertThat(millisSince(t0)).isLessThan(10_000L);
        }
    }

    @Test
    void splitAndMergeWorkButUpdateShardCountIsNotImplemented() {
        String stream = StreamAdmin.uniqueStreamName("reshard");
        admin.createStream(stream, 3);
        KinesisClient client = admin.client();
        putStrings(client, stream, "gen0-", 60);

        admin.splitShard(stream, "shardId-000000000000");
        List<Shard> afterSplit = admin.listShards(stream);
        assertThat(afterSplit).extracting(Shard::shardId).containsExactly("shardId-000000000000",
                "shardId-000000000001", "shardId-000000000002", "shardId-000000000003", "shardId-000000000004");
        assertThat(afterSplit.get(0).sequenceNumberRange().endingSequenceNumber()).isNotNull();
        assertThat(afterSplit.subList(3, 5)).allSatisfy(s -> assertThat(s.parentShardId())
                .isEqualTo("shardId-000000000000"));
        BigInteger parentEnd = new BigInteger(afterSplit.get(0).hashKeyRange().endingHashKey());
        assertThat(afterSplit.get(0).hashKeyRange().startingHashKey()).isEqualTo("0");
        assertThat(new BigInteger(afterSplit.get(4).hashKeyRange().startingHashKey())) // middle of the parent
                .isEqualTo(parentEnd.add(BigInteger.ONE).shiftRight(1));
        assertThat(new BigInteger(afterSplit.get(3).hashKeyRange().endingHashKey()))
                .isEqualTo(parentEnd.add(BigInteger.ONE).shiftRight(1).subtract(BigInteger.ONE));
        assertThat(admin.openShards(stream)).hasSize(4);
        putStrings(client, stream, "gen1-", 60);

        admin.mergeShards(stream, "shardId-000000000003", "shardId-000000000004");
        List<Shard> afterMerge = admin.listShards(stream);
        assertThat(afterMerge).hasSize(6);
        Shard merged = afterMerge.get(5);
        assertThat(merged.parentShardId()).isEqualTo("shardId-000000000003");
        assertThat(merged.adjacentParentShardId()).isEqualTo("shardId-000000000004");
        assertThat(merged.hashKeyRange()).isEqualTo(afterSplit.get(0).hashKeyRange());
        assertThat(admin.openShards(stream)).extracting(Shard::shardId).containsExactly(
                "shardId-000000000001", "shardId-000000000002", "shardId-000000000005");
        putStrings(client, stream, "gen2-", 60);

        List<StoredRecord> all = admin.readAll(stream);
        assertThat(all).hasSize(180);
        Map<String, List<String>> keysByShard = all.stream().collect(Collectors.groupingBy(StoredRecord::shardId,
                Collectors.mapping(StoredRecord::partitionKey, Collectors.toList())));
        assertThat(keysByShard.get("shardId-000000000000")).allMatch(k -> k.startsWith("gen0-"));
        assertThat(keysByShard.get("shardId-000000000005")).isNotEmpty().allMatch(k -> k.startsWith("gen2-"));

        assertThatThrownBy(() -> admin.updateShardCount(stream, 6))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("UpdateShardCount");
    }

    private static void putStrings(KinesisClient client, String stream, String prefix, int count) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey(prefix + i)
                    .data(SdkBytes.fromUtf8String(prefix + "payload-" + i)).build());
        }
        assertThat(client.putRecords(b -> b.streamName(stream).records(entries)).failedRecordCount()).isZero();
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
