package io.github.kinesisproducer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/** Bad properties stop the start-up with an error that names the property, the value and what is allowed. */
class ValidationTest {
    private ApplicationContextRunner runner;

    @BeforeEach
    void setUp() {
        runner = TestSupport.runner().withPropertyValues("kinesis.producer.region=us-east-1",
                "kinesis.producer.endpoint=" + TestSupport.REFUSED_ENDPOINT);
    }

    private KinesisProducerPropertyException failure(String... properties) {
        Throwable[] failure = new Throwable[1];
        runner.withPropertyValues(properties).run(context -> failure[0] = context.getStartupFailure());
        assertThat(failure[0]).as("start-up failure").isNotNull();
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure[0]);
        assertThat(root).isInstanceOf(KinesisProducerPropertyException.class);
        FailureAnalysis analysis = new KinesisProducerFailureAnalyzer().analyze(failure[0]);
        assertThat(analysis).isNotNull();
        KinesisProducerPropertyException e = (KinesisProducerPropertyException) root;
        assertThat(analysis.getDescription()).contains(e.getMessage());
        assertThat(analysis.getAction()).contains(e.property(), "kinesis.producer.enabled=false");
        return e;
    }

    @Test
    void aValueOutOfRangeNamesThePropertyAndWhatIsAllowed() {
        KinesisProducerPropertyException e = failure("kinesis.producer.stream-name=orders",
                "kinesis.producer.record-ttl=10ms");
        assertThat(e.property()).isEqualTo("kinesis.producer.record-ttl");
        assertThat(e.getMessage()).startsWith("Invalid value for kinesis.producer.record-ttl: PT0.01S")
                .contains("allowed: a duration from PT0.1S to PT24H").doesNotContain("record_ttl");
    }

    @Test
    void aWrongProxyUrlNamesThePropertyButNeverShowsTheUrl() {
        for (String bad : new String[] {"http://app:hunter2@proxy corp:3128", "ftp://app:hunter2@proxy.corp:3128"}) {
            KinesisProducerPropertyException e = failure("kinesis.producer.stream-name=orders",
                    "kinesis.producer.proxy-url=" + bad);
            assertThat(e.property()).isEqualTo("kinesis.producer.proxy-url");
            assertThat(e.getMessage()).as(bad).contains("kinesis.producer.proxy-url").doesNotContain("hunter2")
                    .doesNotContain("proxy_url");
            FailureAnalysis analysis = new KinesisProducerFailureAnalyzer().analyze(e);
            assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("hunter2");
        }
    }

    @Test
    void aMissingStreamNameNamesTheProperty() {
        KinesisProducerPropertyException e = failure();
        assertThat(e.property()).isEqualTo("kinesis.producer.stream-name");
        assertThat(e.getMessage()).contains("kinesis.producer.stream-name is required", "enabled=false");
    }

    @Test
    void aNamedProducersErrorsNameItsOwnProperties() {
        KinesisProducerPropertyException e = failure("kinesis.producer.stream-name=orders",
                "kinesis.producer.producers.audit.aggregation=none");
        assertThat(e.property()).isEqualTo("kinesis.producer.producers.audit.stream-name");

        e = failure("kinesis.producer.stream-name=orders", "kinesis.producer.producers.audit.stream-name=audit",
                "kinesis.producer.producers.audit.max-concurrency=0");
        assertThat(e.property()).isEqualTo("kinesis.producer.producers.audit.max-concurrency");
        assertThat(e.getMessage()).contains("kinesis.producer.producers.audit.max-concurrency: 0",
                "an integer from 1 to 256");
    }

    @Test
    void aTopLevelErrorInheritedByANamedProducerNamesTheTopLevelProperty() {
        KinesisProducerPropertyException e = failure("kinesis.producer.max-attempts=0",
                "kinesis.producer.producers.audit.stream-name=audit");
        assertThat(e.property()).isEqualTo("kinesis.producer.max-attempts");
    }

    @Test
    void settingsThatContradictEachOtherNameBothProperties() {
        KinesisProducerPropertyException e = failure("kinesis.producer.stream-name=orders",
                "kinesis.producer.aggregation-max-size=2MB");
        assertThat(e.property()).isEqualTo("kinesis.producer.aggregation-max-size");
        assertThat(e.getMessage()).contains("kinesis.producer.aggregation-max-size (2097152) must not exceed "
                + "kinesis.producer.max-record-size");

        e = failure("kinesis.producer.stream-name=orders", "kinesis.producer.strict-ordering=true",
                "kinesis.producer.record-distribution=auto");
        assertThat(e.getMessage()).contains("kinesis.producer.strict-ordering", "kinesis.producer.record-distribution");
    }

    @Test
    void aSizeBeyondAnIntIsRefusedNamingTheProperty() {
        KinesisProducerPropertyException e = failure("kinesis.producer.stream-name=orders",
                "kinesis.producer.max-request-bytes=4GB");
        assertThat(e.property()).isEqualTo("kinesis.producer.max-request-bytes");
    }

    @Test
    void aNamedProducerCannotBeCalledDefault() {
        KinesisProducerPropertyException e = failure("kinesis.producer.stream-name=orders",
                "kinesis.producer.producers.default.stream-name=other");
        assertThat(e.property()).isEqualTo("kinesis.producer.producers.default");
    }

    @Test
    void valuesBootCannotConvertAreReportedByBootNamingTheProperty() {
        runner.withPropertyValues("kinesis.producer.stream-name=orders", "kinesis.producer.max-buffered-time=soon")
                .run(context -> {
                    Throwable failure = context.getStartupFailure();
                    assertThat(failure).isNotNull();
                    BindException bind = findCause(failure, BindException.class);
                    assertThat(bind).isNotNull();
                    assertThat(bind.getMessage()).contains("kinesis.producer");
                    assertThat(bind.getProperty().getName().toString()).isEqualTo("kinesis.producer.max-buffered-time");
                });
    }

    private static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
