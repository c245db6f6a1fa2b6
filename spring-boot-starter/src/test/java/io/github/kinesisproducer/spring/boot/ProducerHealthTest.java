package io.github.kinesisproducer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.Clock;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.spring.boot.ProducerHealth.Status;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The health states, from the producer's events alone (no producer, no network, a fixed clock). */
class ProducerHealthTest {
    private static final Clock CLOCK = new Clock() {
        @Override
        public long nanoTime() {
            return 0;
        }

        @Override
        public long wallMillis() {
            return 1_700_000_000_000L;
        }
    };
    private static final ProducerMetrics METRICS = new ProducerMetrics(5, 3, 1, 2, 100, 2, 0, 0, Map.of(), 1, 40, 0, 9);

    private final ProducerHealth health = new ProducerHealth("orders", CLOCK);

    @Test
    void unknownUntilTheShardMapLoads() {
        ProducerHealth.State s = health.check(METRICS);
        assertThat(s.status()).isEqualTo(Status.UNKNOWN);
        assertThat(s.details()).containsEntry("stream", "orders").containsEntry("userRecordsPut", 3L)
                .containsEntry("bufferedRecords", 1L);
    }

    @Test
    void upOnceTheShardMapLoadedAndWhileRecordsSucceed() {
        health.shardMapLoaded(4);
        assertThat(health.check(METRICS).status()).isEqualTo(Status.UP);
        health.putRecordsCompleted(2, 0, 10, 1000, Duration.ofMillis(5), null);
        ProducerHealth.State s = health.check(METRICS);
        assertThat(s.status()).isEqualTo(Status.UP);
        assertThat(s.details()).containsEntry("openShards", 4).containsKey("lastSuccess");
    }

    @Test
    void downWhileTheStreamDoesNotExist() {
        health.shardMapLoadFailed("ResourceNotFoundException", new RuntimeException("Stream orders not found"));
        ProducerHealth.State s = health.check(METRICS);
        assertThat(s.status()).isEqualTo(Status.DOWN);
        assertThat(s.details()).containsEntry("error", "ResourceNotFoundException")
                .containsEntry("message", "Stream orders not found");
        assertThat((String) s.details().get("reason")).contains("stream does not exist");
        health.shardMapLoaded(2); // the producer retries: created meanwhile
        assertThat(health.check(METRICS).status()).isEqualTo(Status.UP);
    }

    @Test
    void downWhileTheEndpointCannotBeReached() {
        health.shardMapLoadFailed("SdkClientException", new RuntimeException("Unable to execute HTTP request: "
                + "Connection refused"));
        ProducerHealth.State s = health.check(METRICS);
        assertThat(s.status()).isEqualTo(Status.DOWN);
        assertThat((String) s.details().get("reason")).contains("endpoint cannot be reached");
    }

    @Test
    void downWhileTheCredentialsAreMissingOrRefused() {
        health.shardMapLoadFailed("SdkClientException", new RuntimeException("Unable to load credentials from any "
                + "of the providers in the chain"));
        assertThat((String) health.check(METRICS).details().get("reason")).contains("credentials");

        health.shardMapLoaded(1);
        health.putRecordsCompleted(1, 1, 3, 100, Duration.ofMillis(3), "UnrecognizedClientException");
        ProducerHealth.State s = health.check(METRICS);
        assertThat(s.status()).isEqualTo(Status.DOWN);
        assertThat(s.details()).containsEntry("error", "UnrecognizedClientException");
        assertThat((String) s.details().get("reason")).contains("credentials");
    }

    @Test
    void downWhenRecordsFailForGoodUntilOneIsStoredAgain() {
        health.shardMapLoaded(1);
        health.putRecordsCompleted(1, 0, 1, 10, Duration.ofMillis(3), null);
        health.userRecordsFailed("Expired", 7);
        health.userRecordsFailed("Expired", 2);
        ProducerHealth.State s = health.check(METRICS);
        assertThat(s.status()).isEqualTo(Status.DOWN);
        assertThat(s.details()).containsEntry("error", "Expired").containsEntry("failedRecordsSinceLastSuccess", 9L)
                .containsEntry("lastFailure", "2023-11-14T22:13:20Z");
        health.putRecordsCompleted(1, 0, 1, 10, Duration.ofMillis(3), null);
        assertThat(health.check(METRICS).status()).isEqualTo(Status.UP);
    }

    @Test
    void downWhileCallsCannotConnectAfterTheShardMapLoadedUntilOneSucceeds() {
        health.shardMapLoaded(2);
        health.putRecordsCompleted(1, 0, 1, 10, Duration.ofMillis(3), null);
        health.putRecordsCompleted(2, 2, 5, 100, Duration.ofMillis(1), "SdkClientException");
        ProducerHealth.State s = health.check(METRICS);
        assertThat(s.status()).isEqualTo(Status.DOWN);
        assertThat(s.details()).containsEntry("error", "SdkClientException");
        assertThat((String) s.details().get("reason")).contains("endpoint cannot be reached");
        health.putRecordsCompleted(2, 0, 5, 100, Duration.ofMillis(4), null);
        assertThat(health.check(METRICS).status()).isEqualTo(Status.UP);
    }

    @Test
    void aThrottledOrTransientCallDoesNotTurnItDown() {
        health.shardMapLoaded(1);
        health.putRecordsCompleted(1, 1, 1, 10, Duration.ofMillis(3), "ProvisionedThroughputExceededException");
        health.putRecordsCompleted(1, 1, 1, 10, Duration.ofMillis(3), "InternalFailure");
        health.putRecordsCompleted(1, 1, 1, 10, Duration.ofMillis(3), "ApiCallAttemptTimeoutException");
        assertThat(health.check(METRICS).status()).isEqualTo(Status.UP);
    }
}
