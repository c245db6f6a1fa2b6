package io.github.kinesisproducer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.emulator.ForwardProxy;
import io.github.kinesisproducer.emulator.Kinesalite;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.spring.boot.docs.OrderEvents;
import io.github.kinesisproducer.spring.boot.docs.ShopApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The documentation's application ({@link ShopApplication}: auto-configuration, the actuator, Micrometer, the
 * {@link OrderEvents} service) configured by the YAML ({@code kinesis-app.yml}, as in the README) against
 * kinesalite: the service sends through the injected beans, every record is read back through the KCL's deaggregator,
 * and health (through the actuator's endpoint), info and meters show what happened.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=kinesis-app", "management.endpoints.web.exposure.include=health,info",
            "management.endpoint.health.show-details=always"})
@DirtiesContext // closed when the class ends (not cached to the JVM's end): its producers write to this class's streams
class SpringBootApplicationIT {
    private static final int ORDERS_SENT = 600;
    private static final StreamAdmin ADMIN = StreamAdmin.forEndpoint(Kinesalite.shared().endpoint());
    private static final String ORDERS = StreamAdmin.uniqueStreamName("spring-orders");
    private static final String AUDIT = StreamAdmin.uniqueStreamName("spring-audit");
    private static final String PROXY_PASSWORD = "spr1ng:pass@word";
    /** The audit producer goes through it (proxy-url with Basic credentials); the default producer does not. */
    private static ForwardProxy proxy;

    @DynamicPropertySource
    static void streams(DynamicPropertyRegistry registry) {
        ADMIN.createStream(ORDERS, 2);
        ADMIN.createStream(AUDIT, 1);
        ADMIN.waitUntilActive(ORDERS);
        ADMIN.waitUntilActive(AUDIT);
        registry.add("kinesis.producer.endpoint", () -> Kinesalite.shared().endpoint().toString());
        registry.add("kinesis.producer.stream-name", () -> ORDERS);
        registry.add("kinesis.producer.producers.audit.stream-name", () -> AUDIT);
        proxy = ForwardProxy.start("audit-app", PROXY_PASSWORD);
        registry.add("kinesis.producer.producers.audit.proxy-url", () -> proxy.url("audit-app", PROXY_PASSWORD)
                .toString());
    }

    @AfterAll
    static void deleteStreams() {
        ADMIN.deleteStream(ORDERS);
        ADMIN.deleteStream(AUDIT);
        ADMIN.close();
        if (proxy != null) {
            proxy.close();
        }
    }

    @Autowired
    private OrderEvents events;
    @Autowired
    private ApplicationContext context;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private InfoEndpoint info;

    @Test
    void theServiceSendsThroughTheInjectedProducersAndEveryRecordIsReadBack() throws Exception {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < ORDERS_SENT; i++) {
            sent.add(events.placed("order-" + (i % 40), "{\"n\":" + i + "}"));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();

        List<KclReadBack.Read> orders = KclReadBack.read(ADMIN, ORDERS);
        assertThat(orders).extracting(KclReadBack.Read::data)
                .containsExactlyInAnyOrderElementsOf(expected("{\"n\":%d}"));
        // strict-ordering: true in the YAML: each key's records come back in the order they were sent
        Map<String, List<Integer>> byKey = orders.stream().collect(Collectors.groupingBy(KclReadBack.Read::partitionKey,
                LinkedHashMap::new, Collectors.mapping(r -> number(r.data()), Collectors.toList())));
        assertThat(byKey).hasSize(40).allSatisfy((key, numbers) -> assertThat(numbers).isSorted());

        List<KclReadBack.Read> audit = KclReadBack.read(ADMIN, AUDIT);
        assertThat(audit).extracting(KclReadBack.Read::data)
                .containsExactlyInAnyOrderElementsOf(expected("{\"n\":%d}"));
        // aggregation: none for audit: one Kinesis record per user record, nothing for the KCL to take apart
        assertThat(ADMIN.readAll(AUDIT)).hasSize(ORDERS_SENT);
        // audit's proxy-url: its calls went through the proxy (its own log), with the credentials it wants
        String endpoint = Kinesalite.shared().endpoint().toString();
        assertThat(proxy.log()).contains("REQUEST POST " + endpoint + "/");
        assertThat(proxy.authFailures()).isZero();
        assertThat(ADMIN.readAll(ORDERS)).hasSizeLessThan(ORDERS_SENT);

        assertThat(userRecordsPut(ORDERS)).isEqualTo(ORDERS_SENT);
        assertThat(userRecordsPut(AUDIT)).isEqualTo(ORDERS_SENT);
        assertThat(meters.find("kinesis.producer.put.records").tags("stream", ORDERS, "outcome", "success").timer())
                .isNotNull().satisfies(t -> assertThat(t.count()).isPositive());

        HealthReader.Reading health = HealthReader.readEndpoint(context, "kinesis");
        assertThat(health.status()).isEqualTo("UP");
        assertThat(health.producer("default")).containsEntry("status", "UP").containsEntry("stream", ORDERS)
                .containsEntry("openShards", 2).containsKey("lastSuccess");
        assertThat(health.producer("audit")).containsEntry("status", "UP").containsEntry("stream", AUDIT)
                .containsEntry("openShards", 1);
    }

    @Test
    void theYamlConfiguresBothProducersAndInfoShowsThem() {
        KinesisProducer orders = context.getBean(KinesisProducer.class);
        assertThat(orders.config().streamName()).isEqualTo(ORDERS);
        assertThat(orders.config().region()).isEqualTo("eu-west-1");
        assertThat(orders.config().strictOrdering()).isTrue();
        KinesisProducer audit = context.getBean("auditKinesisProducer", KinesisProducer.class);
        assertThat(audit.config().streamName()).isEqualTo(AUDIT);

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Object>>> kinesis =
                (Map<String, Map<String, Map<String, Object>>>) info.info().get("kinesis");
        assertThat(kinesis.get("producers").get("default")).containsEntry("stream", ORDERS)
                .containsEntry("aggregation", "KPL").containsEntry("strictOrdering", true)
                .containsEntry("maxBufferedTime", "PT0.1S").containsEntry("region", "eu-west-1");
        assertThat(kinesis.get("producers").get("audit")).containsEntry("stream", AUDIT)
                .containsEntry("aggregation", "NONE");
        assertThat(audit.config().proxyUrl()).isEqualTo(proxy.url("audit-app", PROXY_PASSWORD));
        assertThat(orders.config().proxyUrl()).isNull();
        assertThat(String.valueOf(info.info())).doesNotContain("spr1ng").doesNotContain("audit-app");
        assertThat(audit.config().toString()).doesNotContain("spr1ng");
    }

    private double userRecordsPut(String stream) {
        return meters.get("kinesis.producer.user.records.put").tag("stream", stream).functionCounter().count();
    }

    private static List<String> expected(String format) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ORDERS_SENT; i++) {
            out.add(String.format(java.util.Locale.ROOT, format, i));
        }
        return out;
    }

    private static int number(String json) {
        return Integer.parseInt(json.substring(json.indexOf(':') + 1, json.indexOf('}')));
    }
}
