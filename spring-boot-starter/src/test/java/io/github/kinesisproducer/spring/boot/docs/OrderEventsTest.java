package io.github.kinesisproducer.spring.boot.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.test.MockKinesisProducer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * docs/spring-boot.md's unit-test example: the application ({@link ShopApplication}, which {@code @SpringBootTest}
 * finds from this package) with mock producers in place of the starter's.
 */
@SpringBootTest
class OrderEventsTest {
    @TestConfiguration
    static class MockProducers {   // a Producer bean of the application's: the starter makes none
        @Bean
        @Primary
        MockKinesisProducer orders() {
            return new MockKinesisProducer();
        }

        @Bean
        @Qualifier("audit")
        MockKinesisProducer audit() {
            return new MockKinesisProducer();
        }
    }

    @Autowired
    OrderEvents events;
    @Autowired
    MockKinesisProducer orders;
    @Autowired
    @Qualifier("audit")
    MockKinesisProducer audit;

    @Test
    void anOrderGoesToBothStreams() {
        events.placed("order-17", "{\"total\":42}").join();
        KinesisRecord sent = KinesisRecord.of("order-17", "{\"total\":42}".getBytes(StandardCharsets.UTF_8));
        assertThat(orders.history()).containsExactly(sent);
        assertThat(audit.history()).containsExactly(sent);
    }
}
