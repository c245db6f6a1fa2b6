package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShardMapGateTest {

    private static Thread later(long millis, Runnable r) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            r.run();
        });
        t.start();
        return t;
    }

    @Test
    void aLoadAfterARetriableFailureEndsTheWait() throws Exception {
        ShardMapGate gate = new ShardMapGate();
        gate.shardMapLoadFailed("SdkClientException", new RuntimeException("connection refused"));
        Thread t = later(100, () -> gate.shardMapLoaded(4));

        assertThat(gate.await(Duration.ofSeconds(20), f -> false)).isTrue();
        t.join();
    }

    @Test
    void aFailureTheCallerStopsOnEndsTheWaitAtOnceAndKeepsItsCodeWithItsError() throws Exception {
        ShardMapGate gate = new ShardMapGate();
        RuntimeException notFound = new RuntimeException("Stream x not found");
        Thread t = later(100, () -> gate.shardMapLoadFailed("ResourceNotFoundException", notFound));
        long t0 = System.nanoTime();

        boolean loaded = gate.await(Duration.ofSeconds(20), f -> f.code().equals("ResourceNotFoundException"));

        assertThat(loaded).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(10);
        assertThat(gate.lastFailure()).isEqualTo(new ShardMapGate.Failure("ResourceNotFoundException", notFound));
        t.join();
    }

    @Test
    void withoutAnyOutcomeTheWaitEndsAtItsTimeout() throws Exception {
        ShardMapGate gate = new ShardMapGate();
        assertThat(gate.await(Duration.ofMillis(50))).isFalse();
        assertThat(gate.lastFailure()).isNull();
    }
}
