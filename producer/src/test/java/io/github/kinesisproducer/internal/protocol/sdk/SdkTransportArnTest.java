package io.github.kinesisproducer.internal.protocol.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.internal.protocol.PutRecordsRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;

/** Through a user's SDK client, a stream named by ARN goes as {@code StreamARN} in every call, a name as StreamName. */
class SdkTransportArnTest {
    private static final String ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/orders";

    @Test
    void everyCallNamesTheStreamTheWayItWasGiven() {
        List<SdkRequest> seen = new CopyOnWriteArrayList<>();
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                seen.add(context.request());
                throw new IllegalStateException("captured, not sent"); // nothing leaves the JVM
            }
        };
        try (KinesisAsyncClient client = KinesisAsyncClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "s")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(capture)).build()) {
            SdkTransport t = new SdkTransport(client, Duration.ofSeconds(5));
            List<PutRecordsRequest.Entry> one = List.of(new PutRecordsRequest.Entry("k", null, new byte[] {1}));
            for (String stream : List.of(ARN, "orders")) {
                t.putRecords(PutRecordsRequest.to(stream, one)).handle((r, e) -> null).join();
                t.listShards(stream).handle((r, e) -> null).join();
                t.describeStreamSummary(stream).handle((r, e) -> null).join();
            }
        }
        assertThat(seen).hasSize(6);
        var put = (software.amazon.awssdk.services.kinesis.model.PutRecordsRequest) seen.get(0);
        assertThat(put.streamARN()).isEqualTo(ARN);
        assertThat(put.streamName()).isNull();
        assertThat(((ListShardsRequest) seen.get(1)).streamARN()).isEqualTo(ARN);
        assertThat(((ListShardsRequest) seen.get(1)).streamName()).isNull();
        assertThat(((DescribeStreamSummaryRequest) seen.get(2)).streamARN()).isEqualTo(ARN);
        assertThat(((DescribeStreamSummaryRequest) seen.get(2)).streamName()).isNull();
        var putByName = (software.amazon.awssdk.services.kinesis.model.PutRecordsRequest) seen.get(3);
        assertThat(putByName.streamName()).isEqualTo("orders");
        assertThat(putByName.streamARN()).isNull();
        assertThat(((ListShardsRequest) seen.get(4)).streamName()).isEqualTo("orders");
        assertThat(((DescribeStreamSummaryRequest) seen.get(5)).streamName()).isEqualTo("orders");
    }
}
