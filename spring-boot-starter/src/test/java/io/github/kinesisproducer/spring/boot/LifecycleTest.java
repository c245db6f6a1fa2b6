package io.github.kinesisproducer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerClosedException;
import io.github.kinesisproducer.RecordResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Closing through Spring's lifecycle: the producers stop after other lifecycle beans, within the shutdown phase's
 * timeout, failing what is left; a refresh that fails leaves no producer thread running.
 */
class LifecycleTest {
    private ApplicationContextRunner runner;

    @BeforeEach
    void setUp() {
        runner = TestSupport.runner().withPropertyValues("kinesis.producer.region=us-east-1",
                "kinesis.producer.stream-name=orders", "kinesis.producer.endpoint=" + TestSupport.REFUSED_ENDPOINT);
    }

    @Test
    void aFailedRefreshLeavesNoProducerThreadRunning() throws Exception {
        Set<Thread> before = TestSupport.producerThreads();
        runner.withPropertyValues("kinesis.producer.producers.audit.stream-name=audit")
                .withUserConfiguration(FailsAfterTheProducers.class).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasRootCauseMessage("this bean cannot start");
                });
        Set<Thread> left = new HashSet<>(TestSupport.producerThreads());
        left.removeAll(before);
        assertThat(TestSupport.joined(left, Duration.ofSeconds(10))).as("threads left: %s", left).isTrue();
        assertThat(FailsAfterTheProducers.sawProducerThreads).as("the producers had started").isTrue();
    }

    @Test
    void closingTheContextFailsWhatCannotBeSentWithinTheShutdownPhase() {
        List<CompletableFuture<RecordResult>> sent = new ArrayList<>();
        KinesisProducers[] producers = new KinesisProducers[1];
        runner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=1s").run(context -> {
            producers[0] = context.getBean(KinesisProducers.class);
            assertThat(producers[0].isRunning()).isTrue();
            assertThat(producers[0].drainTimeout()).isEqualTo(Duration.ofMillis(900));
            KinesisProducer p = context.getBean(KinesisProducer.class);
            for (int i = 0; i < 10; i++) {
                sent.add(p.send("k" + i, ("r" + i).getBytes(StandardCharsets.UTF_8)));
            }
        });
        // the context is closed: every future is complete, the unsendable ones failed by the deadline
        assertThat(producers[0].isRunning()).isFalse();
        for (CompletableFuture<RecordResult> f : sent) {
            assertThat(f).isDone();
            assertThat(f).failsWithin(Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(ProducerClosedException.class);
        }
    }

    @Test
    void beansThatStopEarlierCanStillSend() {
        runner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=1s")
                .withUserConfiguration(SendsWhileStopping.class).run(context -> {
                    assertThat(context.getBean(KinesisProducers.class).getPhase())
                            .isLessThan(SmartLifecycle.DEFAULT_PHASE - 4096);
                });
        assertThat(SendsWhileStopping.accepted).as("a send from a bean stopping before the producers").isNotNull();
        assertThat(SendsWhileStopping.accepted).isDone(); // failed by the deadline (nothing listens), but not refused
    }

    @Test
    void theDrainLeavesAMarginOfATenthUpToOneSecond() {
        assertThat(new KinesisProducers(null, Duration.ofSeconds(30)).drainTimeout()).isEqualTo(Duration.ofSeconds(29));
        assertThat(new KinesisProducers(null, Duration.ofSeconds(2)).drainTimeout()).isEqualTo(Duration.ofMillis(1800));
    }

    @Configuration(proxyBeanMethods = false)
    static class FailsAfterTheProducers {
        static volatile boolean sawProducerThreads;

        @Bean
        Object failing(KinesisProducer producer, @org.springframework.beans.factory.annotation.Qualifier("audit")
                KinesisProducer audit) {
            sawProducerThreads = TestSupport.producerThreads().stream()
                    .anyMatch(t -> t.getName().endsWith("-sender"));
            throw new IllegalStateException("this bean cannot start");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SendsWhileStopping {
        static volatile CompletableFuture<RecordResult> accepted;

        @Bean
        SmartLifecycle sender(KinesisProducer producer) {
            return new SmartLifecycle() {
                private volatile boolean running;

                @Override
                public void start() {
                    running = true;
                }

                @Override
                public void stop() {
                    try {
                        accepted = producer.send("last", "words".getBytes(StandardCharsets.UTF_8));
                    } catch (ProducerClosedException | CompletionException e) {
                        accepted = null;
                    }
                    running = false;
                }

                @Override
                public boolean isRunning() {
                    return running;
                }
            };
        }
    }
}
