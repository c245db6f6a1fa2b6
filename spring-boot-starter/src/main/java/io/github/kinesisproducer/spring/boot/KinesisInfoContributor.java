package io.github.kinesisproducer.spring.boot;

import io.github.kinesisproducer.ProducerConfig;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * {@code kinesis} in the actuator's info: per auto-configured producer, its stream and the settings that shape what
 * it does (aggregation, buffering time, ordering, time-to-live, memory bound, concurrency), and how it treats the
 * stream's record placement now.
 */
public final class KinesisInfoContributor implements InfoContributor {
    private final KinesisProducers producers;

    KinesisInfoContributor(KinesisProducers producers) {
        this.producers = producers;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> all = new LinkedHashMap<>();
        producers.all().stream().sorted(Comparator.comparing(ManagedProducer::name)).forEach(p -> {
            ProducerConfig c = p.producer().config();
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("stream", c.streamName());
            if (c.region() != null) {
                one.put("region", c.region());
            }
            if (c.endpoint() != null) {
                one.put("endpoint", c.endpoint().toString());
            }
            one.put("aggregation", c.aggregation().name());
            one.put("maxBufferedTime", c.maxBufferedTime().toString());
            one.put("strictOrdering", c.strictOrdering());
            one.put("recordTtl", c.recordTtl().toString());
            one.put("maxBufferedBytes", c.maxBufferedBytes());
            one.put("maxConcurrency", c.maxConcurrency());
            one.put("recordDistribution", p.producer().metrics().recordDistribution().name());
            all.put(p.name(), one);
        });
        builder.withDetail("kinesis", Map.of("producers", all));
    }
}
