package io.github.kinesisproducer.flink;

import io.github.kinesisproducer.ProducerConfig;
import java.io.Serializable;

/**
 * Producer settings for every subtask's producer, applied to a {@link ProducerConfig.Builder} with the producer's
 * own setter names and defaults (the README's configuration table), e.g.
 * {@code .producerConfig(c -> c.aggregation(Aggregation.KPL).recordTtl(Duration.ofMinutes(2)))}.
 *
 * <p>Serializable because Flink ships it to the task managers; it is also applied once when the sink is built, so
 * a value out of range fails at job construction with the producer's {@code ConfigException}, not on a task manager.
 */
@FunctionalInterface
public interface ProducerSettings extends Serializable {
    /** Sets what it wants on {@code config}; settings it leaves alone keep their defaults. */
    void apply(ProducerConfig.Builder config);
}
