package io.github.kinesisproducer.test.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.InvalidRecordException;
import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.test.MockKinesisProducer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

// README "Testing your code": unit tests with the mock.
class OrderEventsTest {
    @Test
    void sendsOneRecordPerOrder_keyedByOrderId() {
        MockKinesisProducer producer = new MockKinesisProducer();        // completes every send at once
        new OrderEvents(producer).placed("order-17", "{\"total\":42}").join();
        assertThat(producer.history()).containsExactly(
                KinesisRecord.of("order-17", "{\"total\":42}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aFailedRecordReachesTheCaller() {
        MockKinesisProducer producer = new MockKinesisProducer(false);   // the test completes each record
        CompletableFuture<RecordResult> sent = new OrderEvents(producer).placed("order-17", "{}");
        producer.errorNext(MockKinesisProducer.recordFailure("AccessDeniedException", false));
        assertThatThrownBy(sent::join).hasCauseInstanceOf(RecordFailedException.class);
    }

    @Test
    void keysKinesisWouldRefuseFailHereToo() {
        MockKinesisProducer producer = new MockKinesisProducer();
        assertThatThrownBy(() -> new OrderEvents(producer).placed("", "{}"))
                .isInstanceOf(InvalidRecordException.class).hasMessageStartingWith("partitionKey");
    }
}
