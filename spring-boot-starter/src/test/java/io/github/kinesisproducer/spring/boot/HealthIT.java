package io.github.kinesisproducer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.emulator.Kinesalite;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code kinesis} health indicator against the emulator: UP once the shard map loads, DOWN for a missing stream. */
class HealthIT {
    private static final StreamAdmin ADMIN = StreamAdmin.forEndpoint(Kinesalite.shared().endpoint());
    private static final String STREAM = StreamAdmin.uniqueStreamName("spring-health");

    @AfterAll
    static void deleteStream() {
        ADMIN.deleteStream(STREAM);
        ADMIN.close();
    }

    private static ApplicationContextRunner runner(String stream, CountDownLatch loaded, CountDownLatch failed) {
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
                "kinesis.producer.endpoint=" + Kinesalite.shared().endpoint());
    }

    @Test
    void upOnceTheShardMapIsLoaded() {
        ADMIN.createStream(STREAM, 2);
        ADMIN.waitUntilActive(STREAM);
        CountDownLatch loaded = new CountDownLatch(1);
        runner(STREAM, loaded, new CountDownLatch(1)).run(context -> {
            assertThat(loaded.await(30, TimeUnit.SECONDS)).isTrue();
            HealthReader.Reading health = HealthReader.read(context);
            assertThat(health.status()).isEqualTo("UP");
            assertThat(health.producer("default")).containsEntry("openShards", 2);
        });
    }

    @Test
    void downWithTheReasonWhenTheStreamDoesNotExist() {
        CountDownLatch failed = new CountDownLatch(1);
        runner(StreamAdmin.uniqueStreamName("missing"), new CountDownLatch(1), failed).run(context -> {
            assertThat(failed.await(30, TimeUnit.SECONDS)).isTrue();
            HealthReader.Reading health = HealthReader.read(context);
            assertThat(health.status()).isEqualTo("DOWN");
            assertThat(health.producer("default")).containsEntry("error", "ResourceNotFoundException");
            assertThat((String) health.producer("default").get("reason")).contains("stream does not exist");
        });
    }
}
