package io.github.kinesisproducer.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/** The test proxy against a real kinesalite: each plan does what it says, seen from a client and from the stream. */
@Timeout(120)
class KinesisProxyIT {
    private static Kinesalite emulator;
    private static StreamAdmin admin;
    private KinesisProxy proxy;
    private KinesisClient client;
    private String stream;

    @BeforeAll
    static void startEmulator() {
        emulator = Kinesalite.start();
        admin = StreamAdmin.forEndpoint(emulator.endpoint());
    }

    @AfterAll
    static void stopEmulator() {
        admin.close();
        emulator.close();
    }

    @BeforeEach
    void setUp() {
        stream = StreamAdmin.uniqueStreamName("proxy");
        admin.createStream(stream, 1);
        proxy = KinesisProxy.start(emulator.endpoint());
        // No SDK retries: each call is one exchange, so what the client sees is what the plan did.
        client = EmulatorClients.syncClientBuilder(proxy.endpoint())
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(2)))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void tearDown() {
        client.close();
        proxy.close();
    }

    private PutRecordsResponse put(String key, String data) {
        return client.putRecords(r -> r.streamName(stream).records(e -> e.partitionKey(key)
                .data(SdkBytes.fromUtf8String(data))));
    }

    private List<String> stored() {
        return admin.readAll(stream).stream().map(StoredRecord::dataAsUtf8).toList();
    }

    @Test
    void tlsListener_presentsItsCertificateAndForwardsInPlainHttp() {
        TlsIdentity identity = TlsIdentity.forLoopback();
        try (KinesisProxy tls = KinesisProxy.start(emulator.endpoint(), KinesisProxy.Rule.forwardAll(), identity);
                KinesisClient trusting = EmulatorClients.syncClientBuilder(tls.endpoint())
                        .httpClientBuilder(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(
                                () -> new javax.net.ssl.TrustManager[] {identity.trustManager()}))
                        .build();
                KinesisClient jvmDefaultTrust = EmulatorClients.syncClientBuilder(tls.endpoint())
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            assertThat(tls.endpoint().toString()).isEqualTo("https://127.0.0.1:" + tls.port());
            assertThat(trusting.putRecords(r -> r.streamName(stream).records(e -> e.partitionKey("k")
                    .data(SdkBytes.fromUtf8String("over tls")))).failedRecordCount()).isZero();
            assertThat(stored()).containsExactly("over tls");
            assertThat(tls.stats().requests("PutRecords")).isEqualTo(1);
            // The certificate is the test CA's, which the JVM's own trust store does not hold.
            assertThatThrownBy(() -> jvmDefaultTrust.listShards(r -> r.streamName(stream)))
                    .isInstanceOf(SdkClientException.class).hasStackTraceContaining("certification path");
        }
    }

    @Test
    void tlsIdentity_caPemParsesBackToTheCa() throws Exception {
        TlsIdentity identity = TlsIdentity.forLoopback();
        java.security.cert.Certificate parsed = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(identity.caPem()
                        .getBytes(StandardCharsets.US_ASCII)));
        assertThat(parsed).isEqualTo(identity.caCertificate());
        identity.serverCertificate().verify(identity.caCertificate().getPublicKey());
        assertThat(identity.serverCertificate().getSubjectAlternativeNames()).extracting(l -> (Object) l.get(1))
                .containsExactly((Object) "127.0.0.1", "localhost");
    }

    @Test
    void forwardsUnchangedAndCountsOperations() {
        assertThat(put("k", "one").failedRecordCount()).isZero();
        assertThat(stored()).containsExactly("one");
        assertThat(proxy.stats().requests("PutRecords")).isEqualTo(1);
        assertThat(proxy.stats().forwarded.get()).isEqualTo(1);
    }

    @Test
    void resetBeforeForwardingStoresNothing() {
        proxy.rule(request -> request.operation().equals("PutRecords") ? ProxyPlan.reset() : ProxyPlan.forward());
        assertThatThrownBy(() -> put("k", "lost")).isInstanceOf(SdkClientException.class);
        assertThat(stored()).isEmpty();
        assertThat(proxy.stats().resetBeforeForwarding.get()).isEqualTo(1);
    }

    @Test
    void resetAfterForwardingStoresButDoesNotAnswer() {
        proxy.rule(request -> request.operation().equals("PutRecords")
                ? ProxyPlan.forward().withResetAfterForwarding() : ProxyPlan.forward());
        assertThatThrownBy(() -> put("k", "stored-unanswered")).isInstanceOf(SdkClientException.class);
        assertThat(stored()).containsExactly("stored-unanswered");
        assertThat(proxy.stats().resetAfterForwarding.get()).isEqualTo(1);
    }

    @Test
    void answersWithAKinesisErrorWithoutForwarding() {
        proxy.rule(request -> ProxyPlan.error(400, "ProvisionedThroughputExceededException", "Rate exceeded"));
        assertThatThrownBy(() -> put("k", "throttled")).isInstanceOf(ProvisionedThroughputExceededException.class)
                .hasMessageContaining("Rate exceeded");
        proxy.rule(KinesisProxy.Rule.forwardAll());
        assertThat(stored()).isEmpty();
    }

    @Test
    void interimResponsesAndALateAnswerStillDeliver() {
        proxy.rule(request -> ProxyPlan.forward().withInterim(100).withDelayBeforeAnswer(Duration.ofMillis(200)));
        assertThat(put("k", "late").failedRecordCount()).isZero();
        assertThat(proxy.stats().interimResponses.get()).isEqualTo(1);
        assertThat(proxy.stats().delayedAnswers.get()).isEqualTo(1);
    }

    @Test
    void aStallPastTheClientsTimeoutIsATimeoutButTheRecordIsStored() {
        proxy.rule(request -> request.operation().equals("PutRecords")
                ? ProxyPlan.forward().withDelayBeforeAnswer(Duration.ofSeconds(10)) : ProxyPlan.forward());
        assertThatThrownBy(() -> put("k", "stalled")).isInstanceOf(SdkClientException.class);
        assertThat(stored()).containsExactly("stalled");
    }

    @Test
    void aTruncatedAnswerFailsTheCall() {
        proxy.rule(request -> request.operation().equals("PutRecords")
                ? ProxyPlan.forward().withTruncatedBody(5) : ProxyPlan.forward());
        assertThatThrownBy(() -> put("k", "cut")).isInstanceOf(SdkClientException.class);
        assertThat(stored()).containsExactly("cut");
        assertThat(proxy.stats().truncatedAnswers.get()).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void rewritesRequestsAndAnswers() {
        proxy.rule(request -> {
            if (!request.operation().equals("PutRecords")) {
                return ProxyPlan.forward();
            }
            return ProxyPlan.forward().withRequest(r -> {
                Map<String, Object> body = JsonValues.parseObject(r.body());
                for (Object entry : (List<Object>) body.get("Records")) {
                    ((Map<String, Object>) entry).put("PartitionKey", "rewritten");
                }
                return r.withBody(JsonValues.write(body));
            }).withResponse((forwarded, response) -> response.withHeader("x-proxied", "yes"));
        });
        put("original", "payload");
        StoredRecord r = admin.readAll(stream).get(0);
        assertThat(r.partitionKey()).isEqualTo("rewritten");
        assertThat(r.dataAsUtf8()).isEqualTo("payload");
    }

    @Test
    void aDeadUpstreamLooksLikeAResetConnection() {
        try (KinesisProxy toNowhere = KinesisProxy.start(java.net.URI.create("http://127.0.0.1:1"));
             KinesisClient c = EmulatorClients.syncClientBuilder(toNowhere.endpoint())
                     .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            assertThatThrownBy(() -> c.listShards(r -> r.streamName(stream))).isInstanceOf(SdkClientException.class);
            assertThat(toNowhere.stats().upstreamFailures.get()).isEqualTo(1);
        }
    }

    @Test
    void jsonValuesRoundTrip() {
        String json = "{\"a\":[1,2.5,-3e2,true,false,null],\"s\":\"q\\\"\\\\\\n\\u00e9\",\"o\":{}}";
        Object v = JsonValues.parse(json);
        assertThat(JsonValues.parse(new String(JsonValues.write(v), StandardCharsets.UTF_8))).isEqualTo(v);
        assertThatThrownBy(() -> JsonValues.parse("{\"a\":1,}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonValues.parse("[1] x")).isInstanceOf(IllegalArgumentException.class);
    }
}
