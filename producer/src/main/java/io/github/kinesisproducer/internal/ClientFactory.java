package io.github.kinesisproducer.internal;

import io.github.kinesisproducer.ProducerConfig;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;

/** Builds the SDK client the producer uses when the caller does not bring one. */
public final class ClientFactory {
    private ClientFactory() {
    }

    /**
     * A Kinesis async client with the SDK's own retries turned off (ours are the only layer, so attempts and
     * backoff are not multiplied), a per-attempt timeout, and enough connections for the configured concurrency.
     *
     * @param credentials null for the SDK's default credentials chain
     * @param cbor null for the SDK default; false for emulators whose CBOR is broken (kinesalite). A plain-http
     *     endpoint is always an emulator, so CBOR is off for those unless asked for.
     */
    public static KinesisAsyncClient build(ProducerConfig config, AwsCredentialsProvider credentials, Boolean cbor) {
        // Our own event loop group, not the SDK's: the SDK shuts a group it manages down with a fixed 2 s quiet
        // period inside client.close(), which made every producer close() take 2 s more than it should (and
        // close(timeout) overrun its deadline by 2 s). We shut ours down with no quiet period when the client closes.
        SdkEventLoopGroup eventLoop = SdkEventLoopGroup.builder().build();
        KinesisAsyncClientBuilder b = KinesisAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .eventLoopGroup(eventLoop)
                        .protocol(Protocol.HTTP1_1)
                        .maxConcurrency(Math.max(8, config.maxConcurrency() + 4))
                        .connectionTimeout(Duration.ofMillis(Math.min(6000, config.requestTimeout().toMillis())))
                        .readTimeout(config.requestTimeout())
                        .writeTimeout(config.requestTimeout()))
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
        try {
            return closingEventLoopPromptly(json ? buildWithoutCbor(b) : b.build(), eventLoop);
        } catch (RuntimeException | Error e) {
            eventLoop.eventLoopGroup().shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * The client, whose {@code close()} also shuts down its event loop group at once. By then every request is
     * either done or abandoned by a close deadline (its records already failed), so no quiet period is needed.
     */
    private static KinesisAsyncClient closingEventLoopPromptly(KinesisAsyncClient client, SdkEventLoopGroup eventLoop) {
        return (KinesisAsyncClient) java.lang.reflect.Proxy.newProxyInstance(KinesisAsyncClient.class.getClassLoader(),
                new Class<?>[] {KinesisAsyncClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        try {
                            client.close();
                        } finally {
                            eventLoop.eventLoopGroup().shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS)
                                    .awaitUninterruptibly(1, java.util.concurrent.TimeUnit.SECONDS);
                        }
                        return null;
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
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
