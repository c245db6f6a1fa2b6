package io.github.kinesisproducer.spring.boot;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The actuator's {@code kinesis} health (Spring Boot 4): the auto-configured producers' status, with details per
 * producer (see {@link ProducerHealth} for when a producer is UP, DOWN or UNKNOWN).
 */
public final class KinesisHealthIndicator implements HealthIndicator {
    private final KinesisProducers producers;

    KinesisHealthIndicator(KinesisProducers producers) {
        this.producers = producers;
    }

    @Override
    public Health health() {
        HealthSummary summary = HealthSummary.of(producers.all());
        return Health.status(new Status(summary.status().name())).withDetails(summary.details()).build();
    }
}
