package io.github.kinesisproducer.internal.protocol;

import io.github.kinesisproducer.internal.http.PermanentFailure;
import io.github.kinesisproducer.internal.http.ProxyRefusedException;
import io.github.kinesisproducer.internal.http.RequestSentException;
import io.github.kinesisproducer.internal.http.TlsRefusedException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one table of Kinesis error codes (kinesis-facts §6): for each code, whether a record that failed with it is
 * retried, retried after a throttling backoff, or failed, and for the failing ones what the user can do about it. Also
 * reads the code, message and delivery verdict out of an exception from either client (ours or an SDK client).
 */
public final class KinesisErrors {
    /** What to do with a record that failed with a code. */
    public enum Decision {
        RETRY, RETRY_THROTTLED, FAIL
    }

    public static final String THROTTLED = "ProvisionedThroughputExceededException";

    private static final String CREDENTIALS_REJECTED = "the credentials were rejected: check the access key and secret";
    private static final String KMS = "the stream's KMS key is not usable: check the key's state and the key policy";
    private static final String REFUSED = "Kinesis refused the request and retrying would not help";

    private record Code(Decision decision, String hint) {
    }

    private static final Map<String, Code> CODES = new HashMap<>();

    static {
        add(Decision.RETRY_THROTTLED, null, THROTTLED, "ThrottlingException", "Throttling", "LimitExceededException",
                "KMSThrottlingException", "RequestLimitExceeded", "SlowDown", "TooManyRequestsException");
        add(Decision.RETRY, null, "InternalFailure", "InternalFailureException", "ServiceUnavailable",
                "ServiceUnavailableException", "InternalServerError", "RequestTimeout", "RequestTimeoutException",
                "ExpiredTokenException", "ExpiredToken", "IDPCommunicationError");
        add(Decision.FAIL, "the stream does not exist: check stream_name, aws_region and endpoint_url, or create it",
                "ResourceNotFoundException");
        add(Decision.FAIL, "the credentials may not write to it: grant kinesis:PutRecords and kinesis:ListShards",
                "AccessDeniedException", "AccessDenied");
        add(Decision.FAIL, "Kinesis rejected the request as invalid (record or request too large for the stream?)",
                "ValidationException", "InvalidArgumentException");
        add(Decision.FAIL, CREDENTIALS_REJECTED, "UnrecognizedClientException", "InvalidSignatureException");
        add(Decision.FAIL, KMS, "KMSDisabledException", "KMSInvalidStateException", "KMSNotFoundException",
                "KMSAccessDeniedException", "KMSOptInRequired");
        // Connection failures of our own client that retrying cannot fix (their messages say what is wrong).
        add(Decision.FAIL, "the proxy wants credentials, or other ones: set them in proxy_url (or the proxy setting "
                + "the producer used)", ProxyRefusedException.AUTHENTICATION_FAILED);
        add(Decision.FAIL, "the proxy does not allow this destination: ask its administrators, or list the endpoint "
                + "in non_proxy_hosts if it is reachable directly", ProxyRefusedException.REFUSED);
        add(Decision.FAIL, "the endpoint's TLS certificate is not accepted: check endpoint_url, the JVM's trust store "
                + "or tlsTrustManager", TlsRefusedException.CODE);
        add(Decision.FAIL, REFUSED, "MissingAuthenticationToken", "IncompleteSignature", "InvalidClientTokenId",
                "SerializationException", "ResourceInUseException", "NotAuthorized", "OptInRequired");
    }

    private KinesisErrors() {
    }

    private static void add(Decision decision, String hint, String... codes) {
        for (String c : codes) {
            CODES.put(c, new Code(decision, hint));
        }
    }

    private static Code lookup(String code) {
        Code c = CODES.get(code);
        if (c == null && code.startsWith("KMS")) {
            c = new Code(Decision.FAIL, KMS); // a KMS code newer than this table: the key is the problem all the same
        }
        return c;
    }

    /** Decision for a per-record {@code ErrorCode} in a PutRecords response, or for a service error code. */
    public static Decision classifyCode(String code) {
        if (code == null) {
            return Decision.RETRY;
        }
        Code c = lookup(code);
        // InternalFailure and anything unknown: retry, bounded by attempts and time-to-live.
        return c == null ? Decision.RETRY : c.decision();
    }

    /** What the user can do about a code that fails records (a general sentence for codes not in the table). */
    public static String hint(String code) {
        Code c = code == null ? null : lookup(code);
        return c == null || c.hint() == null ? REFUSED : c.hint();
    }

    /** Decision for an exception that failed a whole request. */
    public static Decision classify(Throwable error) {
        Throwable e = unwrap(error);
        if (permanentFailure(e) != null) {
            return Decision.FAIL;
        }
        if (e instanceof AwsServiceException service) {
            if (service.isThrottlingException()) {
                return Decision.RETRY_THROTTLED;
            }
            String code = errorCode(service);
            if (code != null && lookup(code) != null) {
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
    public static String codeOf(Throwable error) {
        Throwable e = unwrap(error);
        PermanentFailure permanent = permanentFailure(e);
        if (permanent != null) {
            return permanent.errorCode();
        }
        if (e instanceof AwsServiceException service) {
            String code = errorCode(service);
            return code != null ? code : "HTTP " + service.statusCode();
        }
        return e.getClass().getSimpleName();
    }

    public static String messageOf(Throwable error) {
        Throwable e = unwrap(error);
        String m = e instanceof AwsServiceException s && s.awsErrorDetails() != null
                && s.awsErrorDetails().errorMessage() != null ? s.awsErrorDetails().errorMessage() : e.getMessage();
        return m == null ? e.getClass().getName() : m;
    }

    /**
     * True if a call that failed with {@code error} may still have stored its records: the request went out and no
     * answer from Kinesis says otherwise. A 4xx answer (throttling, validation, signature) stored nothing; a 5xx
     * answer may come after the service, or a gateway in front of it, acted on the request, so it counts as unknown.
     * For a transport that marks sent requests, a failure without the mark happened before the request was complete
     * and stored nothing. For other transports any failure but a refused or unresolvable connection counts as
     * unknown: better a "may have been stored" too many than too few.
     */
    public static boolean maybeStored(Throwable error, boolean transportMarksSent) {
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

    /** A connection failure in the cause chain that retrying cannot fix (a refused certificate or proxy), or null. */
    private static PermanentFailure permanentFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PermanentFailure p) {
                return p;
            }
        }
        return null;
    }

    /** The error inside the wrappers that futures put around it. */
    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Codes in the table, for tests. */
    static List<String> codes() {
        return List.copyOf(CODES.keySet());
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
