package io.github.kinesisproducer.emulator;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * SDK clients that work against the local emulator: static dummy credentials (nothing ever looks up real ones or
 * contacts instance metadata), an explicit region, HTTP/1.1 and JSON instead of CBOR.
 */
public final class EmulatorClients {
    /** Dummy credentials: kinesalite parses SigV4 headers but never verifies them. */
    public static final String ACCESS_KEY_ID = "AKIAEMULATOR00000000";
    public static final String SECRET_ACCESS_KEY = "emulator-secret";
    /** kinesalite ignores the region (one namespace for all); any fixed value avoids a region lookup. */
    public static final Region REGION = Region.US_EAST_1;

    private EmulatorClients() {
    }

    /**
     * Switches the AWS SDK from CBOR to JSON for Kinesis clients built afterwards, JVM-wide.
     *
     * <p>Why: kinesalite's CBOR responses are broken (responses over 16 KiB are truncated, timestamps come as
     * fractional seconds where the SDK's CBOR path expects millis), so e.g. a 500-record PutRecords fails to
     * unmarshal while small tests pass. JSON works. The SDK has no per-client switch: in SDK 2.57.8 the
     * {@code aws.cborEnabled} system property ({@link SdkSystemSetting#CBOR_ENABLED}, env {@code CBOR_ENABLED}) is
     * read by {@code AwsCborProtocolFactory.Builder}'s constructor, i.e. once per client at {@code build()} time.
     * So it must be set before any client that talks to the emulator is built (including the producer's own
     * clients), and clients built earlier keep CBOR. A system property is JVM-wide: never do this in production,
     * where CBOR is the faster default.
     */
    public static void disableCbor() {
        System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), "false");
    }

    public static AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    /**
     * A pre-configured async builder (netty, HTTP/1.1: kinesalite has no HTTP/2), for callers that want to add
     * interceptors or timeouts before {@code build()}. Calls {@link #disableCbor()}.
     */
    public static KinesisAsyncClientBuilder asyncClientBuilder(URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        disableCbor();
        return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                // A builder (not a built client) so the SDK owns the HTTP client and closes it with the client.
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1));
    }

    /** A pre-configured sync builder (URL-connection transport: no extra dependencies). Calls {@link #disableCbor()}. */
    public static KinesisClientBuilder syncClientBuilder(URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        disableCbor();
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }

    public static KinesisAsyncClient asyncClient(URI endpoint) {
        return asyncClientBuilder(endpoint).build();
    }

    public static KinesisClient syncClient(URI endpoint) {
        return syncClientBuilder(endpoint).build();
    }
}
