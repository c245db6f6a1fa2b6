package io.github.kinesisproducer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Our SigV4 against the AWS SDK's own signer ({@code AwsV4HttpSigner}): the header set production sends
 * ({@link KinesisHttp#requestHeaders}), the same body, clock and credentials (session token included): the same
 * headers come out, Authorization byte for byte. (The AWS test suite's vectors: {@link SigV4SuiteTest}.)
 */
class SigV4Test {
    private static final Instant NOW = Instant.parse("2026-11-26T04:05:06Z");
    /** What the signer adds; the SDK's signer adds the same ones itself. */
    private static final Set<String> ADDED_BY_THE_SIGNER = Set.of("authorization", "x-amz-date",
            "x-amz-content-sha256", "x-amz-security-token");

    private static Map<String, String> headers(String host) {
        return KinesisHttp.requestHeaders(host, KinesisHttp.PUT_RECORDS, 0);
    }

    /**
     * Signs a copy of {@code ours} (before our signer added its headers) with the SDK's signer, and returns every
     * header the SDK would send, names in lower case.
     */
    private static Map<String, String> sdkSigned(Map<String, String> unsigned, String encodedPath, byte[] body,
            AwsCredentialsIdentity identity, String region) {
        SdkHttpRequest.Builder r = SdkHttpRequest.builder().method(SdkHttpMethod.POST).protocol("https")
                .host(unsigned.get("Host")).encodedPath(encodedPath);
        unsigned.forEach(r::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(s -> s
                .identity(identity)
                .request(r.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesis")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)));
        return lowerCase(signed.request().headers().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.join(",", e.getValue()))));
    }

    private static Map<String, String> lowerCase(Map<String, String> headers) {
        Map<String, String> out = new TreeMap<>();
        headers.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }

    /** Signs the production header set with ours and with the SDK's signer; both must send the same headers. */
    private static Map<String, String> signBoth(String host, String path, byte[] body, AwsCredentialsIdentity id,
            String region) {
        Map<String, String> ours = KinesisHttp.requestHeaders(host, KinesisHttp.PUT_RECORDS, body.length);
        Map<String, String> unsigned = new LinkedHashMap<>(ours);
        String token = id instanceof AwsSessionCredentialsIdentity s ? s.sessionToken() : null;
        new SigV4(region, "kinesis").sign(ours, path, body, body.length, id.accessKeyId(), id.secretAccessKey(),
                token, NOW);
        assertThat(unsigned.keySet()).noneMatch(k -> ADDED_BY_THE_SIGNER.contains(k.toLowerCase(Locale.ROOT)));
        assertThat(lowerCase(ours)).isEqualTo(sdkSigned(unsigned, path, body, id, region));
        return ours;
    }

    @Test
    void theHeaderSetProductionSendsIsSignedExactlyAsTheSdkSignsIt() {
        byte[] body = "{\"Records\":[{\"Data\":\"aGVsbG8=\",\"PartitionKey\":\"k\"}],\"StreamName\":\"s\"}"
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = signBoth("kinesis.eu-west-1.amazonaws.com", "/", body,
                AwsCredentialsIdentity.create("AKIDEXAMPLE", "secret/key+1"), "eu-west-1");

        assertThat(h.get("X-Amz-Date")).isEqualTo("20261126T040506Z");
        assertThat(h.get("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/eu-west-1/kinesis/aws4_request, "
                        + "SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date;"
                        + "x-amz-target, Signature=");
        assertThat(h).doesNotContainKey("X-Amz-Security-Token");
        assertThat(h.get("User-Agent")).startsWith("kinesis-producer/").contains(" java/");
    }

    @Test
    void withASessionTokenTheTokenIsSentAndSignedAsTheSdkDoes() {
        byte[] body = new byte[3000];
        new java.util.Random(7).nextBytes(body);
        Map<String, String> h = signBoth("kinesis.us-east-1.amazonaws.com", "/", body,
                AwsSessionCredentialsIdentity.create("ASIAEXAMPLE", "s3cr3t", "token/abc="), "us-east-1");

        assertThat(h.get("X-Amz-Security-Token")).isEqualTo("token/abc=");
        assertThat(h.get("Authorization")).contains("SignedHeaders=content-length;content-type;host;"
                + "x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target,");
    }

    @Test
    void anEndpointPathIsSignedAsTheSdkSignsIt_encodedTwice() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        signBoth("127.0.0.1:4567", "/kinesis/a%20b/", body, AwsCredentialsIdentity.create("AK", "SK"), "us-east-1");
        signBoth("gateway.example", "/v1/kinesis", body,
                AwsSessionCredentialsIdentity.create("ASIA", "SK", "tok"), "ap-southeast-2");
    }

    @Test
    void onlyTheGivenLengthOfTheBodyIsSigned() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] padded = java.util.Arrays.copyOf(body, body.length + 100);
        Map<String, String> a = headers("h");
        Map<String, String> b = headers("h");
        SigV4 signer = new SigV4("us-east-1", "kinesis");
        signer.sign(a, "/", body, body.length, "AK", "SK", null, NOW);
        signer.sign(b, "/", padded, body.length, "AK", "SK", null, NOW);
        assertThat(b.get("Authorization")).isEqualTo(a.get("Authorization"));
    }

    @Test
    void derivedKeyFollowsTheDateAndTheSecret() {
        byte[] body = new byte[0];
        SigV4 signer = new SigV4("us-east-1", "kinesis");
        Map<String, String> day1 = headers("h");
        Map<String, String> day2 = headers("h");
        Map<String, String> otherSecret = headers("h");
        signer.sign(day1, "/", body, 0, "AK", "SK", null, NOW);
        signer.sign(day2, "/", body, 0, "AK", "SK", null, NOW.plusSeconds(86_400));
        signer.sign(otherSecret, "/", body, 0, "AK", "SK2", null, NOW);
        Map<String, String> fresh = headers("h");
        new SigV4("us-east-1", "kinesis").sign(fresh, "/", body, 0, "AK", "SK2", null, NOW);
        assertThat(otherSecret.get("Authorization")).isEqualTo(fresh.get("Authorization"))
                .isNotEqualTo(day1.get("Authorization"));
        assertThat(day2.get("Authorization")).contains("/20261127/");
    }
}
