package io.github.kinesisproducer.bench;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/** Our producer (io.github.kinesisproducer.KinesisProducer) against the sink's plain HTTP port (or TLS), JSON protocol. */
public final class ProducerRunner implements ProducerDriver {
    private KinesisProducer producer;
    private KinesisAsyncClient tlsClient;

    @Override
    public String implementation() {
        return ProducerDriver.jarOf(KinesisProducer.class);
    }

    private long startupMillis = -1;

    @Override
    public long startupMillis() {
        return startupMillis;
    }

    static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAOURSBENCH0000000", "dummy-secret-key"));

    /**
     * With --tls but started without the sink's trust store: an SDK client that accepts any certificate, built like
     * ClientFactory's (HTTP/1.1, no SDK retries, per-attempt timeout), through which PutRecords then goes instead of
     * the producer's own HTTP client; else null.
     */
    static KinesisAsyncClient tlsClientIfNeeded(RunOptions o) {
        if (o.tls && System.getProperty("javax.net.ssl.trustStore") == null) {
            return TlsClients.kinesis(o, CREDENTIALS, Math.max(8, ProducerConfig.DEFAULT_MAX_CONCURRENCY + 4),
                    AwsRetryStrategy.doNotRetry(), ProducerConfig.DEFAULT_REQUEST_TIMEOUT);
        }
        return null;
    }

    /** A producer builder with the run's settings, against the sink, without a stream name. */
    static KinesisProducer.Builder builder(RunOptions o, KinesisAsyncClient tlsClient) {
        KinesisProducer.Builder b = KinesisProducer.builder();
        if (tlsClient != null) {
            b.kinesisClient(tlsClient);
        }
        if (o.maxConcurrency > 0) {
            b.maxConcurrency(o.maxConcurrency);
        }
        return b.region("us-east-1")
                .endpointOverride(TlsClients.endpoint(o))
                .credentialsProvider(CREDENTIALS)
                .aggregation(Aggregation.valueOf(o.aggregation))
                .maxBufferedTime(Duration.ofMillis(o.maxBufferedMs))
                .configure(c -> c.rateLimitPercent(o.rateLimit));
    }

    @Override
    public void start(RunOptions o) throws Exception {
        long t0 = System.nanoTime();
        tlsClient = tlsClientIfNeeded(o);
        producer = builder(o, tlsClient).streamName(o.stream).build();
        producer.send("probe", new byte[o.size]).join();
        startupMillis = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(o.probeWaitMs);
    }

    @Override
    public void send(int index, String partitionKey, byte[] data, Completion completion) {
        java.util.concurrent.CompletableFuture<?> unused = producer.send(partitionKey, data)
                .whenComplete((r, e) -> completion.done(index, e == null));
    }

    @Override
    public void flush() {
        java.util.concurrent.CompletableFuture<Void> unused = producer.flush(); // the runner waits for its own completions
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
        if (tlsClient != null) {
            tlsClient.close();
        }
    }
}
