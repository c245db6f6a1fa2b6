package io.github.kinesisproducer.internal.protocol;

import io.github.kinesisproducer.internal.http.Http11Client;
import io.github.kinesisproducer.internal.http.HttpTransport;
import io.github.kinesisproducer.internal.http.RequestSentException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * The producer's own Kinesis client: PutRecords, ListShards and DescribeStreamSummary as JSON 1.1 over our small HTTP/1.1 client
 * ({@link Http11Client}), signed by {@link SigV4}, bodies written and read by {@link PutRecordsJson} and
 * {@link ListShardsJson}. The SDK's generic pipeline (marshalling, Jackson, interceptors, netty's per-request handler
 * setup) cost several times more CPU per record than the whole producer engine, and building an SDK client (thousands
 * of classes, a netty event loop) cost more start-up time, memory and JIT work than everything else; only the SDK's
 * region, credentials and partition metadata are used. Errors come back as the SDK's general exception types
 * ({@code AwsServiceException} with the service's error code, {@code SdkClientException}, timeouts) with the codes and
 * messages an SDK client would report.
 */
public final class KinesisHttp implements KinesisTransport {
    public static final String PUT_RECORDS = "Kinesis_20131202.PutRecords";
    private static final String LIST_SHARDS = "Kinesis_20131202.ListShards";
    private static final String DESCRIBE_STREAM_SUMMARY = "Kinesis_20131202.DescribeStreamSummary";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final HttpTransport http;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final SigV4 signer;
    private final Clock wallClock;
    private final Runnable afterClose;
    /**
     * Body buffers of finished calls, reused: a call's body is about as large as the request (up to 5 MiB of data,
     * base64) and allocating a fresh one per call cost zeroing and GC work. At most {@link #MAX_SPARE_BUFFERS} kept.
     */
    private final java.util.concurrent.ConcurrentLinkedDeque<byte[]> spare =
            new java.util.concurrent.ConcurrentLinkedDeque<>();
    private static final int MAX_SPARE_BUFFERS = 4;
    /** Server time minus local time, learnt from a rejected signature; added to the signing time. */
    private volatile long clockSkewMillis;

    KinesisHttp(HttpTransport http, String region, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
            Clock wallClock) {
        this(http, region, credentials, wallClock, () -> { });
    }

    /** @param afterClose runs once the connections are closed (releases what was built with this client) */
    KinesisHttp(HttpTransport http, String region, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
            Clock wallClock, Runnable afterClose) {
        this.http = http;
        this.credentials = credentials;
        this.signer = new SigV4(region, "kinesis");
        this.wallClock = wallClock;
        this.afterClose = afterClose;
    }

    @Override
    public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
        try {
            PutRecordsJson.Body body = PutRecordsJson.write(request, this::buffer);
            CompletableFuture<PutRecordsResponse> result =
                    call(PUT_RECORDS, body.bytes(), body.length(), r -> PutRecordsJson.read(r.body(), r.body().length));
            // The HTTP exchange is over (written and answered, or its socket closed) when the call completes.
            CompletableFuture<?> unused = result.whenComplete((r, e) -> recycle(body.bytes()));
            return result;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public boolean marksSentRequests() {
        return true;
    }

    @Override
    public CompletableFuture<List<ListedShard>> listShards(String streamName) {
        return ShardPages.all(streamName, (stream, token) -> {
            byte[] request = ListShardsJson.request(stream, token);
            return call(LIST_SHARDS, request, request.length, r -> ListShardsJson.read(r.body(), r.body().length));
        });
    }

    /** Signed like the other calls, with the same request timeout; failures are retried by the caller's schedule. */
    @Override
    public CompletableFuture<StreamSummary> describeStreamSummary(String streamName) {
        byte[] request = StreamSummaryJson.request(streamName);
        return call(DESCRIBE_STREAM_SUMMARY, request, request.length,
                r -> StreamSummaryJson.read(r.body(), r.body().length));
    }

    private byte[] buffer(int atLeast) {
        byte[] b = spare.pollFirst();
        if (b != null && b.length >= atLeast) {
            return b;
        }
        // Round up so that a slightly larger body next time still fits.
        return new byte[(int) Math.min(Integer.MAX_VALUE - 8, ((long) atLeast + 0xFFFF) & ~0xFFFFL)];
    }

    private void recycle(byte[] b) {
        if (spare.size() < MAX_SPARE_BUFFERS) {
            spare.offerFirst(b);
        }
    }

    /** Closes the connections (calls in flight fail), then releases the credentials provider if it was ours. */
    @Override
    public void close() {
        try {
            http.close();
        } finally {
            afterClose.run();
        }
    }

    /** One signed call: the body is read by {@code parse} on success, an error status becomes the SDK's exception. */
    private <T> CompletableFuture<T> call(String target, byte[] body, int length,
            Function<HttpTransport.Response, T> parse) {
        CompletableFuture<? extends AwsCredentialsIdentity> identity;
        try {
            identity = credentials.resolveIdentity();
        } catch (RuntimeException e) {
            // Providers throw rather than fail the future (no credentials yet, an STS or SSO outage): a failed call,
            // retried like any other, never an exception out of the sender thread.
            return CompletableFuture.failedFuture(e);
        }
        return identity.thenCompose(id -> send(target, body, length, id, parse));
    }

    private <T> CompletableFuture<T> send(String target, byte[] body, int length, AwsCredentialsIdentity identity,
            Function<HttpTransport.Response, T> parse) {
        CompletableFuture<T> result = new CompletableFuture<>();
        long skew = clockSkewMillis;
        CompletableFuture<?> unused = post(target, body, length, identity, skew).whenComplete((response, error) -> {
            try {
                Long corrected = error == null ? clockSkewCorrection(response, skew) : null;
                if (corrected == null) {
                    settle(result, target, response, error, parse);
                    return;
                }
                // Signed with a clock minutes off the server's: sign again with the server's time, once, as the SDK
                // does. Every call signed with the old time gets here and is re-sent, not only the first to notice.
                clockSkewMillis = corrected;
                // settle completes the result; nothing waits on the future whenComplete returns.
                CompletableFuture<?> unusedRetry = post(target, body, length, identity, corrected)
                        .whenComplete((again, error2) -> settle(result, target, again, error2, parse));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    private static <T> void settle(CompletableFuture<T> result, String target, HttpTransport.Response response,
            Throwable error, Function<HttpTransport.Response, T> parse) {
        try {
            if (error != null) {
                result.completeExceptionally(asSdkException(error));
            } else {
                complete(result, target, response, parse);
            }
        } catch (Throwable t) { // a future left pending would keep its call "in flight" forever
            result.completeExceptionally(t);
        }
    }

    private CompletableFuture<HttpTransport.Response> post(String target, byte[] body, int length,
            AwsCredentialsIdentity identity, long skewMillis) {
        Map<String, String> headers = requestHeaders(http.hostHeader(), target, length);
        String token = identity instanceof AwsSessionCredentialsIdentity s ? s.sessionToken() : null;
        signer.sign(headers, http.path(), body, length, identity.accessKeyId(), identity.secretAccessKey(), token,
                wallClock.instant().plusMillis(skewMillis));
        return http.post(headers, body, length);
    }

    /**
     * Every header a call sends before signing, the signature's own headers aside: the signer adds X-Amz-Date,
     * X-Amz-Content-Sha256, X-Amz-Security-Token and Authorization, and signs all of these but User-Agent (the header
     * set the AWS SDK's signer produces for the same call; SigV4Test compares the two).
     */
    public static Map<String, String> requestHeaders(String host, String target, int length) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", host);
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("Content-Length", Integer.toString(length));
        headers.put("X-Amz-Target", target);
        headers.put("User-Agent", UserAgent.VALUE);
        return headers;
    }

    /**
     * If the response rejects the signature's time and its Date header shows that the clock used to sign (local time
     * plus {@code signedSkewMillis}) is more than a minute off the server's: the correction to sign with (server time
     * minus local time). Otherwise null.
     */
    Long clockSkewCorrection(HttpTransport.Response r, long signedSkewMillis) {
        if (r.status() < 400 || r.status() >= 500) {
            return null;
        }
        String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        if (!body.contains("RequestTimeTooSkewed") && !body.contains("RequestExpired")
                && !body.contains("Signature expired") && !body.contains("Signature not yet current")) {
            return null;
        }
        String date = r.headers().get("date");
        if (date == null) {
            return null;
        }
        try {
            long server = java.time.ZonedDateTime.parse(date, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant().toEpochMilli();
            long skew = server - wallClock.millis();
            return Math.abs(skew - signedSkewMillis) < 60_000 ? null : skew;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static <T> void complete(CompletableFuture<T> result, String target, HttpTransport.Response r,
            Function<HttpTransport.Response, T> parse) {
        if (r.status() >= 200 && r.status() < 300) {
            try {
                result.complete(parse.apply(r));
            } catch (RuntimeException e) {
                String operation = target.substring(target.indexOf('.') + 1);
                result.completeExceptionally(SdkClientException.create(operation + ": unreadable response (HTTP "
                        + r.status() + "): " + e.getMessage(), new RequestSentException(e)));
            }
            return;
        }
        SdkHttpFullResponse.Builder h = SdkHttpFullResponse.builder().statusCode(r.status());
        if (!r.reason().isEmpty()) {
            h.statusText(r.reason());
        }
        r.headers().forEach(h::putHeader);
        result.completeExceptionally(ServiceErrors.of(h.build(), r.body(), r.body().length));
    }

    /**
     * Transport failures as the SDK client reports them (callers, metrics and tests see the same error codes on both
     * paths): a read or write timeout becomes {@link ApiCallAttemptTimeoutException}, anything else at the HTTP level
     * an {@link SdkClientException} whose message keeps the cause's ("Connection refused: /127.0.0.1:4567").
     */
    public static Throwable asSdkException(Throwable error) {
        Throwable e = KinesisErrors.unwrap(error);
        if (e instanceof SdkException) {
            return e;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getClass().getSimpleName().endsWith("TimeoutException")
                    || (c instanceof java.io.IOException && String.valueOf(c.getMessage()).contains("timed out"))) {
                String why = e instanceof java.util.concurrent.TimeoutException ? e.getMessage()
                        : "no response in time (request_timeout): " + e.getMessage();
                return ApiCallAttemptTimeoutException.builder().message(why).cause(e).build();
            }
        }
        return SdkClientException.create("Unable to execute HTTP request: " + e.getMessage(), e);
    }
}
