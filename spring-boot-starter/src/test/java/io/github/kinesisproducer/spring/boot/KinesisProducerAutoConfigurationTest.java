package io.github.kinesisproducer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.RecordDistribution;
import io.github.kinesisproducer.test.MockKinesisProducer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

/**
 * The auto-configuration in application contexts: properties bound (the issue's YAML, relaxed names, Boot's formats),
 * conditions, back-off, named producers, AWS beans, meters, listeners and customizers. Producers point at a loopback
 * port that refuses connections: nothing is sent anywhere.
 */
class KinesisProducerAutoConfigurationTest {
    private ApplicationContextRunner runner;

    @BeforeEach
    void setUp() {
        runner = TestSupport.runner()
                .withPropertyValues("kinesis.producer.endpoint=" + TestSupport.REFUSED_ENDPOINT);
    }

    @Test
    void theIssuesYamlConfiguresAProducerAndANamedOne() {
        runner.withPropertyValues("kinesis.producer.stream-name=orders", "kinesis.producer.region=eu-west-1",
                "kinesis.producer.aggregation=kpl", "kinesis.producer.max-buffered-time=100ms",
                "kinesis.producer.strict-ordering=true", "kinesis.producer.producers.audit.stream-name=audit-events",
                "kinesis.producer.producers.audit.aggregation=none").run(context -> {
                    assertThat(context).hasNotFailed();
                    ProducerConfig orders = context.getBean(KinesisProducer.class).config();
                    assertThat(orders.streamName()).isEqualTo("orders");
                    assertThat(orders.region()).isEqualTo("eu-west-1");
                    assertThat(orders.aggregation()).isEqualTo(Aggregation.KPL);
                    assertThat(orders.maxBufferedTime()).isEqualTo(Duration.ofMillis(100));
                    assertThat(orders.strictOrdering()).isTrue();
                    assertThat(orders.endpoint()).hasToString(TestSupport.REFUSED_ENDPOINT);

                    ProducerConfig audit = context.getBean("auditKinesisProducer", KinesisProducer.class).config();
                    assertThat(audit.streamName()).isEqualTo("audit-events");
                    assertThat(audit.aggregation()).isEqualTo(Aggregation.NONE);
                    // everything else it leaves unset comes from the top level
                    assertThat(audit.region()).isEqualTo("eu-west-1");
                    assertThat(audit.strictOrdering()).isTrue();
                    assertThat(audit.maxBufferedTime()).isEqualTo(Duration.ofMillis(100));
                });
    }

    @Test
    void relaxedNamesAndBootsDurationAndSizeFormats() {
        runner.withPropertyValues("kinesis.producer.streamName=orders", "kinesis.producer.region=us-east-1",
                "kinesis.producer.maxBufferedTime=PT0.25S", "kinesis.producer.max_buffered_bytes=32MB",
                "kinesis.producer.aggregation-max-size=256KB", "kinesis.producer.record-ttl=2m",
                "kinesis.producer.max-block=1500", "kinesis.producer.record-distribution=user-partition-key",
                "kinesis.producer.aggregation=NONE")
                .withInitializer(c -> c.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource("test-systemEnvironment",
                                Map.of("KINESIS_PRODUCER_MAXCONCURRENCY", "9"))))
                .run(context -> {
                    ProducerConfig c = context.getBean(KinesisProducer.class).config();
                    assertThat(c.maxBufferedTime()).isEqualTo(Duration.ofMillis(250));
                    assertThat(c.maxBufferedBytes()).isEqualTo(DataSize.ofMegabytes(32).toBytes());
                    assertThat(c.aggregationMaxSize()).isEqualTo(256 * 1024);
                    assertThat(c.recordTtl()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(c.maxBlock()).isEqualTo(Duration.ofMillis(1500)); // a bare number: milliseconds
                    assertThat(c.recordDistribution()).isEqualTo(RecordDistribution.USER_PARTITION_KEY);
                    assertThat(c.aggregation()).isEqualTo(Aggregation.NONE);
                    assertThat(c.maxConcurrency()).isEqualTo(9);
                });
    }

    @Test
    void unsetSettingsKeepTheProducersDefaults() {
        runner.withPropertyValues("kinesis.producer.stream-name=orders", "kinesis.producer.region=us-east-1")
                .run(context -> {
                    ProducerConfig c = context.getBean(KinesisProducer.class).config();
                    ProducerConfig defaults = ProducerConfig.builder("orders").build();
                    assertThat(c.recordTtl()).isEqualTo(defaults.recordTtl());
                    assertThat(c.maxBufferedBytes()).isEqualTo(defaults.maxBufferedBytes());
                    assertThat(c.aggregation()).isEqualTo(defaults.aggregation());
                    assertThat(c.maxRecordSizeSet()).isFalse(); // the stream's own max record size may apply
                });
    }

    @Test
    void injectableByTypeByInterfaceAndByQualifier() {
        runner.withPropertyValues("kinesis.producer.stream-name=orders", "kinesis.producer.region=us-east-1",
                "kinesis.producer.producers.audit.stream-name=audit-events",
                "kinesis.producer.producers.clicks.stream-name=clicks")
                .withUserConfiguration(Consumers.class).run(context -> {
                    Injected c = context.getBean(Injected.class);
                    assertThat(c.primary().config().streamName()).isEqualTo("orders");
                    assertThat(((KinesisProducer) c.byInterface()).config().streamName()).isEqualTo("orders");
                    assertThat(c.audit().config().streamName()).isEqualTo("audit-events");
                    assertThat(c.clicks().config().streamName()).isEqualTo("clicks");
                    assertThat(context.getBeansOfType(KinesisProducer.class)).containsOnlyKeys("kinesisProducer",
                            "auditKinesisProducer", "clicksKinesisProducer");
                });
    }

    @Test
    void onlyNamedProducersWhenTheTopLevelHasNoStream() {
        runner.withPropertyValues("kinesis.producer.region=us-east-1",
                "kinesis.producer.producers.audit.stream-name=audit-events").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(KinesisProducer.class)).containsOnlyKeys("auditKinesisProducer");
                    assertThat(context.getBean(KinesisProducer.class).config().streamName()).isEqualTo("audit-events");
                });
    }

    @Test
    void backsOffForTheApplicationsProducerInterfaceBean() {
        runner.withPropertyValues("kinesis.producer.stream-name=orders", "kinesis.producer.region=us-east-1",
                "kinesis.producer.producers.audit.stream-name=audit-events")
                .withBean(MockKinesisProducer.class, MockKinesisProducer::new).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(Producer.class).isInstanceOf(MockKinesisProducer.class);
                    assertThat(context).doesNotHaveBean(KinesisProducer.class);
                    assertThat(context).doesNotHaveBean(KinesisProducers.class);
                    assertThat(context).doesNotHaveBean("kinesisHealthIndicator");
                    context.getBean(Producer.class).send("k", "v".getBytes(StandardCharsets.UTF_8)).join();
                });
    }

    @Test
    void backsOffForTheApplicationsKinesisProducerBean() {
        runner.withPropertyValues("kinesis.producer.stream-name=orders", "kinesis.producer.region=us-east-1",
                "own.endpoint=" + TestSupport.REFUSED_ENDPOINT)
                .withUserConfiguration(OwnProducer.class).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(KinesisProducer.class)).containsOnlyKeys("ownProducer");
                    assertThat(context).doesNotHaveBean(KinesisProducers.class);
                });
    }

    @Test
    void enabledFalseTurnsItOff() {
        runner.withPropertyValues("kinesis.producer.enabled=false", "kinesis.producer.stream-name=orders")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(KinesisProducer.class);
                    assertThat(context).doesNotHaveBean(KinesisProducerProperties.class);
                });
    }

    @Test
    void regionFromTheApplicationsRegionProviderAndCredentialsFromItsProvider() throws Exception {
        CountDownLatch used = new CountDownLatch(1);
        AwsCredentialsProvider counting = () -> {
            used.countDown();
            return TestSupport.CREDENTIALS.resolveCredentials();
        };
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KinesisProducerAutoConfiguration.class))
                .withBean(AwsCredentialsProvider.class, () -> counting)
                .withBean(AwsRegionProvider.class, () -> () -> Region.EU_CENTRAL_1)
                .withPropertyValues("kinesis.producer.stream-name=orders",
                        "kinesis.producer.endpoint=" + TestSupport.REFUSED_ENDPOINT)
                .run(context -> {
                    assertThat(context.getBean(KinesisProducer.class).config().region()).isEqualTo("eu-central-1");
                    // the producer signs its first ListShards call with the application's credentials
                    assertThat(used.await(30, TimeUnit.SECONDS)).isTrue();
                });
    }

    @Test
    void theRegionPropertyWinsOverTheRegionProvider() {
        runner.withBean(AwsRegionProvider.class, () -> () -> Region.EU_CENTRAL_1)
                .withPropertyValues("kinesis.producer.stream-name=orders", "kinesis.producer.region=ap-south-1")
                .run(context -> assertThat(context.getBean(KinesisProducer.class).config().region())
                        .isEqualTo("ap-south-1"));
    }

    @Test
    void metersInTheApplicationsRegistryTaggedByStreamAndProducer() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("kinesis.producer.stream-name=orders", "kinesis.producer.region=us-east-1",
                        "kinesis.producer.producers.audit.stream-name=audit-events")
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.find("kinesis.producer.buffered.records").tags("stream", "orders",
                            "producer", "default").gauge()).isNotNull();
                    assertThat(registry.find("kinesis.producer.buffered.records").tags("stream", "audit-events",
                            "producer", "audit").gauge()).isNotNull();
                    assertThat(registry.find("kinesis.producer.put.records").tag("stream", "orders").timers())
                            .isNotEmpty();
                });
    }

    @Test
    void listenerBeansGetEveryProducersEventsAndCustomizersSeeEveryBuilder() {
        List<String> customized = new CopyOnWriteArrayList<>();
        CountDownLatch failedLoads = new CountDownLatch(2);
        ProducerListener listener = new ProducerListener() {
            @Override
            public void shardMapLoadFailed(String errorCode, Throwable error) {
                failedLoads.countDown();
            }
        };
        runner.withBean(ProducerListener.class, () -> listener)
                .withBean(KinesisProducerBuilderCustomizer.class,
                        () -> (name, builder) -> customized.add(name))
                .withPropertyValues("kinesis.producer.stream-name=orders", "kinesis.producer.region=us-east-1",
                        "kinesis.producer.producers.audit.stream-name=audit-events")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(customized).containsExactlyInAnyOrder("default", "audit");
                    // both producers' first ListShards call hits the refused port
                    assertThat(failedLoads.await(30, TimeUnit.SECONDS)).isTrue();
                });
    }

    @Test
    void infoShowsEachProducersStreamAndSettings() {
        runner.withPropertyValues("kinesis.producer.stream-name=orders", "kinesis.producer.region=us-east-1",
                "kinesis.producer.strict-ordering=true").run(context -> {
                    org.springframework.boot.actuate.info.Info.Builder info =
                            new org.springframework.boot.actuate.info.Info.Builder();
                    context.getBean(KinesisInfoContributor.class).contribute(info);
                    @SuppressWarnings("unchecked")
                    Map<String, Map<String, Map<String, Object>>> kinesis =
                            (Map<String, Map<String, Map<String, Object>>>) info.build().getDetails().get("kinesis");
                    assertThat(kinesis.get("producers").get("default")).containsEntry("stream", "orders")
                            .containsEntry("strictOrdering", true).containsEntry("aggregation", "KPL")
                            .containsEntry("region", "us-east-1").containsKey("recordDistribution");
                });
    }

    @Test
    void worksWithoutTheActuatorAndMicrometer() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
                "org.springframework.boot.health", "io.micrometer"))
                .withPropertyValues("kinesis.producer.stream-name=orders", "kinesis.producer.region=us-east-1")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(KinesisProducer.class)
                            .doesNotHaveBean("kinesisHealthIndicator").doesNotHaveBean(KinesisInfoContributor.class)
                            .doesNotHaveBean(ProducerInstrumentation.class);
                });
    }

    @Test
    void healthAndInfoCanBeTurnedOff() {
        runner.withPropertyValues("kinesis.producer.stream-name=orders", "kinesis.producer.region=us-east-1",
                "management.health.kinesis.enabled=false", "management.info.kinesis.enabled=false").run(context -> {
                    assertThat(context).hasSingleBean(KinesisProducer.class);
                    assertThat(context).doesNotHaveBean("kinesisHealthIndicator");
                    assertThat(context).doesNotHaveBean(KinesisInfoContributor.class);
                });
    }

    record Injected(KinesisProducer primary, Producer byInterface, KinesisProducer audit, KinesisProducer clicks) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Consumers {
        @Bean
        Injected injected(KinesisProducer primary, Producer byInterface, @Qualifier("audit") KinesisProducer audit,
                @Qualifier("clicks") KinesisProducer clicks) {
            return new Injected(primary, byInterface, audit, clicks);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnProducer {
        @Bean
        KinesisProducer ownProducer(org.springframework.core.env.Environment env) {
            return KinesisProducer.builder().streamName("own").region("us-east-1")
                    .endpointOverride(java.net.URI.create(env.getProperty("own.endpoint")))
                    .credentialsProvider(TestSupport.CREDENTIALS).build();
        }
    }
}
