package io.github.kinesisproducer.internal.protocol.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.kinesisproducer.internal.protocol.KinesisErrors;
import io.github.kinesisproducer.internal.protocol.PutRecordsRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * A user's own SDK client: {@code request_timeout} bounds every call made through it, whatever the client's own
 * timeouts and retries, and closing the producer leaves the client to its owner.
 */
class SdkTransportTest {
    /** Accepts connections and never answers: a Kinesis that hangs. */
    private final ServerSocket silent;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    SdkTransportTest() throws Exception {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept());
                }
            } catch (java.io.IOException closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws Exception {
        silent.close();
        acceptor.join(5000);
        for (Socket s : accepted) {
            s.close();
        }
    }

    private KinesisAsyncClient client() {
        // No timeouts of its own and the SDK's standard retries: only request_timeout can end a call that hangs.
        return KinesisAsyncClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "secret")))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    @Test
    void requestTimeoutBoundsEachCallThroughTheUsersClientRetriesIncluded() {
        try (KinesisAsyncClient client = client()) {
            SdkTransport transport = new SdkTransport(client, Duration.ofMillis(300));
            PutRecordsRequest request = PutRecordsRequest.of("s",
                    List.of(new PutRecordsRequest.Entry("k", null, "x".getBytes(StandardCharsets.UTF_8))));

            Throwable put = catchThrowable(() -> transport.putRecords(request).get(30, TimeUnit.SECONDS));
            Throwable list = catchThrowable(() -> transport.listShards("s").get(30, TimeUnit.SECONDS));
            Throwable describe = catchThrowable(() -> transport.describeStreamSummary("s").get(30, TimeUnit.SECONDS));

            for (Throwable e : List.of(put, list, describe)) {
                assertThat(KinesisErrors.unwrap(e)).isInstanceOf(ApiCallTimeoutException.class);
                // Retried by the producer, and counted as an attempt that may have stored its records.
                assertThat(KinesisErrors.classify(e)).isEqualTo(KinesisErrors.Decision.RETRY);
                assertThat(KinesisErrors.maybeStored(e, transport.marksSentRequests())).isTrue();
            }
        }
    }

    @Test
    void closingTheTransportLeavesTheUsersClientOpen() throws Exception {
        try (KinesisAsyncClient client = client()) {
            new SdkTransport(client, Duration.ofMillis(300)).close();
            // Still usable: the call is made (and times out here), not refused as on a closed client.
            Throwable e = catchThrowable(() -> client.listStreams(r -> r.overrideConfiguration(
                    o -> o.apiCallTimeout(Duration.ofMillis(300)))).get(30, TimeUnit.SECONDS));
            assertThat(KinesisErrors.unwrap(e)).isInstanceOf(ApiCallTimeoutException.class);
        }
    }
}
