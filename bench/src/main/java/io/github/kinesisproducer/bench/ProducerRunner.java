package io.github.kinesisproducer.bench;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.KinesisProducer;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Our producer (io.github.kinesisproducer.KinesisProducer) against the sink's plain HTTP port, JSON protocol. */
final class ProducerRunner implements ProducerDriver {
    private KinesisProducer producer;

    @Override
    public void start(RunOptions o) throws Exception {
        producer = KinesisProducer.builder()
                .streamName(o.stream)
                .region("us-east-1")
                .endpointOverride(URI.create("http://127.0.0.1:" + o.plainPort))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIAOURSBENCH0000000", "dummy-secret-key")))
                .cbor(false) // the sink speaks JSON 1.1 only
                .aggregation(Aggregation.valueOf(o.aggregation))
                .maxBufferedTime(Duration.ofMillis(o.maxBufferedMs))
                .configure(c -> c.rateLimitPercent(o.rateLimit))
                .build();
        producer.send("probe", new byte[o.size]).join();
        Thread.sleep(o.probeWaitMs);
    }

    @Override
    public void send(int index, String partitionKey, byte[] data, Completion completion) {
        producer.send(partitionKey, data).whenComplete((r, e) -> completion.done(index, e == null));
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
