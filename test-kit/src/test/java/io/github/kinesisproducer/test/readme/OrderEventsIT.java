package io.github.kinesisproducer.test.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.test.LocalKinesis;
import io.github.kinesisproducer.test.LocalStream;
import io.github.kinesisproducer.test.RecordReader;
import io.github.kinesisproducer.test.StreamSpec;
import io.github.kinesisproducer.test.UserRecord;
import org.junit.jupiter.api.Test;

// README "Testing your code": an integration test against the local emulator.
@LocalKinesis
class OrderEventsIT {
    @Test
    void placedOrdersReachTheStream(@StreamSpec(shards = 2) LocalStream stream, Producer producer,
            RecordReader reader) {
        OrderEvents events = new OrderEvents(producer);                  // a producer for `stream`
        events.placed("order-17", "{\"total\":42}").join();
        events.placed("order-18", "{\"total\":7}").join();
        assertThat(reader.records())                                     // deaggregated user records, with their shard
                .extracting(UserRecord::partitionKey, UserRecord::dataAsUtf8)
                .containsExactlyInAnyOrder(tuple("order-17", "{\"total\":42}"), tuple("order-18", "{\"total\":7}"));
    }
}
