package io.github.kinesisproducer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import io.github.kinesisproducer.ProducerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.kinesis.model.RecordDistributionStrategy;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/** DescribeStreamSummary through the producer's own client: signed like PutRecords, errors as the SDK's. */
class DescribeStreamSummaryHttpTest {
    private HttpServer server;
    private KinesisTransport transport;
    private final ConcurrentLinkedQueue<String[]> requests = new ConcurrentLinkedQueue<>();
    private volatile int status = 200;
    private volatile String body = "{}";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            requests.add(new String[] {ex.getRequestHeaders().getFirst("X-Amz-Target"),
                ex.getRequestHeaders().getFirst("Authorization"),
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            byte[] out = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            ex.sendResponseHeaders(status, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        ProducerConfig config = ProducerConfig.builder("orders").region("eu-west-1")
                .endpoint(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .requestTimeout(Duration.ofSeconds(5)).build();
        transport = ClientFactory.transport(config,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "secret")));
    }

    @AfterEach
    void stop() {
        transport.close();
        server.stop(0);
    }

    @Test
    void readsTheStrategyWithASignedCall() throws Exception {
        body = "{\"StreamDescriptionSummary\":{\"StreamName\":\"orders\",\"StreamStatus\":\"ACTIVE\","
                + "\"OpenShardCount\":2,\"RecordDistributionStrategy\":\"AUTO\",\"MaxRecordSizeInKiB\":1024}}";
        StreamDescriptionSummary s = transport.describeStreamSummary("orders").get(10, TimeUnit.SECONDS);
        assertThat(s.recordDistributionStrategy()).isEqualTo(RecordDistributionStrategy.AUTO);
        assertThat(s.maxRecordSizeInKiB()).isEqualTo(1024);
        String[] r = requests.poll();
        assertThat(r[0]).isEqualTo("Kinesis_20131202.DescribeStreamSummary");
        assertThat(r[1]).startsWith("AWS4-HMAC-SHA256 Credential=AKIATEST/").contains("/eu-west-1/kinesis/");
        assertThat(r[2]).isEqualTo("{\"StreamName\":\"orders\"}");
    }

    @Test
    void accessDeniedComesBackAsTheServiceErrorAndIsNotRetriedQuickly() {
        status = 400;
        body = "{\"__type\":\"AccessDeniedException\",\"message\":\"User is not authorized to perform: "
                + "kinesis:DescribeStreamSummary\"}";
        Throwable e = RetryPolicy.unwrap(catchThrowable(() -> transport.describeStreamSummary("orders")
                .get(10, TimeUnit.SECONDS)));
        assertThat(e).isInstanceOf(AwsServiceException.class).hasMessageContaining("DescribeStreamSummary");
        assertThat(RetryPolicy.codeOf(e)).isEqualTo("AccessDeniedException");
        assertThat(RetryPolicy.classify(e)).isEqualTo(RetryPolicy.Decision.FAIL);
    }
}
