package io.github.kinesisproducer.spring.boot;

import io.github.kinesisproducer.Clock;
import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.ProducerMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Follows one producer's events (as its listener) and says how it is doing, for the actuator's health indicator,
 * whichever Spring Boot line provides that:
 * <ul>
 *   <li>{@code UNKNOWN} until the stream's shard map has loaded (the producer loads it at start);</li>
 *   <li>{@code DOWN} while the last shard-map load failed (the stream does not exist, the credentials are refused,
 *       the endpoint cannot be reached: the producer keeps retrying), while the last failed PutRecords call was
 *       refused for the credentials or could not connect and none has succeeded since, or while records have failed
 *       for good (time-to-live, attempts, a non-retriable error) and none has been stored since;</li>
 *   <li>{@code UP} otherwise: the shard map is loaded and records succeed (or none were sent yet).</li>
 * </ul>
 * Events run on the producer's sender thread and only update a few fields; {@link #check} reads them from any thread.
 */
final class ProducerHealth implements ProducerListener {

    /** What the health indicator shows. */
    enum Status { UP, DOWN, UNKNOWN }

    /** A status with its details, in the order they are shown. */
    record State(Status status, Map<String, Object> details) {
    }

    /** Error codes that mean the credentials or their permissions were refused. */
    private static final Set<String> CREDENTIAL_ERRORS = Set.of("UnrecognizedClientException",
            "InvalidSignatureException", "AccessDeniedException", "AccessDenied", "ExpiredTokenException",
            "ExpiredToken", "IncompleteSignatureException", "MissingAuthenticationTokenException",
            "InvalidClientTokenId", "SignatureDoesNotMatch");

    private final String stream;
    private final Clock clock;

    // Ordered by an event counter rather than by time, so that "since" never depends on the clock's resolution.
    private long events;
    private long shardMapLoadedAt;
    private long shardMapFailedAt;
    private int openShards;
    private String shardMapError;
    private String shardMapErrorMessage;
    private long storedAt;
    private long lastStoredMillis;
    private long requestFailedAt;
    private String requestError;
    private long failedAt;
    private String failedError;
    private long failedSinceStored;
    private long failedMillis;

    ProducerHealth(String stream, Clock clock) {
        this.stream = stream;
        this.clock = clock;
    }

    @Override
    public synchronized void shardMapLoaded(int shards) {
        shardMapLoadedAt = ++events;
        openShards = shards;
    }

    @Override
    public synchronized void shardMapLoadFailed(String errorCode, Throwable error) {
        shardMapFailedAt = ++events;
        shardMapError = errorCode;
        shardMapErrorMessage = error == null ? null : String.valueOf(error.getMessage());
    }

    @Override
    public synchronized void putRecordsCompleted(int kinesisRecords, int kinesisRecordsFailed, int userRecords,
            long bytes, Duration latency, String error) {
        if (error == null && kinesisRecordsFailed < kinesisRecords) {
            storedAt = ++events;
            lastStoredMillis = clock.wallMillis();
            failedSinceStored = 0;
        } else if (error != null && (CREDENTIAL_ERRORS.contains(error) || unreachable(error))) {
            // Throttling, 5xx and timeouts are left to the retries: they pass, and records failing for good show.
            requestFailedAt = ++events;
            requestError = error;
        }
    }

    @Override
    public synchronized void userRecordsFailed(String errorCode, int count) {
        failedAt = ++events;
        failedError = errorCode;
        failedSinceStored += count;
        failedMillis = clock.wallMillis();
    }

    /** The status now, with the producer's counters (from {@code metrics}) among the details. */
    synchronized State check(ProducerMetrics metrics) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("stream", stream);
        Status status;
        if (shardMapFailedAt > shardMapLoadedAt) {
            status = Status.DOWN;
            d.put("reason", reason(shardMapError, shardMapErrorMessage));
            d.put("error", shardMapError);
            d.put("message", shardMapErrorMessage);
        } else if (requestFailedAt > storedAt) {
            status = Status.DOWN;
            d.put("reason", reason(requestError, null));
            d.put("error", requestError);
        } else if (failedAt > storedAt) {
            status = Status.DOWN;
            d.put("reason", "records failed for good and none was stored since");
            d.put("error", failedError);
            d.put("failedRecordsSinceLastSuccess", failedSinceStored);
            d.put("lastFailure", Instant.ofEpochMilli(failedMillis).toString());
        } else if (shardMapLoadedAt == 0) {
            status = Status.UNKNOWN;
            d.put("reason", "the shard map has not loaded yet");
        } else {
            status = Status.UP;
        }
        if (shardMapLoadedAt > 0) {
            d.put("openShards", openShards);
        }
        if (storedAt > 0) {
            d.put("lastSuccess", Instant.ofEpochMilli(lastStoredMillis).toString());
        }
        d.put("userRecordsPut", metrics.userRecordsPut());
        d.put("userRecordsFailed", metrics.userRecordsFailed());
        d.put("bufferedRecords", metrics.bufferedRecords());
        d.put("inFlightRequests", metrics.inFlightRequests());
        d.put("recordDistribution", metrics.recordDistribution().name());
        return new State(status, d);
    }

    private static String reason(String code, String message) {
        if (code == null) {
            return "the shard map could not be loaded";
        }
        if ("ResourceNotFoundException".equals(code)) {
            return "the stream does not exist (check stream-name, region and endpoint)";
        }
        // No credentials at all is a client-side SdkClientException whose message says so.
        boolean aboutCredentials = message != null && message.toLowerCase(java.util.Locale.ROOT).contains("credential");
        if (aboutCredentials || CREDENTIAL_ERRORS.contains(code) || code.contains("Token")) {
            return "the credentials were refused or have no permission (kinesis:ListShards, kinesis:PutRecords)";
        }
        if (unreachable(code) || code.contains("Timeout") || code.contains("IOException")) {
            return "the endpoint cannot be reached";
        }
        return "Kinesis refused the call";
    }

    /** Error codes of a call that found no endpoint to talk to: refused, unresolvable or unroutable. */
    private static boolean unreachable(String code) {
        return code.contains("Connect") || code.contains("UnknownHost") || code.contains("NoRouteToHost")
                || code.equals("SdkClientException");
    }
}
