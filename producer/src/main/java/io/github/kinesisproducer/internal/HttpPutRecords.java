package io.github.kinesisproducer.internal;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;
import software.amazon.awssdk.http.async.SdkHttpContentPublisher;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.services.kinesis.endpoints.KinesisEndpointProvider;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * PutRecords straight over the SDK's async HTTP client: our JSON body ({@link PutRecordsJson}), our SigV4 signature
 * ({@link SigV4}), the SDK's connection pool, TLS and timeouts. It skips the SDK's generic request pipeline
 * (marshalling through reflection-like field traversal, interceptors, Jackson, per-call executors), which cost
 * several times more CPU per record than the whole producer engine. ListShards and everything else stay on the SDK
 * client.
 */
final class HttpPutRecords {
    private static final String TARGET = "Kinesis_20131202.PutRecords";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final SdkAsyncHttpClient http;
    private final URI endpoint;
    private final String host;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final SigV4 signer;
    private final Clock wallClock;

    HttpPutRecords(SdkAsyncHttpClient http, URI endpoint, String region,
            IdentityProvider<? extends AwsCredentialsIdentity> credentials, Clock wallClock) {
        this.http = http;
        this.endpoint = endpoint;
        int port = endpoint.getPort();
        boolean defaultPort = port < 0 || ("https".equals(endpoint.getScheme()) ? port == 443 : port == 80);
        this.host = defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port;
        this.credentials = credentials;
        this.signer = new SigV4(region, "kinesis");
        this.wallClock = wallClock;
    }

    /** For a client the factory built: its region, endpoint (override, else the region's standard one), credentials. */
    static HttpPutRecords of(SdkAsyncHttpClient http, AwsServiceClientConfiguration client) {
        URI endpoint = client.endpointOverride().orElseGet(() -> KinesisEndpointProvider.defaultProvider()
                .resolveEndpoint(p -> p.region(client.region())).join().url());
        return new HttpPutRecords(http, endpoint, client.region().id(), client.credentialsProvider(), Clock.systemUTC());
    }

    CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
        try {
            PutRecordsJson.Body body = PutRecordsJson.write(request);
            return credentials.resolveIdentity().thenCompose(identity -> send(body, identity));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<PutRecordsResponse> send(PutRecordsJson.Body body, AwsCredentialsIdentity identity) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", host);
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("X-Amz-Target", TARGET);
        String token = identity instanceof AwsSessionCredentialsIdentity s ? s.sessionToken() : null;
        signer.sign(headers, body.bytes(), body.length(), identity.accessKeyId(), identity.secretAccessKey(), token,
                wallClock.instant());
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().uri(endpoint).method(SdkHttpMethod.POST)
                .encodedPath("/");
        headers.forEach(request::putHeader);
        request.putHeader("Content-Length", Integer.toString(body.length()));

        ResponseCollector response = new ResponseCollector();
        CompletableFuture<Void> exec;
        try {
            exec = http.execute(AsyncExecuteRequest.builder()
                    .request(request.build())
                    .requestContentPublisher(new BodyPublisher(body))
                    .responseHandler(response)
                    .build());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(asSdkException(e)); // e.g. the HTTP client is already closed
        }
        exec.whenComplete((v, e) -> {
            if (e != null) {
                response.fail(e);
            }
        });
        return response.result;
    }

    /** Gathers the status, headers and body; completes {@link #result} once the body has been read. */
    private static final class ResponseCollector implements SdkAsyncHttpResponseHandler, Subscriber<ByteBuffer> {
        final CompletableFuture<PutRecordsResponse> result = new CompletableFuture<>();
        private volatile SdkHttpResponse headers;
        private byte[] body = new byte[1024];
        private int length;

        @Override
        public void onHeaders(SdkHttpResponse response) {
            headers = response;
            response.firstMatchingHeader("Content-Length").ifPresent(v -> {
                try {
                    body = new byte[Math.max(16, Math.min(Integer.parseInt(v.trim()), 16 << 20))];
                } catch (NumberFormatException ignored) {
                    // keep the default size; the body still arrives in full
                }
            });
        }

        @Override
        public void onStream(org.reactivestreams.Publisher<ByteBuffer> stream) {
            stream.subscribe(this);
        }

        @Override
        public void onError(Throwable error) {
            fail(error);
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer chunk) {
            int k = chunk.remaining();
            if (length + k > body.length) {
                body = java.util.Arrays.copyOf(body, Math.max(length + k, body.length * 2));
            }
            chunk.get(body, length, k);
            length += k;
        }

        @Override
        public void onComplete() {
            SdkHttpResponse h = headers;
            if (h == null) {
                fail(SdkClientException.create("PutRecords: the response ended before its status line"));
            } else if (h.isSuccessful()) {
                try {
                    result.complete(PutRecordsJson.read(body, length));
                } catch (RuntimeException e) {
                    fail(SdkClientException.create("PutRecords: unreadable response (HTTP " + h.statusCode() + "): "
                            + e.getMessage(), e));
                }
            } else {
                result.completeExceptionally(ServiceErrors.of(h, body, length));
            }
        }

        void fail(Throwable error) {
            result.completeExceptionally(asSdkException(error));
        }
    }

    /**
     * Transport failures as the SDK client reports them (callers, metrics and tests see the same error codes on both
     * paths): a read or write timeout becomes {@link ApiCallAttemptTimeoutException}, anything else at the HTTP level
     * an {@link SdkClientException} whose message keeps the cause's ("Connection refused: /127.0.0.1:4567").
     */
    static Throwable asSdkException(Throwable error) {
        Throwable e = RetryPolicy.unwrap(error);
        if (e instanceof SdkException) {
            return e;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getClass().getSimpleName().endsWith("TimeoutException")
                    || (c instanceof java.io.IOException && String.valueOf(c.getMessage()).contains("timed out"))) {
                return ApiCallAttemptTimeoutException.builder()
                        .message("PutRecords got no response in time (request_timeout): " + e.getMessage())
                        .cause(e).build();
            }
        }
        return SdkClientException.create("Unable to execute HTTP request: " + e.getMessage(), e);
    }

    /** The request body as a one-element stream; each subscriber gets the whole body once. */
    private static final class BodyPublisher implements SdkHttpContentPublisher {
        private final PutRecordsJson.Body body;

        BodyPublisher(PutRecordsJson.Body body) {
            this.body = body;
        }

        @Override
        public Optional<Long> contentLength() {
            return Optional.of((long) body.length());
        }

        @Override
        public void subscribe(Subscriber<? super ByteBuffer> s) {
            AtomicBoolean done = new AtomicBoolean();
            s.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    if (!done.compareAndSet(false, true)) {
                        return;
                    }
                    if (n <= 0) {
                        s.onError(new IllegalArgumentException("request(" + n + "): must be positive (rule 3.9)"));
                        return;
                    }
                    s.onNext(ByteBuffer.wrap(body.bytes(), 0, body.length()));
                    s.onComplete();
                }

                @Override
                public void cancel() {
                    done.set(true);
                }
            });
        }
    }

    /** For tests: the Host header value signed and sent. */
    String host() {
        return host;
    }
}
