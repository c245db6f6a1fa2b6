package io.github.kinesisproducer.bench;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.utils.AttributeMap;

/** SDK clients for the sink: plain HTTP, or HTTPS trusting the sink's self-signed certificate (--tls). */
final class TlsClients {
    private TlsClients() {
    }

    static URI endpoint(RunOptions o) {
        return o.tls ? URI.create("https://127.0.0.1:" + o.tlsPort) : URI.create("http://127.0.0.1:" + o.plainPort);
    }

    /**
     * A JSON (CBOR off) Kinesis client over netty HTTP/1.1; with --tls it accepts any certificate (loopback sink only).
     *
     * @param retries null for the SDK's default retry strategy
     */
    static KinesisAsyncClient kinesis(RunOptions o, AwsCredentialsProvider credentials, int maxConcurrency,
            RetryStrategy retries, Duration timeout) {
        System.setProperty("aws.cborEnabled", "false");
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .protocol(Protocol.HTTP1_1)
                .maxConcurrency(maxConcurrency);
        if (timeout != null) {
            http.readTimeout(timeout).writeTimeout(timeout);
        }
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder();
        if (retries != null) {
            override.retryStrategy(retries);
        }
        if (timeout != null) {
            override.apiCallAttemptTimeout(timeout).apiCallTimeout(timeout.plusSeconds(1));
        }
        return KinesisAsyncClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint(o))
                .credentialsProvider(credentials)
                .overrideConfiguration(override.build())
                .httpClient(http.buildWithDefaults(AttributeMap.builder()
                        .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, o.tls).build()))
                .build();
    }
}
