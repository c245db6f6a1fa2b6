package software.amazon.kinesis.producer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import io.github.kinesisproducer.emulator.ForwardProxy;
import io.github.kinesisproducer.emulator.KinesisProxy;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.emulator.TlsIdentity;
import io.github.kinesisproducer.test.LocalKinesisExtension;
import io.github.kinesisproducer.test.LocalStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.kinesis.producer.Attempt;
import software.amazon.kinesis.producer.KinesisProducer;
import software.amazon.kinesis.producer.KinesisProducerConfiguration;
import software.amazon.kinesis.producer.UserRecordFailedException;
import software.amazon.kinesis.producer.UserRecordResult;

/**
 * Programs written against the KPL 1.x API as its documentation and sample show it, run unchanged on this module
 * against kinesalite behind TLS (the KPL's only transport: a TLS proxy with a certificate made for the run) with
 * {@code VerifyCertificate=false}; every record is read back through the KCL's deaggregator on the shard its future
 * named.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KplProgramsIT {
    @RegisterExtension
    static final LocalKinesisExtension KINESIS = new LocalKinesisExtension();
    private static final TlsIdentity TLS = TlsIdentity.forLoopback();
    private static KinesisProxy https;
    private static StreamAdmin admin;

    @BeforeAll
    static void startTls() {
        https = KinesisProxy.start(KINESIS.endpoint(), KinesisProxy.Rule.forwardAll(), TLS);
        admin = StreamAdmin.forEndpoint(KINESIS.endpoint());
    }

    @AfterAll
    static void stopTls() {
        admin.close();
        https.close();
    }

    /** The KPL sample's shape: FutureCallback on a callback pool, the outstanding-records loop, flushSync, destroy. */
    static Map<String, String> sampleProducer(KinesisProducer producer, String stream, int records, int maxOutstanding)
            throws InterruptedException {
        Map<String, String> shardOfRecord = new ConcurrentHashMap<>();
        AtomicLong failed = new AtomicLong();
        ExecutorService callbackThreadPool = Executors.newCachedThreadPool();
        for (int i = 0; i < records; i++) {
            String data = "record-" + i + "-" + UUID.randomUUID();
            // The KPL's back-pressure advice: poll the outstanding records and wait while there are too many.
            while (producer.getOutstandingRecordsCount() > maxOutstanding) {
                Thread.sleep(1);
            }
            ListenableFuture<UserRecordResult> f = producer.addUserRecord(stream, UUID.randomUUID().toString(),
                    ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8)));
            Futures.addCallback(f, new FutureCallback<>() {
                @Override
                public void onSuccess(UserRecordResult result) {
                    shardOfRecord.put(data, result.getShardId());
                }

                @Override
                public void onFailure(Throwable t) {
                    if (t instanceof UserRecordFailedException e) {
                        Attempt last = e.getResult().getAttempts().get(e.getResult().getAttempts().size() - 1);
                        System.err.println("Record failed to put - " + last.getErrorCode() + " : "
                                + last.getErrorMessage());
                    }
                    failed.incrementAndGet();
                }
            }, callbackThreadPool);
        }
        producer.flushSync();
        producer.destroy();
        callbackThreadPool.shutdown();
        assertThat(callbackThreadPool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(failed).as("failed records").hasValue(0);
        return shardOfRecord;
    }

    private static void assertEveryRecordReadBackOnItsShard(String stream, Map<String, String> shardOfRecord,
            int records) {
        List<KclReadBack.Read> read = KclReadBack.read(admin, stream);
        assertThat(shardOfRecord).hasSize(records);
        assertThat(read).hasSize(records);
        for (KclReadBack.Read r : read) {
            assertThat(shardOfRecord).containsEntry(r.data(), r.shardId());
        }
        assertThat(read.stream().map(KclReadBack.Read::data).distinct().count()).isEqualTo(records);
    }

    /** The KPL configured in code for the emulator behind the run's TLS proxy. */
    private static KinesisProducerConfiguration overTls() {
        return new KinesisProducerConfiguration()
                .setRecordMaxBufferedTime(100)
                .setRegion("us-east-1")
                .setCredentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIAEMULATOR00000000", "emulator-secret")))
                .setKinesisEndpoint("127.0.0.1")
                .setKinesisPort(https.port())
                .setVerifyCertificate(false)
                .setMetricsLevel("none");
    }

    @Test
    void theSampleProducerProgram_configuredInCode() throws Exception {
        LocalStream stream = KINESIS.createStream("kpl-sample", 4);
        KinesisProducerConfiguration config = overTls().setMaxConnections(4).setRequestTimeout(60000);
        KinesisProducer producer = new KinesisProducer(config);
        Map<String, String> shards = sampleProducer(producer, stream.name(), 3000, 500);
        assertEveryRecordReadBackOnItsShard(stream.name(), shards, 3000);
        assertThat(https.stats().requests("PutRecords")).as("over the TLS proxy").isPositive();
        assertThat(admin.readAll(stream.name()).size()).as("aggregated: fewer Kinesis records than user records")
                .isLessThan(3000);
    }

    @Test
    void oneProducerWritesToTwoStreams_eachRecordReadBackOnItsStreamAndShard() throws Exception {
        LocalStream orders = KINESIS.createStream("kpl-orders", 2);
        LocalStream audit = KINESIS.createStream("kpl-audit", 1);
        KinesisProducer producer = new KinesisProducer(overTls());
        int records = 2000;
        Map<String, Map<String, ListenableFuture<UserRecordResult>>> byStream = Map.of(orders.name(),
                new ConcurrentHashMap<>(), audit.name(), new ConcurrentHashMap<>());
        for (int i = 0; i < records; i++) {
            String stream = i % 2 == 0 ? orders.name() : audit.name();
            String data = stream + "-" + i;
            byStream.get(stream).put(data, producer.addUserRecord(stream, "key-" + i,
                    ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8))));
        }
        producer.flush(audit.name());
        producer.flushSync();
        producer.destroy();
        for (Map.Entry<String, Map<String, ListenableFuture<UserRecordResult>>> e : byStream.entrySet()) {
            Map<String, String> shardOfRecord = new HashMap<>();
            for (Map.Entry<String, ListenableFuture<UserRecordResult>> f : e.getValue().entrySet()) {
                shardOfRecord.put(f.getKey(), f.getValue().get(5, TimeUnit.SECONDS).getShardId());
            }
            assertEveryRecordReadBackOnItsShard(e.getKey(), shardOfRecord, records / 2);
        }
    }

    @Test
    void theSameProgram_configuredWithAKplPropertiesFile(@TempDir Path dir) throws Exception {
        LocalStream stream = KINESIS.createStream("kpl-props", 2);
        Path file = Files.writeString(dir.resolve("default_config.properties"), """
                # KPL keys, KPL units (the KPL's default_config.properties, pointed at a local endpoint)
                AggregationEnabled = true
                AggregationMaxCount = 4294967295
                AggregationMaxSize = 51200
                CollectionMaxCount = 500
                CollectionMaxSize = 5242880
                ConnectTimeout = 6000
                FailIfThrottled = false
                MaxConnections = 8
                RateLimit = 150
                RecordMaxBufferedTime = 100
                RecordTtl = 60000
                RequestTimeout = 60000
                Region = us-east-1
                KinesisEndpoint = 127.0.0.1
                KinesisPort = %d
                VerifyCertificate = false
                MetricsLevel = none
                """.formatted(https.port()));
        // Credentials: the SDK's default chain, as the KPL's default (the build sets the environment's keys).
        KinesisProducer producer = new KinesisProducer(KinesisProducerConfiguration.fromPropertiesFile(
                file.toString()));
        Map<String, String> shards = sampleProducer(producer, stream.name(), 1000, 200);
        assertEveryRecordReadBackOnItsShard(stream.name(), shards, 1000);
    }

    /**
     * The KPL's proxy settings, as a KPL program sets them, through a real forward proxy with Basic authentication
     * (CONNECT tunnels to the TLS endpoint): every record is read back and the proxy's log shows the tunnels. Wrong
     * credentials stop the first record with one error that names the proxy but not the user name or password.
     */
    @Test
    void theSampleProducerProgram_throughAnAuthenticatedHttpProxy() throws Exception {
        LocalStream stream = KINESIS.createStream("kpl-proxy", 2);
        try (ForwardProxy proxy = ForwardProxy.start("kpl-user", "kpl-pass:word@1")) {
            KinesisProducerConfiguration config = new KinesisProducerConfiguration()
                    .setRecordMaxBufferedTime(100).setMaxConnections(2).setRegion("us-east-1")
                    .setCredentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIAEMULATOR00000000", "emulator-secret")))
                    .setKinesisEndpoint("127.0.0.1").setKinesisPort(https.port()).setVerifyCertificate(false)
                    .setMetricsLevel("none")
                    .setProxyHost("127.0.0.1").setProxyPort(proxy.port())
                    .setProxyUserName("kpl-user").setProxyPassword("kpl-pass:word@1");
            KinesisProducer producer = new KinesisProducer(config);
            Map<String, String> shards = sampleProducer(producer, stream.name(), 500, 200);
            assertEveryRecordReadBackOnItsShard(stream.name(), shards, 500);
            assertThat(proxy.log()).contains("CONNECT 127.0.0.1:" + https.port());
            assertThat(proxy.authFailures()).isZero();

            // The producer for a stream starts with its first record: that is where the start-up check speaks.
            KinesisProducer wrong = new KinesisProducer(config.setProxyPassword("wrong-secret-42"));
            Throwable refused = catchThrowable(() -> wrong.addUserRecord(stream.name(), "k",
                    ByteBuffer.wrap(new byte[] {1})).get(60, TimeUnit.SECONDS));
            wrong.destroy();
            assertThat(refused).as("wrong proxy credentials refused").isNotNull();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = refused; t != null; t = t.getCause()) {
                messages.append(t).append('\n');
            }
            assertThat(messages.toString()).contains("127.0.0.1:" + proxy.port()).contains("407")
                    .doesNotContain("wrong-secret-42").doesNotContain("kpl-user");
            assertThat(proxy.authFailures()).isPositive();
        }
    }

    @Test
    void caCertFileTrustsTheTestCa_andWithoutItTheCertificateIsRefused(@TempDir Path dir) throws Exception {
        LocalStream stream = KINESIS.createStream("kpl-ca", 1);
        KinesisProducerConfiguration trusting = new KinesisProducerConfiguration().setRegion("us-east-1")
                .setKinesisEndpoint("127.0.0.1").setKinesisPort(https.port()).setMetricsLevel("none")
                .setCaCertFile(TLS.writeCaPem(dir.resolve("ca.pem")).toString());
        KinesisProducer producer = new KinesisProducer(trusting);
        UserRecordResult r = producer.addUserRecord(stream.name(), "k", ByteBuffer.wrap(new byte[] {1})).get(60,
                TimeUnit.SECONDS);
        assertThat(r.getShardId()).isEqualTo("shardId-000000000000");
        producer.destroy();

        KinesisProducer untrusting = new KinesisProducer(new KinesisProducerConfiguration().setRegion("us-east-1")
                .setKinesisEndpoint("127.0.0.1").setKinesisPort(https.port()).setMetricsLevel("none")
                .setRecordTtl(2000));
        ListenableFuture<UserRecordResult> f = untrusting.addUserRecord(stream.name(), "k",
                ByteBuffer.wrap(new byte[] {2}));
        try {
            f.get(60, TimeUnit.SECONDS);
            throw new AssertionError("a certificate from an unknown CA was accepted");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(UserRecordFailedException.class);
            List<Attempt> attempts = ((UserRecordFailedException) e.getCause()).getResult().getAttempts();
            assertThat(attempts.get(attempts.size() - 1).getErrorMessage())
                    .contains("certificate is not issued by a certificate authority");
        } finally {
            untrusting.destroy();
        }
    }
}
