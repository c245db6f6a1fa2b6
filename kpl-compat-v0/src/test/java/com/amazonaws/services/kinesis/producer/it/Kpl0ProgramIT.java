package com.amazonaws.services.kinesis.producer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.services.kinesis.producer.Attempt;
import com.amazonaws.services.kinesis.producer.KinesisProducer;
import com.amazonaws.services.kinesis.producer.KinesisProducerConfiguration;
import com.amazonaws.services.kinesis.producer.UserRecordFailedException;
import com.amazonaws.services.kinesis.producer.UserRecordResult;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import io.github.kinesisproducer.emulator.KinesisProxy;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.emulator.TlsIdentity;
import io.github.kinesisproducer.test.LocalKinesisExtension;
import io.github.kinesisproducer.test.LocalStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.kinesis.producer.it.KclReadBack;

/**
 * A program written against the KPL 0.x API (SDK v1 credentials) as its sample shows it, run unchanged on this module
 * against kinesalite behind TLS with {@code VerifyCertificate=false}; every record read back through the KCL's
 * deaggregator on the shard its future named.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class Kpl0ProgramIT {
    @RegisterExtension
    static final LocalKinesisExtension KINESIS = new LocalKinesisExtension();
    private static KinesisProxy https;
    private static StreamAdmin admin;

    @BeforeAll
    static void startTls() {
        https = KinesisProxy.start(KINESIS.endpoint(), KinesisProxy.Rule.forwardAll(), TlsIdentity.forLoopback());
        admin = StreamAdmin.forEndpoint(KINESIS.endpoint());
    }

    @AfterAll
    static void stopTls() {
        admin.close();
        https.close();
    }

    @Test
    void theKpl0SampleProducerProgram() throws Exception {
        LocalStream stream = KINESIS.createStream("kpl0-sample", 4);
        KinesisProducerConfiguration config = new KinesisProducerConfiguration()
                .setRecordMaxBufferedTime(100)
                .setMaxConnections(4)
                .setRequestTimeout(60000)
                .setRegion("us-east-1")
                .setCredentialsProvider(new AWSStaticCredentialsProvider(
                        new BasicAWSCredentials("AKIAEMULATOR00000000", "emulator-secret")))
                .setKinesisEndpoint("127.0.0.1")
                .setKinesisPort(https.port())
                .setVerifyCertificate(false)
                .setMetricsLevel("none");
        KinesisProducer producer = new KinesisProducer(config);

        int records = 2000;
        Map<String, String> shardOfRecord = new ConcurrentHashMap<>();
        AtomicLong failed = new AtomicLong();
        ExecutorService callbackThreadPool = Executors.newCachedThreadPool();
        for (int i = 0; i < records; i++) {
            String data = "v0-record-" + i + "-" + UUID.randomUUID();
            while (producer.getOutstandingRecordsCount() > 300) { // the KPL's back-pressure advice
                Thread.sleep(1);
            }
            ListenableFuture<UserRecordResult> f = producer.addUserRecord(stream.name(),
                    UUID.randomUUID().toString(), ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8)));
            Futures.addCallback(f, new FutureCallback<>() {
                @Override
                public void onSuccess(UserRecordResult result) {
                    shardOfRecord.put(data, result.getShardId());
                }

                @Override
                public void onFailure(Throwable t) {
                    if (t instanceof UserRecordFailedException e) {
                        List<Attempt> attempts = e.getResult().getAttempts();
                        Attempt last = attempts.get(attempts.size() - 1);
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
        assertThat(failed).hasValue(0);

        List<KclReadBack.Read> read = KclReadBack.read(admin, stream.name());
        assertThat(shardOfRecord).hasSize(records);
        assertThat(read).hasSize(records);
        for (KclReadBack.Read r : read) {
            assertThat(shardOfRecord).containsEntry(r.data(), r.shardId());
        }
        assertThat(https.stats().requests("PutRecords")).isPositive();
    }
}
