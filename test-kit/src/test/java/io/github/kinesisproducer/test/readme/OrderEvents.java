package io.github.kinesisproducer.test.readme;

import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.RecordResult;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

// README "Testing your code": the code under test.
public class OrderEvents {
    private final Producer producer;    // KinesisProducer in production, MockKinesisProducer in unit tests

    public OrderEvents(Producer producer) {
        this.producer = producer;
    }

    public CompletableFuture<RecordResult> placed(String orderId, String json) {
        return producer.send(KinesisRecord.of(orderId, json.getBytes(StandardCharsets.UTF_8)));
    }
}
