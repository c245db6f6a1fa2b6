package io.github.kinesisproducer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.emulator.Kinesalite;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Shutting a Spring Boot application down with records in flight loses none: the context's lifecycle drains the
 * producer before the context is gone, every future succeeds, and the KCL reads every record back.
 */
class ShutdownIT {
    private static final int RECORDS = 5000;
    private static final StreamAdmin ADMIN = StreamAdmin.forEndpoint(Kinesalite.shared().endpoint());
    private static final String STREAM = StreamAdmin.uniqueStreamName("spring-shutdown");

    @AfterAll
    static void deleteStream() {
        ADMIN.deleteStream(STREAM);
        ADMIN.close();
    }

    @Test
    void closingTheContextWithRecordsInFlightLosesNone() {
        ADMIN.createStream(STREAM, 2);
        ADMIN.waitUntilActive(STREAM);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("kinesis.producer.stream-name=" + STREAM,
                        "kinesis.producer.endpoint=" + Kinesalite.shared().endpoint(),
                        // records wait up to 2 s to be packed: most are still held when the context closes
                        "kinesis.producer.max-buffered-time=2s", "kinesis.producer.max-concurrency=1",
                        "spring.lifecycle.timeout-per-shutdown-phase=30s")
                .run();
        KinesisProducer producer = context.getBean(KinesisProducer.class);
        List<CompletableFuture<RecordResult>> sent = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            sent.add(producer.send("key-" + (i % 97), ("record-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        long heldAtClose = sent.stream().filter(f -> !f.isDone()).count();
        context.close();

        assertThat(heldAtClose).as("records not yet acknowledged when the context closed").isPositive();
        assertThat(sent).allSatisfy(f -> assertThat(f).isCompleted()); // completed, none failed
        assertThat(producer.metrics().userRecordsFailed()).isZero();
        List<KclReadBack.Read> read = KclReadBack.read(ADMIN, STREAM);
        assertThat(read).hasSize(RECORDS);
        assertThat(read).extracting(KclReadBack.Read::data).doesNotHaveDuplicates();
    }

    /** An application with nothing but the auto-configuration. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
