package io.github.kinesisproducer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * A bad property in a real application's start-up: Spring Boot finds the starter's failure analyzer (registered in
 * its {@code META-INF/spring.factories}) and reports the property, what is allowed and what to do. The analyses are
 * caught by {@link Recorder}, a reporter registered by the tests' own {@code spring.factories}.
 */
class FailureReportTest {

    /** Records what Spring Boot would print as "APPLICATION FAILED TO START". */
    public static final class Recorder implements FailureAnalysisReporter {
        static final List<FailureAnalysis> REPORTED = new CopyOnWriteArrayList<>();

        @Override
        public void report(FailureAnalysis analysis) {
            REPORTED.add(analysis);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @BeforeEach
    void forget() {
        Recorder.REPORTED.clear();
    }

    @Test
    void aValueOutOfRangeIsReportedNamingThePropertyWhatIsAllowedAndWhatToDo() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("kinesis.producer.stream-name=orders", "kinesis.producer.region=eu-west-1",
                        "kinesis.producer.record-ttl=10ms")
                .run().close()).hasRootCauseInstanceOf(KinesisProducerPropertyException.class);
        assertThat(Recorder.REPORTED).singleElement().satisfies(a -> {
            assertThat(a.getDescription()).isEqualTo("The Kinesis producer could not be configured: Invalid value for "
                    + "kinesis.producer.record-ttl: PT0.01S (allowed: a duration from PT0.1S to PT24H)");
            assertThat(a.getAction()).startsWith("Change kinesis.producer.record-ttl in the application's "
                    + "configuration").endsWith("kinesis.producer.enabled=false.");
        });
    }

    @Test
    void aMissingStreamNameIsReportedNamingTheProperty() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("kinesis.producer.region=eu-west-1").run().close())
                .hasRootCauseInstanceOf(KinesisProducerPropertyException.class);
        assertThat(Recorder.REPORTED).singleElement().satisfies(a -> assertThat(a.getDescription())
                .contains("kinesis.producer.stream-name is required"));
    }
}
