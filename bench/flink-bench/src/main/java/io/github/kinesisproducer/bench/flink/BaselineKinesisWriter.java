package io.github.kinesisproducer.bench.flink;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.DequeRequestBuffer;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.SimpleBatchCreator;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.connector.base.sink.writer.strategy.AIMDScalingStrategy;
import org.apache.flink.connector.base.sink.writer.strategy.CongestionControlRateLimitingStrategy;
import org.apache.flink.metrics.Counter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * The baseline's writer: each batch Flink's {@code AsyncSinkWriter} assembles becomes one PutRecords call on a
 * {@code KinesisAsyncClient}; entries Kinesis did not store are handed back for retry, a missing stream or denied
 * access fails the job (the connector's fatal classification, in short).
 *
 * <p>The client is built as the connector builds it (netty, up to 10,000 connections, 6 min read timeout, TCP
 * keep-alive, 60 s connection acquisition) except for the protocol: HTTP/1.1, because the bench's null sink speaks
 * nothing else (the connector asks for HTTP/2 over TLS).
 */
final class BaselineKinesisWriter extends AsyncSinkWriter<byte[], PutRecordsRequestEntry> {
    /** The connector's AIMD settings. */
    private static final int AIMD_INCREASE_RATE = 10;
    private static final double AIMD_DECREASE_FACTOR = 0.99;

    private final String stream;
    private final SdkAsyncHttpClient http;
    private final KinesisAsyncClient client;
    private final Counter errors;

    BaselineKinesisWriter(ElementConverter<byte[], PutRecordsRequestEntry> converter, WriterInitContext context,
            int maxBatchSize, int maxInFlight, int maxBuffered, long maxBatchBytes, long maxTimeInBufferMs,
            long maxRecordBytes, String stream, URI endpoint,
            Collection<BufferedRequestState<PutRecordsRequestEntry>> state) {
        super(converter, context, AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(maxBatchSize)
                .setMaxBatchSizeInBytes(maxBatchBytes)
                .setMaxInFlightRequests(maxInFlight)
                .setMaxBufferedRequests(maxBuffered)
                .setMaxTimeInBufferMS(maxTimeInBufferMs)
                .setMaxRecordSizeInBytes(maxRecordBytes)
                .setRateLimitingStrategy(CongestionControlRateLimitingStrategy.builder()
                        .setMaxInFlightRequests(maxInFlight)
                        .setInitialMaxInFlightMessages(maxBatchSize)
                        .setScalingStrategy(AIMDScalingStrategy.builder(maxBatchSize * maxInFlight)
                                .setIncreaseRate(AIMD_INCREASE_RATE).setDecreaseFactor(AIMD_DECREASE_FACTOR).build())
                        .build())
                .build(), state,
                // What the deprecated four-argument constructor picks: batches by count and bytes, a FIFO buffer.
                new SimpleBatchCreator<>(maxBatchBytes), new DequeRequestBuffer<>());
        this.stream = stream;
        this.errors = context.metricGroup().getNumRecordsOutErrorsCounter();
        this.http = NettyNioAsyncHttpClient.builder()
                .maxConcurrency(10_000)
                .readTimeout(Duration.ofMinutes(6))
                .connectionAcquisitionTimeout(Duration.ofSeconds(60))
                .tcpKeepAlive(true)
                .protocol(Protocol.HTTP1_1)
                .build();
        this.client = KinesisAsyncClient.builder().httpClient(http).endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIABENCHLOCAL000000", "dummy-secret-key")))
                .build();
    }

    @Override
    protected void submitRequestEntries(List<PutRecordsRequestEntry> entries,
            ResultHandler<PutRecordsRequestEntry> result) {
        // The result handler reports the outcome to Flink; nothing waits on the future whenComplete returns.
        CompletableFuture<?> unused = client.putRecords(PutRecordsRequest.builder().streamName(stream)
                .records(entries).build())
                .whenComplete((response, error) -> {
                    if (error != null) {
                        failedRequest(error, entries, result);
                    } else if (response.failedRecordCount() != null && response.failedRecordCount() > 0) {
                        retryFailed(response, entries, result);
                    } else {
                        result.complete();
                    }
                });
    }

    private void failedRequest(Throwable error, List<PutRecordsRequestEntry> entries,
            ResultHandler<PutRecordsRequestEntry> result) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        errors.inc(entries.size());
        if (cause instanceof ResourceNotFoundException || cause instanceof AccessDeniedException) {
            result.completeExceptionally(new RuntimeException("non-retriable PutRecords error: " + cause, cause));
        } else {
            result.retryForEntries(entries);
        }
    }

    private void retryFailed(PutRecordsResponse response, List<PutRecordsRequestEntry> entries,
            ResultHandler<PutRecordsRequestEntry> result) {
        errors.inc(response.failedRecordCount());
        List<PutRecordsRequestEntry> retry = new ArrayList<>(response.failedRecordCount());
        List<PutRecordsResultEntry> records = response.records();
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).errorCode() != null) {
                retry.add(entries.get(i));
            }
        }
        result.retryForEntries(retry);
    }

    @Override
    protected long getSizeInBytes(PutRecordsRequestEntry entry) {
        return entry.data().asByteArrayUnsafe().length;
    }

    @Override
    public void close() {
        client.close();
        http.close();
    }
}
