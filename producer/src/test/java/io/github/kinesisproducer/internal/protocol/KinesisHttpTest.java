package io.github.kinesisproducer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.internal.http.Http11Client;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The producer's own Kinesis client end to end, against a scripted HTTP server on 127.0.0.1: what goes on the wire,
 * and how responses and errors come back.
 */
class KinesisHttpTest {
    private HttpServer server;
    private final ConcurrentLinkedQueue<Captured> requests = new ConcurrentLinkedQueue<>();
    private volatile int status = 200;
    private volatile String responseBody = "{}";
    private volatile String errorTypeHeader;
    /** When set, the server rejects signatures more than 5 minutes off its clock, as Kinesis does. */
    private volatile boolean checkSignatureTime;
    /** Milliseconds the server waits before answering. */
    private volatile long answerDelayMillis;
    /** Bodies to answer with, in order, before falling back to {@link #responseBody}. */
    private final ConcurrentLinkedQueue<String> scripted = new ConcurrentLinkedQueue<>();
    private KinesisTransport transport;

    record Captured(String method, String path, com.sun.net.httpserver.Headers headers, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        ProducerConfig config = ProducerConfig.builder("test-stream").region("us-west-2")
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

    private void handle(HttpExchange ex) throws IOException {
        byte[] in = ex.getRequestBody().readAllBytes();
        requests.add(new Captured(ex.getRequestMethod(), ex.getRequestURI().toString(), ex.getRequestHeaders(),
                new String(in, StandardCharsets.UTF_8)));
        if (answerDelayMillis > 0) {
            try {
                Thread.sleep(answerDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String next = scripted.poll();
        String reply = next != null ? next : responseBody;
        int code = status;
        if (checkSignatureTime) { // the JDK server sends its own Date header
            java.time.Instant serverNow = java.time.Instant.now();
            java.time.Instant signed = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX")
                    .parse(ex.getRequestHeaders().getFirst("X-Amz-Date"), java.time.Instant::from);
            if (Math.abs(java.time.Duration.between(signed, serverNow).toSeconds()) > 300) {
                code = 400;
                reply = "{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature expired: "
                        + ex.getRequestHeaders().getFirst("X-Amz-Date") + " is now earlier than the server's time\"}";
            }
        }
        byte[] out = reply.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        ex.getResponseHeaders().add("x-amzn-RequestId", "req-123");
        if (errorTypeHeader != null) {
            ex.getResponseHeaders().add("x-amzn-ErrorType", errorTypeHeader);
        }
        ex.sendResponseHeaders(code, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    private static PutRecordsRequest request() {
        return PutRecordsRequest.of("test-stream", List.of(
                new PutRecordsRequest.Entry("k1", null, "hello".getBytes(StandardCharsets.UTF_8)),
                new PutRecordsRequest.Entry("k2", "0", "world".getBytes(StandardCharsets.UTF_8))));
    }

    /** A direct PutRecords client to the test server on a machine whose clock is an hour behind the server's. */
    private KinesisHttp withClockAnHourBehind(int maxInFlight) {
        return new KinesisHttp(new Http11Client(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                maxInFlight, Duration.ofSeconds(2), Duration.ofSeconds(5)), "us-west-2",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "secret")),
                java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(-1)));
    }

    private static Throwable failure(CompletableFuture<?> f) {
        return KinesisErrors.unwrap(catchThrowable(() -> f.get(10, TimeUnit.SECONDS)));
    }

    @Test
    void sendsASignedJsonRequestAndReadsTheResults() throws Exception {
        assertThat(transport).isInstanceOf(KinesisHttp.class);
        responseBody = "{\"FailedRecordCount\":1,\"Records\":[{\"SequenceNumber\":\"123\",\"ShardId\":\"shardId-000000000000\"},"
                + "{\"ErrorCode\":\"InternalFailure\",\"ErrorMessage\":\"Internal service failure.\"}]}";

        PutRecordsResponse r = transport.putRecords(request()).get(10, TimeUnit.SECONDS);

        assertThat(r.failedRecordCount()).isEqualTo(1);
        assertThat(r.records().get(0).sequenceNumber()).isEqualTo("123");
        assertThat(r.records().get(1).errorCode()).isEqualTo("InternalFailure");
        Captured c = requests.poll();
        assertThat(c.method()).isEqualTo("POST");
        assertThat(c.path()).isEqualTo("/");
        assertThat(c.headers().getFirst("X-amz-target")).isEqualTo("Kinesis_20131202.PutRecords");
        assertThat(c.headers().getFirst("Content-type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(c.headers().getFirst("Host")).isEqualTo("127.0.0.1:" + server.getAddress().getPort());
        assertThat(c.headers().getFirst("Authorization"))
                .matches("AWS4-HMAC-SHA256 Credential=AKIATEST/\\d{8}/us-west-2/kinesis/aws4_request, "
                        + "SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, "
                        + "Signature=[0-9a-f]{64}");
        assertThat(c.headers().getFirst("User-Agent")).isEqualTo(UserAgent.VALUE)
                .matches("kinesis-producer/\\d+\\.\\d+\\.\\d+(-SNAPSHOT)? java/\\S+ os/\\S+");
        assertThat(c.body()).isEqualTo("{\"Records\":[{\"Data\":\"aGVsbG8=\",\"PartitionKey\":\"k1\"},"
                + "{\"Data\":\"d29ybGQ=\",\"PartitionKey\":\"k2\",\"ExplicitHashKey\":\"0\"}],\"StreamName\":\"test-stream\"}");
    }

    @Test
    void unknownStreamFailsWithTheSdkServiceExceptionAndIsNotRetried() {
        status = 400;
        responseBody = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Stream test-stream under account 0 not found.\"}";

        Throwable e = failure(transport.putRecords(request()));

        assertThat(e).isExactlyInstanceOf(AwsServiceException.class).hasMessageContaining("test-stream under account 0");
        AwsServiceException s = (AwsServiceException) e;
        assertThat(s.statusCode()).isEqualTo(400);
        assertThat(s.requestId()).isEqualTo("req-123");
        assertThat(s.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(KinesisErrors.classify(e)).isEqualTo(KinesisErrors.Decision.FAIL);
    }

    @Test
    void throttlingFromTheHeaderWithANamespacedBody() {
        status = 400;
        errorTypeHeader = "ProvisionedThroughputExceededException:http://internal.amazon.com/coral/com.amazon.kinesis/";
        responseBody = "{\"__type\":\"com.amazonaws.kinesis#ProvisionedThroughputExceededException\","
                + "\"Message\":\"Rate exceeded\"}";

        Throwable e = failure(transport.putRecords(request()));

        assertThat(((AwsServiceException) e).awsErrorDetails().errorCode()).isEqualTo("ProvisionedThroughputExceededException");
        assertThat(((AwsServiceException) e).isThrottlingException()).isTrue();
        assertThat(KinesisErrors.classify(e)).isEqualTo(KinesisErrors.Decision.RETRY_THROTTLED);
        assertThat(KinesisErrors.messageOf(e)).isEqualTo("Rate exceeded");
    }

    @Test
    void anHtmlServerErrorIsRetriable() {
        status = 503;
        responseBody = "<html><body>Service Unavailable</body></html>";

        Throwable e = failure(transport.putRecords(request()));

        assertThat(e).isInstanceOf(AwsServiceException.class);
        assertThat(((AwsServiceException) e).statusCode()).isEqualTo(503);
        assertThat(KinesisErrors.classify(e)).isEqualTo(KinesisErrors.Decision.RETRY);
        assertThat(KinesisErrors.codeOf(e)).isEqualTo("HTTP 503");
    }

    @Test
    void anUnreadableSuccessIsARetriableClientError() {
        responseBody = "{\"Records\": oops";

        Throwable e = failure(transport.putRecords(request()));

        assertThat(e).hasMessageContaining("unreadable response");
        assertThat(KinesisErrors.classify(e)).isEqualTo(KinesisErrors.Decision.RETRY);
    }

    @Test
    void aClosedPortIsARetriableConnectionError() {
        server.stop(0);

        Throwable e = failure(transport.putRecords(request()));

        assertThat(e).isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class)
                .hasMessageStartingWith("Unable to execute HTTP request: ");
        assertThat(KinesisErrors.classify(e)).isEqualTo(KinesisErrors.Decision.RETRY);
    }

    @Test
    void afterCloseCallsFailInsteadOfHanging() {
        transport.close();

        Throwable e = failure(transport.putRecords(request()));

        assertThat(e).isNotNull();
    }

    @Test
    void aSkewedLocalClockIsCorrectedFromTheServersDateAndTheCallSucceeds() throws Exception {
        checkSignatureTime = true;
        responseBody = "{\"FailedRecordCount\":0,\"Records\":[{\"SequenceNumber\":\"1\",\"ShardId\":\"s\"},"
                + "{\"SequenceNumber\":\"2\",\"ShardId\":\"s\"}]}";

        KinesisHttp put = withClockAnHourBehind(1);
        try {
            PutRecordsResponse r = put.putRecords(request()).get(10, TimeUnit.SECONDS);
            PutRecordsResponse next = put.putRecords(request()).get(10, TimeUnit.SECONDS);

            assertThat(r.records()).hasSize(2);
            assertThat(next.records()).hasSize(2);
            // First call: rejected, then re-signed with the server's time. Second call: right the first time.
            assertThat(requests).hasSize(3);
        } finally {
            put.close();
        }
    }

    @Test
    void aSignatureErrorThatIsNotAboutTimeIsNotRetried() {
        status = 400;
        responseBody = "{\"__type\":\"InvalidSignatureException\",\"message\":\"The request signature we calculated "
                + "does not match the signature you provided.\"}";

        Throwable e = failure(transport.putRecords(request()));

        assertThat(KinesisErrors.codeOf(e)).isEqualTo("InvalidSignatureException");
        assertThat(KinesisErrors.classify(e)).isEqualTo(KinesisErrors.Decision.FAIL);
        assertThat(requests).hasSize(1);
    }

    @Test
    void everyCallSignedWithTheSkewedClockIsReSentNotOnlyTheFirst() throws Exception {
        checkSignatureTime = true;
        answerDelayMillis = 300; // both calls are signed before either answer arrives
        responseBody = "{\"FailedRecordCount\":0,\"Records\":[{\"SequenceNumber\":\"1\",\"ShardId\":\"s\"},"
                + "{\"SequenceNumber\":\"2\",\"ShardId\":\"s\"}]}";
        KinesisHttp put = withClockAnHourBehind(2);
        try {
            CompletableFuture<PutRecordsResponse> a = put.putRecords(request());
            CompletableFuture<PutRecordsResponse> b = put.putRecords(request());

            assertThat(a.get(10, TimeUnit.SECONDS).records()).hasSize(2);
            assertThat(b.get(10, TimeUnit.SECONDS).records()).hasSize(2);
            assertThat(requests).hasSize(4);
        } finally {
            put.close();
        }
    }

    @Test
    void listShardsFollowsNextTokenWithoutRepeatingTheStreamName() throws Exception {
        scripted.add("{\"Shards\":[{\"ShardId\":\"shardId-000000000000\",\"HashKeyRange\":{\"StartingHashKey\":\"0\","
                + "\"EndingHashKey\":\"170141183460469231731687303715884105727\"},\"SequenceNumberRange\":"
                + "{\"StartingSequenceNumber\":\"1\",\"EndingSequenceNumber\":\"9\"}}],\"NextToken\":\"page/2+\\\"x\"}");
        scripted.add("{\"Shards\":[{\"ShardId\":\"shardId-000000000002\",\"ParentShardId\":\"shardId-000000000000\","
                + "\"AdjacentParentShardId\":\"shardId-000000000001\",\"HashKeyRange\":{\"StartingHashKey\":\"0\","
                + "\"EndingHashKey\":\"340282366920938463463374607431768211455\"},\"SequenceNumberRange\":"
                + "{\"StartingSequenceNumber\":\"10\"}}]}");

        List<ListedShard> shards =
                transport.listShards("test-stream").get(10, TimeUnit.SECONDS);

        assertThat(shards).hasSize(2);
        assertThat(shards.get(0).shardId()).isEqualTo("shardId-000000000000");
        assertThat(shards.get(0).endingHashKey()).isEqualTo("170141183460469231731687303715884105727");
        assertThat(shards.get(0).open()).isFalse(); // it has an EndingSequenceNumber
        assertThat(shards.get(1).parentShardId()).isEqualTo("shardId-000000000000");
        assertThat(shards.get(1).adjacentParentShardId()).isEqualTo("shardId-000000000001");
        assertThat(shards.get(1).open()).isTrue();
        Captured first = requests.poll();
        Captured second = requests.poll();
        assertThat(first.headers().getFirst("X-amz-target")).isEqualTo("Kinesis_20131202.ListShards");
        assertThat(first.headers().getFirst("Authorization")).contains("/us-west-2/kinesis/aws4_request");
        assertThat(first.body()).isEqualTo("{\"StreamName\":\"test-stream\"}");
        assertThat(second.body()).isEqualTo("{\"NextToken\":\"page/2+\\\"x\"}");
    }

    @Test
    void listShardsOfAnUnknownStreamFailsWithResourceNotFound() {
        status = 400;
        responseBody = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Stream nope under account 0 not found.\"}";

        Throwable e = failure(transport.listShards("nope"));

        assertThat(e).isInstanceOf(AwsServiceException.class).hasMessageContaining("Stream nope");
        assertThat(KinesisErrors.codeOf(e)).isEqualTo("ResourceNotFoundException");
        assertThat(KinesisErrors.classify(e)).isEqualTo(KinesisErrors.Decision.FAIL);
    }

    @Test
    void describeStreamSummaryIsSignedLikeTheOtherCallsAndReadsTheStrategy() throws Exception {
        responseBody = "{\"StreamDescriptionSummary\":{\"StreamName\":\"test-stream\",\"StreamStatus\":\"ACTIVE\","
                + "\"OpenShardCount\":2,\"RecordDistributionStrategy\":\"AUTO\",\"MaxRecordSizeInKiB\":1024}}";

        StreamSummary s =
                transport.describeStreamSummary("test-stream").get(10, TimeUnit.SECONDS);

        assertThat(s.recordDistributionStrategy()).isEqualTo("AUTO");
        assertThat(s.maxRecordSizeInKiB()).isEqualTo(1024);
        Captured c = requests.poll();
        assertThat(c.headers().getFirst("X-amz-target")).isEqualTo("Kinesis_20131202.DescribeStreamSummary");
        assertThat(c.headers().getFirst("Authorization")).contains("/us-west-2/kinesis/aws4_request");
        assertThat(c.body()).isEqualTo("{\"StreamName\":\"test-stream\"}");
    }

    @Test
    void describeStreamSummaryDeniedIsTheServiceErrorAndNotRetriedQuickly() {
        status = 400;
        responseBody = "{\"__type\":\"AccessDeniedException\",\"message\":\"User is not authorized to perform: "
                + "kinesis:DescribeStreamSummary\"}";

        Throwable e = failure(transport.describeStreamSummary("test-stream"));

        assertThat(e).isInstanceOf(AwsServiceException.class).hasMessageContaining("DescribeStreamSummary");
        assertThat(KinesisErrors.codeOf(e)).isEqualTo("AccessDeniedException");
        assertThat(KinesisErrors.classify(e)).isEqualTo(KinesisErrors.Decision.FAIL);
    }

    @Test
    void aListShardsResponseWithoutHashKeyRangesIsAnUnreadableResponse() {
        responseBody = "{\"Shards\":[{\"ShardId\":\"shardId-000000000000\"}]}";

        Throwable e = failure(transport.listShards("test-stream"));

        assertThat(e).isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class)
                .hasMessageStartingWith("ListShards: unreadable response (HTTP 200)");
    }

    private static URI endpoint(Map<String, String> properties, Map<String, String> environment, String config) {
        java.util.Optional<software.amazon.awssdk.profiles.ProfileFile> profiles = config == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(software.amazon.awssdk.profiles.ProfileFile.builder()
                        .content(new java.io.ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)))
                        .type(software.amazon.awssdk.profiles.ProfileFile.Type.CONFIGURATION).build());
        return new Endpoints(properties::get, environment::get, () -> profiles)
                .resolve(null, software.amazon.awssdk.regions.Region.US_EAST_1);
    }

    @Test
    void theEndpointComesFromTheConfigThenTheSdksSettingsThenTheRegionsRules() {
        Map<String, String> none = Map.of();
        URI configured = URI.create("http://127.0.0.1:4567");
        assertThat(new Endpoints(Map.of("aws.endpointUrl", "https://x")::get, none::get, java.util.Optional::empty)
                .resolve(configured, software.amazon.awssdk.regions.Region.US_EAST_1)).isEqualTo(configured);

        assertThat(endpoint(none, none, null)).isEqualTo(URI.create("https://kinesis.us-east-1.amazonaws.com"));
        assertThat(new Endpoints(none::get, none::get, java.util.Optional::empty)
                .resolve(null, software.amazon.awssdk.regions.Region.CN_NORTH_1))
                .isEqualTo(URI.create("https://kinesis.cn-north-1.amazonaws.com.cn"));
        assertThat(endpoint(none, Map.of("AWS_USE_FIPS_ENDPOINT", "true"), null))
                .isEqualTo(URI.create("https://kinesis-fips.us-east-1.amazonaws.com"));
        assertThat(endpoint(Map.of("aws.useDualstackEndpoint", "true"), none, null))
                .isEqualTo(URI.create("https://kinesis.us-east-1.api.aws"));
        assertThat(endpoint(none, Map.of("AWS_ENDPOINT_URL", "https://all.example",
                "AWS_ENDPOINT_URL_KINESIS", "https://k.example"), null)).isEqualTo(URI.create("https://k.example"));
        assertThat(endpoint(Map.of("aws.endpointUrl", "https://p.example"),
                Map.of("AWS_ENDPOINT_URL", "https://all.example"), null)).isEqualTo(URI.create("https://p.example"));
    }

    @Test
    void aConfiguredEndpointUrlThatIsNotAUriIsAConfigErrorNamingIt() {
        Throwable e = catchThrowable(() -> endpoint(Map.of(), Map.of("AWS_ENDPOINT_URL", "http://bad host:4567"), null));
        assertThat(e).isInstanceOf(io.github.kinesisproducer.ConfigException.class)
                .hasMessageContaining("'http://bad host:4567'").hasMessageContaining("AWS_ENDPOINT_URL");
    }

    @Test
    void theProfileCanAskForFipsOrAnEndpointAndBeToldToIgnoreIt() {
        Map<String, String> none = Map.of();
        assertThat(endpoint(none, none, "[default]\nuse_fips_endpoint = true\n"))
                .isEqualTo(URI.create("https://kinesis-fips.us-east-1.amazonaws.com"));
        assertThat(endpoint(none, Map.of("AWS_PROFILE", "gov"), "[default]\n[profile gov]\nuse_fips_endpoint = true\n"))
                .isEqualTo(URI.create("https://kinesis-fips.us-east-1.amazonaws.com"));
        String services = "[default]\nendpoint_url = https://global.example\nservices = local\n"
                + "[services local]\nkinesis =\n  endpoint_url = http://127.0.0.1:4567\n";
        assertThat(endpoint(none, none, services)).isEqualTo(URI.create("http://127.0.0.1:4567"));
        assertThat(endpoint(none, none, "[default]\nendpoint_url = https://global.example\n"))
                .isEqualTo(URI.create("https://global.example"));
        assertThat(endpoint(none, Map.of("AWS_ENDPOINT_URL_KINESIS", "https://env.example"), services))
                .isEqualTo(URI.create("https://env.example"));
        assertThat(endpoint(none, none, services.replace("[default]\n", "[default]\nignore_configured_endpoint_urls = true\n")))
                .isEqualTo(URI.create("https://kinesis.us-east-1.amazonaws.com"));
    }

    @Test
    void credentialsThatCannotBeResolvedFailTheCallInsteadOfThrowing() {
        KinesisHttp http = new KinesisHttp(new Http11Client(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                1, Duration.ofSeconds(2), Duration.ofSeconds(5)), "us-west-2",
                (software.amazon.awssdk.auth.credentials.AwsCredentialsProvider) () -> {
                    throw software.amazon.awssdk.core.exception.SdkClientException.create("Unable to load credentials");
                }, java.time.Clock.systemUTC());
        try {
            CompletableFuture<?> list = http.listShards("test-stream");
            CompletableFuture<?> put = http.putRecords(request());

            assertThat(failure(list)).hasMessageContaining("Unable to load credentials");
            assertThat(failure(put)).hasMessageContaining("Unable to load credentials");
            assertThat(KinesisErrors.classify(failure(put))).isEqualTo(KinesisErrors.Decision.RETRY);
            assertThat(requests).isEmpty();
        } finally {
            http.close();
        }
    }

    @Test
    void aShardWithAHashKeyThatIsNotANumberIsAnUnreadableResponse() {
        responseBody = "{\"Shards\":[{\"ShardId\":\"shardId-000000000000\",\"HashKeyRange\":"
                + "{\"StartingHashKey\":\"0\",\"EndingHashKey\":\"ff\"}}]}";

        Throwable e = failure(transport.listShards("test-stream"));

        assertThat(e).hasMessageStartingWith("ListShards: unreadable response (HTTP 200)");
    }
}
