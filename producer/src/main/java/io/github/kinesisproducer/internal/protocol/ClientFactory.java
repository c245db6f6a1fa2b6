package io.github.kinesisproducer.internal.protocol;

import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.internal.http.Http11Client;
import io.github.kinesisproducer.internal.http.HttpTransport;
import io.github.kinesisproducer.internal.http.JdkHttpTransport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Builds the producer's own Kinesis client ({@link KinesisHttp}) when the caller does not bring an SDK client: the
 * region, credentials and endpoint are resolved the way the SDK resolves them, without building an SDK client.
 */
public final class ClientFactory {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientFactory.class);
    private ClientFactory() {
    }

    /**
     * The producer's own client: {@code kinesis_concurrency} + 2 connections, the request timeout per attempt (our
     * retries are the only layer, so attempts and backoff are not multiplied).
     *
     * @param credentials null for the SDK's default credentials chain (closed with the transport)
     * @throws ConfigException if no region is configured and the SDK's region chain finds none
     */
    public static KinesisTransport transport(ProducerConfig config, AwsCredentialsProvider credentials) {
        return transport(config, credentials, null);
    }

    /**
     * The same, with the TLS context for {@code https://} endpoints.
     *
     * @param tls the context whose trust managers check server certificates; null for the JVM's
     */
    public static KinesisTransport transport(ProducerConfig config, AwsCredentialsProvider credentials,
            javax.net.ssl.SSLContext tls) {
        Region region = region(config);
        URI endpoint = Endpoints.ofSystem().resolve(config.endpoint(), region);
        String proxy = isLoopback(endpoint) ? null : proxySetting(System::getProperty, System::getenv);
        if (proxy != null) {
            LOG.warn("An HTTP proxy is configured ({}), but the producer connects to Kinesis directly: its own "
                    + "client does not use proxies. To go through the proxy, build a KinesisAsyncClient with your "
                    + "proxy configuration and pass it with KinesisProducer.builder().kinesisClient(...)", proxy);
        }
        Duration connectTimeout = Duration.ofMillis(Math.min(6000, config.requestTimeout().toMillis()));
        DefaultCredentialsProvider ownCredentials =
                credentials == null ? DefaultCredentialsProvider.builder().build() : null;
        Runnable release = () -> {
            if (ownCredentials != null) {
                ownCredentials.close();
            }
        };
        try {
            // Two connections more than PutRecords calls may be in flight: a ListShards after a reshard never queues
            // behind slow PutRecords calls, nor behind a DescribeStreamSummary that waits out its timeout.
            return new KinesisHttp(http(endpoint, config.maxConcurrency() + 2, connectTimeout,
                    config.requestTimeout(), tls), region.id(), credentials != null ? credentials : ownCredentials,
                    Clock.systemUTC(), release);
        } catch (RuntimeException | Error e) {
            release.run();
            throw e;
        }
    }

    /**
     * The socket layer: our own HTTP/1.1 client, unless the internal system property {@value
     * JdkHttpTransport#PROPERTY} says {@code jdk} (for the benchmark that compares the two; docs/performance.md).
     */
    static HttpTransport http(URI endpoint, int maxInFlight, Duration connectTimeout, Duration requestTimeout) {
        return http(endpoint, maxInFlight, connectTimeout, requestTimeout, null);
    }

    static HttpTransport http(URI endpoint, int maxInFlight, Duration connectTimeout, Duration requestTimeout,
            javax.net.ssl.SSLContext tls) {
        String choice = System.getProperty(JdkHttpTransport.PROPERTY, "own");
        return switch (choice) {
            case "own" -> new Http11Client(endpoint, maxInFlight, connectTimeout, requestTimeout,
                    tls == null ? null : tls.getSocketFactory());
            case "jdk" -> new JdkHttpTransport(endpoint, connectTimeout, requestTimeout, tls);
            default -> throw new ConfigException("system property " + JdkHttpTransport.PROPERTY + " is '" + choice
                    + "': use own (the default) or jdk");
        };
    }

    private static Region region(ProducerConfig config) {
        if (config.region() != null) {
            return Region.of(config.region());
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw new ConfigException("no AWS region: set region (aws_region) in the producer's configuration, or "
                    + "AWS_REGION in the environment (" + e.getMessage() + ")");
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
     * The first proxy setting found (system properties, then environment), or null. The producer's own client does not
     * use a proxy, so a configured one only earns a warning that says what to do.
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
}
