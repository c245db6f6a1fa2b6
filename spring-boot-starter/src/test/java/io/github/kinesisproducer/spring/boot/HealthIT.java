package io.github.kinesisproducer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.emulator.ForwardProxy;
import io.github.kinesisproducer.emulator.Kinesalite;
import io.github.kinesisproducer.emulator.KinesisProxy;
import io.github.kinesisproducer.emulator.ProxyPlan;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code kinesis} health indicator against the emulator: UP once the shard map loads and while records are
 * stored, DOWN for a missing stream, DOWN while Kinesis refuses the records for the credentials (through a proxy in
 * front of kinesalite) and UP again once a record is stored.
 */
class HealthIT {
    private static final StreamAdmin ADMIN = StreamAdmin.forEndpoint(Kinesalite.shared().endpoint());
    private static final String STREAM = StreamAdmin.uniqueStreamName("spring-health");

    @BeforeAll
    static void createStream() {
        ADMIN.createStream(STREAM, 2);
        ADMIN.waitUntilActive(STREAM);
    }

    @AfterAll
    static void deleteStream() {
        ADMIN.deleteStream(STREAM);
        ADMIN.close();
    }

    private static ApplicationContextRunner runner(URI endpoint, String stream, CountDownLatch loaded,
            CountDownLatch failed) {
        ProducerListener listener = new ProducerListener() { // told after the health tracker
            @Override
            public void shardMapLoaded(int openShards) {
                loaded.countDown();
            }

            @Override
            public void shardMapLoadFailed(String errorCode, Throwable error) {
                failed.countDown();
            }
        };
        return TestSupport.runner().withBean(ProducerListener.class, () -> listener).withPropertyValues(
                "kinesis.producer.region=us-east-1", "kinesis.producer.stream-name=" + stream,
                "kinesis.producer.endpoint=" + endpoint);
    }

    @Test
    void upOnceTheShardMapIsLoaded() {
        CountDownLatch loaded = new CountDownLatch(1);
        runner(Kinesalite.shared().endpoint(), STREAM, loaded, new CountDownLatch(1)).run(context -> {
            assertThat(loaded.await(30, TimeUnit.SECONDS)).isTrue();
            HealthReader.Reading health = HealthReader.read(context);
            assertThat(health.status()).isEqualTo("UP");
            assertThat(health.producer("default")).containsEntry("openShards", 2);
        });
    }

    @Test
    void downWithTheReasonWhenTheStreamDoesNotExist() {
        CountDownLatch failed = new CountDownLatch(1);
        runner(Kinesalite.shared().endpoint(), StreamAdmin.uniqueStreamName("missing"), new CountDownLatch(1), failed)
                .run(context -> {
                    assertThat(failed.await(30, TimeUnit.SECONDS)).isTrue();
                    HealthReader.Reading health = HealthReader.read(context);
                    assertThat(health.status()).isEqualTo("DOWN");
                    assertThat(health.producer("default")).containsEntry("error", "ResourceNotFoundException");
                    assertThat((String) health.producer("default").get("reason")).contains("stream does not exist");
                });
    }

    @Test
    void downWhileKinesisRefusesTheRecordsForTheCredentialsAndUpOnceOneIsStored() {
        AtomicBoolean deny = new AtomicBoolean();
        try (KinesisProxy proxy = KinesisProxy.start(Kinesalite.shared().endpoint(),
                request -> deny.get() && "PutRecords".equals(request.operation())
                        ? ProxyPlan.error(400, "AccessDeniedException", "User: arn:aws:iam::000000000000:user/app is "
                                + "not authorized to perform: kinesis:PutRecords")
                        : ProxyPlan.forward())) {
            CountDownLatch loaded = new CountDownLatch(1);
            runner(proxy.endpoint(), STREAM, loaded, new CountDownLatch(1)).run(context -> {
                assertThat(loaded.await(30, TimeUnit.SECONDS)).isTrue();
                KinesisProducer producer = context.getBean(KinesisProducer.class);
                producer.send("k", bytes("stored")).join();
                assertThat(HealthReader.read(context).status()).isEqualTo("UP");

                deny.set(true);
                assertThat(producer.send("k", bytes("refused"))).failsWithin(30, TimeUnit.SECONDS)
                        .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(RecordFailedException.class);
                HealthReader.Reading health = HealthReader.read(context);
                assertThat(health.status()).isEqualTo("DOWN");
                assertThat(health.producer("default")).containsEntry("error", "AccessDeniedException")
                        .containsEntry("userRecordsFailed", 1L);
                assertThat((String) health.producer("default").get("reason")).contains("credentials");

                deny.set(false);
                producer.send("k", bytes("stored again")).join();
                assertThat(HealthReader.read(context).status()).isEqualTo("UP");
            });
        }
        assertThat(KclReadBack.read(ADMIN, STREAM)).extracting(KclReadBack.Read::data)
                .contains("stored", "stored again").doesNotContain("refused");
    }

    /** Not health, but the same runner against the emulator: a proxy that refuses proxy-url's credentials. */
    @Test
    void wrongProxyCredentialsStopTheStartUpNamingTheProxyButNotTheCredentials() {
        try (ForwardProxy proxy = ForwardProxy.start("app", "right-password")) {
            runner(Kinesalite.shared().endpoint(), STREAM, new CountDownLatch(1), new CountDownLatch(1))
                    .withPropertyValues("kinesis.producer.proxy-url=" + proxy.url("app", "wrong-pw-91"))
                    .run(context -> {
                        Throwable failure = context.getStartupFailure();
                        assertThat(failure).as("start-up failure").isNotNull();
                        StringBuilder messages = new StringBuilder();
                        for (Throwable t = failure; t != null; t = t.getCause()) {
                            messages.append(t).append('\n');
                        }
                        assertThat(messages.toString()).contains("407").contains("127.0.0.1:" + proxy.port())
                                .doesNotContain("wrong-pw-91");
                    });
            assertThat(proxy.authFailures()).isPositive();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
