package io.github.kinesisproducer.internal.protocol;

import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.internal.http.Http11Client;
import io.github.kinesisproducer.internal.http.HttpProxy;
import io.github.kinesisproducer.internal.http.HttpTransport;
import io.github.kinesisproducer.internal.http.JdkHttpTransport;
import io.github.kinesisproducer.internal.http.ProxyRefusedException;
import io.github.kinesisproducer.internal.http.ProxyResolver;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Builds the producer's own Kinesis client ({@link KinesisHttp}) when the caller does not bring an SDK client: the
 * region, credentials and endpoint are resolved the way the SDK resolves them, without building an SDK client, and
 * the HTTP proxy as {@link ProxyResolver} says ({@code proxy_url}, the JVM's properties, the environment).
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
        HttpProxy proxy = proxy(config, endpoint);
        Duration connectTimeout = Duration.ofMillis(Math.min(6000, config.requestTimeout().toMillis()));
        DefaultCredentialsProvider ownCredentials =
                credentials == null ? DefaultCredentialsProvider.builder().build() : null;
        Runnable release = () -> {
            if (ownCredentials != null) {
                ownCredentials.close();
            }
        };
        HttpTransport http = null;
        try {
            // Two connections more than PutRecords calls may be in flight: a ListShards after a reshard never queues
            // behind slow PutRecords calls, nor behind a DescribeStreamSummary that waits out its timeout.
            http = http(endpoint, config.maxConcurrency() + 2, connectTimeout, config.requestTimeout(), tls, proxy);
            if (proxy != null) {
                checkProxy(http, proxy, endpoint);
            }
            return new KinesisHttp(http, region.id(), credentials != null ? credentials : ownCredentials,
                    Clock.systemUTC(), release);
        } catch (RuntimeException | Error e) {
            if (http != null) {
                http.close();
            }
            release.run();
            throw e;
        }
    }

    /** The proxy calls to this endpoint go through (ProxyResolver's rules), or null; logged either way. */
    private static HttpProxy proxy(ProducerConfig config, URI endpoint) {
        ProxyResolver.Route route;
        try {
            route = ProxyResolver.resolve(endpoint, config.proxyUrl(), config.nonProxyHosts(),
                    config.useSystemProxy(), System::getProperty, System::getenv);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage() + "; or set use_system_proxy=false to ignore the JVM's and the "
                    + "environment's proxy settings");
        }
        if (route.proxy() != null) {
            LOG.info("Kinesis calls to {} go through the HTTP proxy {}", endpoint, route.proxy());
        } else {
            LOG.debug("Kinesis calls to {} go direct ({})", endpoint, route.reason());
        }
        return route.proxy();
    }

    /**
     * A first connection through the proxy, before any record is accepted: a proxy that refuses the credentials or
     * the destination makes the producer fail to start (it could never send). Any other failure (the proxy or the
     * endpoint unreachable for now) is only logged: records are retried as usual.
     */
    private static void checkProxy(HttpTransport http, HttpProxy proxy, URI endpoint) {
        try {
            http.checkProxy();
        } catch (ProxyRefusedException e) {
            throw new ConfigException("cannot reach Kinesis at " + endpoint + ": " + e.getMessage());
        } catch (IOException | TimeoutException e) {
            LOG.warn("Could not open a first connection to {} through the proxy {} at start-up ({}); records will be "
                    + "retried as usual", endpoint, proxy, e.getMessage());
        }
    }

    /**
     * The socket layer: our own HTTP/1.1 client, unless the internal system property {@value
     * JdkHttpTransport#PROPERTY} says {@code jdk} (for the benchmark that compares the two; docs/performance.md).
     */
    static HttpTransport http(URI endpoint, int maxInFlight, Duration connectTimeout, Duration requestTimeout) {
        return http(endpoint, maxInFlight, connectTimeout, requestTimeout, null, null);
    }

    static HttpTransport http(URI endpoint, int maxInFlight, Duration connectTimeout, Duration requestTimeout,
            javax.net.ssl.SSLContext tls, HttpProxy proxy) {
        String choice = System.getProperty(JdkHttpTransport.PROPERTY, "own");
        return switch (choice) {
            case "own" -> new Http11Client(endpoint, maxInFlight, connectTimeout, requestTimeout,
                    tls == null ? null : tls.getSocketFactory(), proxy);
            case "jdk" -> {
                try {
                    yield new JdkHttpTransport(endpoint, connectTimeout, requestTimeout, tls, proxy);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(e.getMessage());
                }
            }
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
}
