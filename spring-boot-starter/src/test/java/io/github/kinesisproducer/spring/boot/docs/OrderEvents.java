package io.github.kinesisproducer.spring.boot.docs;

import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.Producer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/** The README's and docs/spring-boot.md's example service (DocsTest keeps their blocks equal to this file). */
@Service
public class OrderEvents {
    private final Producer orders;   // kinesis.producer.*: the primary bean
    private final Producer audit;    // kinesis.producer.producers.audit.*

    public OrderEvents(Producer orders, @Qualifier("audit") Producer audit) {
        this.orders = orders;
        this.audit = audit;
    }

    public CompletableFuture<Void> placed(String orderId, String json) {
        byte[] data = json.getBytes(StandardCharsets.UTF_8);
        return CompletableFuture.allOf(orders.send(KinesisRecord.of(orderId, data)),
                audit.send(KinesisRecord.of(orderId, data)));
    }
}
