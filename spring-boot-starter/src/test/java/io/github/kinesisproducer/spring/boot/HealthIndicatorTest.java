package io.github.kinesisproducer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.ProducerListener;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The {@code kinesis} health indicator in a context, read through the actuator API on the class path (Spring Boot 4's
 * or 3's): DOWN with details when the endpoint cannot be reached or there are no credentials. UP and the missing
 * stream are shown against the emulator ({@code SpringBootApplicationIT}, {@code HealthIT}).
 */
class HealthIndicatorTest {
    private ApplicationContextRunner runner;
    private final CountDownLatch failedLoad = new CountDownLatch(1);

    @BeforeEach
    void setUp() {
        ProducerListener listener = new ProducerListener() {
            @Override
            public void shardMapLoadFailed(String errorCode, Throwable error) {
                failedLoad.countDown(); // after the health tracker, which listens first
            }
        };
        runner = TestSupport.runner().withBean(ProducerListener.class, () -> listener).withPropertyValues(
                "kinesis.producer.region=us-east-1", "kinesis.producer.stream-name=orders",
                "kinesis.producer.endpoint=" + TestSupport.REFUSED_ENDPOINT);
    }

    @Test
    void theIndicatorIsTheActuatorsTypeAndUnknownBeforeTheShardMap() throws Exception {
        runner.run(context -> {
            assertThat(context.getBean("kinesisHealthIndicator")).isInstanceOf(HealthReader.indicatorType());
        });
    }

    @Test
    void downWhenTheEndpointCannotBeReached() {
        runner.run(context -> {
            assertThat(failedLoad.await(30, TimeUnit.SECONDS)).isTrue();
            HealthReader.Reading health = HealthReader.read(context);
            assertThat(health.status()).isEqualTo("DOWN");
            assertThat(health.producer("default")).containsEntry("status", "DOWN").containsEntry("stream", "orders")
                    .containsEntry("error", "SdkClientException");
            assertThat((String) health.producer("default").get("reason")).contains("endpoint cannot be reached");
        });
    }

    @Test
    void downWhenThereAreNoCredentials() {
        AwsCredentialsProvider none = () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        };
        runner.withBean("noCredentials", AwsCredentialsProvider.class, () -> none,
                bd -> bd.setPrimary(true)).run(context -> {
                    assertThat(failedLoad.await(30, TimeUnit.SECONDS)).isTrue();
                    HealthReader.Reading health = HealthReader.read(context);
                    assertThat(health.status()).isEqualTo("DOWN");
                    assertThat((String) health.producer("default").get("reason")).contains("credentials");
                });
    }
}
