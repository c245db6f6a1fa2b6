package io.github.kinesisproducer.spring.boot;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health of every auto-configured producer as one status with details per producer, for the actuator's
 * {@code kinesis} health indicator (any Spring Boot line): DOWN if one is down, else UP if one is up, else UNKNOWN.
 *
 * @param status the overall status
 * @param details producer name → its status and details (no null values: the actuator refuses them)
 */
record HealthSummary(ProducerHealth.Status status, Map<String, Object> details) {

    static HealthSummary of(Collection<ManagedProducer> producers) {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean down = false;
        boolean up = false;
        List<ManagedProducer> sorted = producers.stream().sorted(Comparator.comparing(ManagedProducer::name)).toList();
        for (ManagedProducer p : sorted) {
            ProducerHealth.State state = p.check();
            down |= state.status() == ProducerHealth.Status.DOWN;
            up |= state.status() == ProducerHealth.Status.UP;
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("status", state.status().name());
            state.details().forEach((k, v) -> {
                if (v != null) {
                    one.put(k, v);
                }
            });
            details.put(p.name(), one);
        }
        ProducerHealth.Status status = down ? ProducerHealth.Status.DOWN
                : up ? ProducerHealth.Status.UP : ProducerHealth.Status.UNKNOWN;
        return new HealthSummary(status, details);
    }
}
