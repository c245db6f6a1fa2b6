package io.github.kinesisproducer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Our SigV4 against the AWS SDK's own signer: same inputs, same Authorization header, byte for byte. */
class SigV4Test {
    private static final Instant NOW = Instant.parse("2026-11-26T04:05:06Z");

    private static Map<String, String> headers(String host) {
        return headers(host, null);
    }

    /**
     * The SDK's signer always adds and signs x-amz-content-sha256 (S3 needs it; Kinesis does not). To compare signatures
     * over the same header set, the comparisons send that header through ours as an ordinary header.
     */
    private static Map<String, String> headers(String host, byte[] bodyToDeclare) {
        Map<String, String> h = new LinkedHashMap<>();
        if (bodyToDeclare != null) {
            h.put("x-amz-content-sha256", SigV4.hex(SigV4.sha256(bodyToDeclare, -1)));
        }
        h.put("Host", host);
        h.put("Content-Type", "application/x-amz-json-1.1");
        h.put("X-Amz-Target", "Kinesis_20131202.PutRecords");
        return h;
    }

    private static String sdkAuthorization(Map<String, String> ours, byte[] body, AwsCredentialsIdentity identity,
            String region) {
        SdkHttpRequest.Builder r = SdkHttpRequest.builder().method(SdkHttpMethod.POST).protocol("https")
                .host("kinesis." + region + ".amazonaws.com").encodedPath("/");
        ours.forEach((k, v) -> {
            if (!k.equals("Authorization") && !k.equals("X-Amz-Date") && !k.equals("X-Amz-Security-Token")) {
                r.putHeader(k, v);
            }
        });
        SignedRequest signed = AwsV4HttpSigner.create().sign(s -> s
                .identity(identity)
                .request(r.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesis")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)));
        assertThat(signed.request().firstMatchingHeader("X-Amz-Date")).contains(ours.get("X-Amz-Date"));
        return signed.request().firstMatchingHeader("Authorization").orElseThrow();
    }

    @Test
    void signatureMatchesTheSdkSigner() {
        byte[] body = "{\"Records\":[{\"Data\":\"aGVsbG8=\",\"PartitionKey\":\"k\"}],\"StreamName\":\"s\"}"
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = headers("kinesis.eu-west-1.amazonaws.com", body);
        new SigV4("eu-west-1", "kinesis").sign(h, body, body.length, "AKIDEXAMPLE", "secret/key+1", null, NOW);

        assertThat(h.get("X-Amz-Date")).isEqualTo("20261126T040506Z");
        assertThat(h.get("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/eu-west-1/kinesis/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, Signature=")
                .isEqualTo(sdkAuthorization(h, body,
                        AwsCredentialsIdentity.create("AKIDEXAMPLE", "secret/key+1"), "eu-west-1"));
        assertThat(h).doesNotContainKey("X-Amz-Security-Token");
    }

    @Test
    void withoutTheOptionalPayloadHeaderOnlyTheFourHeadersAreSigned() {
        Map<String, String> h = headers("127.0.0.1:4567");
        new SigV4("us-east-1", "kinesis").sign(h, new byte[0], 0, "AK", "SK", null, NOW);
        assertThat(h.get("Authorization")).contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target,");
    }

    @Test
    void sessionTokenIsSentAndSigned() {
        byte[] body = new byte[3000];
        new java.util.Random(7).nextBytes(body);
        Map<String, String> h = headers("kinesis.us-east-1.amazonaws.com", body);
        new SigV4("us-east-1", "kinesis").sign(h, body, body.length, "ASIAEXAMPLE", "s3cr3t", "token/abc=", NOW);

        assertThat(h.get("X-Amz-Security-Token")).isEqualTo("token/abc=");
        assertThat(h.get("Authorization"))
                .contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;"
                        + "x-amz-target")
                .isEqualTo(sdkAuthorization(h, body,
                        AwsSessionCredentialsIdentity.create("ASIAEXAMPLE", "s3cr3t", "token/abc="), "us-east-1"));
    }

    @Test
    void onlyTheGivenLengthOfTheBodyIsSigned() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] padded = java.util.Arrays.copyOf(body, body.length + 100);
        Map<String, String> a = headers("h");
        Map<String, String> b = headers("h");
        SigV4 signer = new SigV4("us-east-1", "kinesis");
        signer.sign(a, body, body.length, "AK", "SK", null, NOW);
        signer.sign(b, padded, body.length, "AK", "SK", null, NOW);
        assertThat(b.get("Authorization")).isEqualTo(a.get("Authorization"));
    }

    @Test
    void derivedKeyFollowsTheDateAndTheSecret() {
        byte[] body = new byte[0];
        SigV4 signer = new SigV4("us-east-1", "kinesis");
        Map<String, String> day1 = headers("h");
        Map<String, String> day2 = headers("h");
        Map<String, String> otherSecret = headers("h");
        signer.sign(day1, body, 0, "AK", "SK", null, NOW);
        signer.sign(day2, body, 0, "AK", "SK", null, NOW.plusSeconds(86_400));
        signer.sign(otherSecret, body, 0, "AK", "SK2", null, NOW);
        Map<String, String> fresh = headers("h");
        new SigV4("us-east-1", "kinesis").sign(fresh, body, 0, "AK", "SK2", null, NOW);
        assertThat(otherSecret.get("Authorization")).isEqualTo(fresh.get("Authorization"))
                .isNotEqualTo(day1.get("Authorization"));
        assertThat(day2.get("Authorization")).contains("/20261127/");
    }
}
