package io.github.kinesisproducer.internal;

import io.github.kinesisproducer.ProducerConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;

/** Builds the SDK client the producer uses when the caller does not bring one. */
public final class ClientFactory {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientFactory.class);
    private ClientFactory() {
    }

    /**
     * A transport on a Kinesis async client with the SDK's own retries turned off (ours are the only layer, so attempts and
     * backoff are not multiplied), a per-attempt timeout, and enough connections for the configured concurrency.
     *
     * @param credentials null for the SDK's default credentials chain
     * @param cbor null for the SDK default; false for emulators whose CBOR is broken (kinesalite). A plain-http
     *     endpoint is always an emulator, so CBOR is off for those unless asked for.
     */
    public static SdkTransport transport(ProducerConfig config, AwsCredentialsProvider credentials, Boolean cbor) {
        // Our own event loop group, not the SDK's: the SDK shuts a group it manages down with a fixed 2 s quiet
        // period inside client.close(), which made every producer close() take 2 s longer than it should (and
        // close(timeout) overrun its deadline). The transport shuts ours down with no quiet period: by then every
        // request is done, or abandoned by a close deadline that already failed its records.
        SdkEventLoopGroup eventLoop = SdkEventLoopGroup.builder().build();
        Runnable shutdownEventLoop = () -> eventLoop.eventLoopGroup()
                .shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(1, TimeUnit.SECONDS);
        Duration connectTimeout = Duration.ofMillis(Math.min(6000, config.requestTimeout().toMillis()));
        // Passed as an instance, the SDK client does not close the HTTP client: the transport closes it after the client.
        SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder()
                .eventLoopGroup(eventLoop)
                .protocol(Protocol.HTTP1_1)
                .maxConcurrency(Math.max(8, config.maxConcurrency() + 4))
                .connectionTimeout(connectTimeout)
                .readTimeout(config.requestTimeout())
                .writeTimeout(config.requestTimeout())
                .build();
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable release = () -> {
            if (!released.compareAndSet(false, true)) {
                return; // close() is idempotent; netty logs an error when its pools are closed twice
            }
            try {
                http.close();
            } finally {
                shutdownEventLoop.run();
            }
        };
        KinesisAsyncClientBuilder b = KinesisAsyncClient.builder()
                .httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(config.requestTimeout())
                        .apiCallTimeout(config.requestTimeout().plusSeconds(1))
                        .build());
        if (config.region() != null) {
            b.region(Region.of(config.region()));
        }
        if (config.endpoint() != null) {
            b.endpointOverride(config.endpoint());
        }
        if (credentials != null) {
            b.credentialsProvider(credentials);
        }
        boolean json = Boolean.FALSE.equals(cbor)
                || (cbor == null && config.endpoint() != null && "http".equals(config.endpoint().getScheme()));
        KinesisAsyncClient client = null;
        try {
            client = json ? buildWithoutCbor(b) : b.build();
            String proxy = isLoopback(config.endpoint()) ? null : proxySetting(System::getProperty, System::getenv);
            if (proxy != null) {
                LOG.warn("An HTTP proxy is configured ({}), but the producer connects to Kinesis directly: its own "
                        + "clients do not use proxies. To go through the proxy, build a KinesisAsyncClient with your "
                        + "proxy configuration and pass it with KinesisProducer.builder().kinesisClient(...)", proxy);
            }
            HttpPutRecords direct = HttpPutRecords.of(client.serviceClientConfiguration(), config.maxConcurrency(),
                    connectTimeout, config.requestTimeout());
            return new SdkTransport(client, true, direct, release);
        } catch (RuntimeException | Error e) {
            if (client != null) {
                client.close();
            }
            release.run();
            throw e;
        }
    }

    /** A local endpoint (an emulator): proxies are never used for these (the JDK's default non-proxy hosts). */
    static boolean isLoopback(java.net.URI endpoint) {
        if (endpoint == null || endpoint.getHost() == null) {
            return false;
        }
        String h = endpoint.getHost();
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    /**
     * The first proxy setting found (system properties, then environment), or null. Neither the producer's own HTTP
     * client nor the SDK client it builds uses a proxy, so a configured one only earns a warning that says what to do.
     */
    static String proxySetting(java.util.function.UnaryOperator<String> properties,
            java.util.function.UnaryOperator<String> environment) {
        for (String p : new String[] {"https.proxyHost", "http.proxyHost"}) {
            String v = properties.apply(p);
            if (v != null && !v.isBlank()) {
                return p + "=" + v;
            }
        }
        for (String e : new String[] {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"}) {
            String v = environment.apply(e);
            if (v != null && !v.isBlank()) {
                return e + "=" + v;
            }
        }
        return null;
    }

    /**
     * The SDK reads {@code aws.cborEnabled} once, when the client is built; setting it just around the build
     * gives this one client JSON without changing the rest of the JVM.
     */
    private static synchronized KinesisAsyncClient buildWithoutCbor(KinesisAsyncClientBuilder b) {
        String key = SdkSystemSetting.CBOR_ENABLED.property();
        String before = System.getProperty(key);
        System.setProperty(key, "false");
        try {
            return b.build();
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
