package io.github.kinesisproducer.internal;

import io.github.kinesisproducer.ProducerConfig;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.DoubleSupplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Classifies Kinesis errors (kinesis-facts §6) and computes jittered exponential backoff. Throttling gets its
 * own, longer base so that a hot shard has time to recover.
 */
final class RetryPolicy {
    /** What to do with a failed record. */
    enum Decision {
        RETRY, RETRY_THROTTLED, FAIL
    }

    static final String THROTTLED = "ProvisionedThroughputExceededException";

    private static final Set<String> THROTTLING_CODES = Set.of(THROTTLED, "ThrottlingException", "Throttling",
            "LimitExceededException", "KMSThrottlingException", "RequestLimitExceeded", "SlowDown",
            "TooManyRequestsException");
    private static final Set<String> RETRIABLE_CODES = Set.of("InternalFailure", "InternalFailureException",
            "ServiceUnavailable", "ServiceUnavailableException", "InternalServerError", "RequestTimeout",
            "RequestTimeoutException", "ExpiredTokenException", "ExpiredToken", "IDPCommunicationError");
    private static final Set<String> FATAL_CODES = Set.of("ResourceNotFoundException", "AccessDeniedException",
            "AccessDenied", "ValidationException", "InvalidArgumentException", "KMSDisabledException",
            "KMSInvalidStateException", "KMSNotFoundException", "KMSAccessDeniedException", "KMSOptInRequired",
            "UnrecognizedClientException", "InvalidSignatureException", "MissingAuthenticationToken",
            "IncompleteSignature", "InvalidClientTokenId", "SerializationException", "ResourceInUseException",
            "NotAuthorized", "OptInRequired");

    private final long retryBaseNanos;
    private final long throttleBaseNanos;
    private final long maxBackoffNanos;
    private final DoubleSupplier random;

    RetryPolicy(ProducerConfig config, DoubleSupplier random) {
        this.retryBaseNanos = config.retryBackoff().toNanos();
        this.throttleBaseNanos = config.throttleBackoff().toNanos();
        this.maxBackoffNanos = config.maxBackoff().toNanos();
        this.random = random;
    }

    /** Decision for a per-record {@code ErrorCode} in a PutRecords response, or for a service error code. */
    static Decision classifyCode(String code) {
        if (code == null) {
            return Decision.RETRY;
        }
        if (THROTTLING_CODES.contains(code)) {
            return Decision.RETRY_THROTTLED;
        }
        if (FATAL_CODES.contains(code) || code.startsWith("KMS")) {
            return Decision.FAIL;
        }
        // InternalFailure and anything unknown: retry, bounded by attempts and time-to-live.
        return Decision.RETRY;
    }

    /** Decision for an exception that failed a whole request. */
    static Decision classify(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof AwsServiceException service) {
            if (service.isThrottlingException()) {
                return Decision.RETRY_THROTTLED;
            }
            String code = errorCode(service);
            if (code != null && (THROTTLING_CODES.contains(code) || RETRIABLE_CODES.contains(code)
                    || FATAL_CODES.contains(code) || code.startsWith("KMS"))) {
                return classifyCode(code);
            }
            int status = service.statusCode();
            if (status >= 500 || status == 408 || status == 429) {
                return status == 429 ? Decision.RETRY_THROTTLED : Decision.RETRY;
            }
            return Decision.FAIL; // other 4xx: the request itself is wrong and will stay wrong
        }
        if (e instanceof SdkClientException || e instanceof java.io.IOException
                || e instanceof java.util.concurrent.TimeoutException) {
            return Decision.RETRY; // connection refused or reset, timeouts: the endpoint may come back
        }
        return Decision.FAIL;
    }

    /** A short error code for an attempt record: the service's code, or the exception's simple class name. */
    static String codeOf(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof AwsServiceException service) {
            String code = errorCode(service);
            return code != null ? code : "HTTP " + service.statusCode();
        }
        return e.getClass().getSimpleName();
    }

    /**
     * True if a call that failed with {@code error} may still have stored its records: the request went out and no
     * answer from Kinesis says otherwise. A 4xx answer (throttling, validation, signature) stored nothing; a 5xx
     * answer may come after the service, or a gateway in front of it, acted on the request, so it counts as unknown.
     * For a transport that marks sent requests, a failure without the mark happened before the request was complete
     * and stored nothing. For other transports any failure but a refused or unresolvable connection counts as
     * unknown: better a "may have been stored" too many than too few.
     */
    static boolean maybeStored(Throwable error, boolean transportMarksSent) {
        Throwable e = unwrap(error);
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof RequestSentException) {
                return true;
            }
        }
        if (e instanceof AwsServiceException service) {
            return service.statusCode() >= 500;
        }
        if (transportMarksSent) {
            return false;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.ConnectException || c instanceof java.net.UnknownHostException
                    || c instanceof java.net.NoRouteToHostException) {
                return false;
            }
        }
        return true;
    }

    static String messageOf(Throwable error) {
        Throwable e = unwrap(error);
        String m = e instanceof AwsServiceException s && s.awsErrorDetails() != null
                && s.awsErrorDetails().errorMessage() != null ? s.awsErrorDetails().errorMessage() : e.getMessage();
        return m == null ? e.getClass().getName() : m;
    }

    /**
     * Backoff before the next attempt: base·2^(attempts−1), capped, with "equal jitter" (half fixed, half random),
     * so retries spread out but never come back at once.
     */
    long backoffNanos(int attemptsSoFar, boolean throttled) {
        long base = throttled ? throttleBaseNanos : retryBaseNanos;
        int shift = Math.min(Math.max(attemptsSoFar - 1, 0), 30);
        long exp = base > (maxBackoffNanos >> shift) ? maxBackoffNanos : Math.min(maxBackoffNanos, base << shift);
        long half = exp / 2;
        return half + (long) (random.getAsDouble() * (exp - half));
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
