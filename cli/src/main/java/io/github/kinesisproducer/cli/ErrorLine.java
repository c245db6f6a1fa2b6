package io.github.kinesisproducer.cli;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns a failed call into one line a person can act on: what was tried (the action, the stream, the endpoint and
 * region, the credentials' source) and what to do. SDK messages can run to 1,500 characters (the credentials chain
 * lists every provider it tried): they are never printed whole without {@code --verbose}.
 */
final class ErrorLine {
    /** Longest piece of a service's own message quoted in a line. */
    static final int MAX_QUOTE = 200;

    /**
     * What was being tried.
     *
     * @param action the Kinesis operation, e.g. {@code ListShards}
     * @param stream the stream, or null
     * @param region the region
     * @param endpoint the endpoint as a URL
     * @param credentials where credentials come from, e.g. {@code profile 'dev'}
     */
    record Target(String action, String stream, String region, String endpoint, String credentials) {
        Target withAction(String newAction) {
            return new Target(newAction, stream, region, endpoint, credentials);
        }

        private String where() {
            return endpoint + " (region " + region + ")";
        }
    }

    private ErrorLine() {
    }

    /** One line for {@code error}, naming the target; never null. */
    static String of(Throwable error, Target t) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            String line = service(e, t);
            if (line == null) {
                line = client(e, t);
            }
            if (line != null) {
                return line;
            }
        }
        return t.action() + " failed at " + t.where() + ": " + quote(Main.describe(error));
    }

    /** An error answer from the service, or null. */
    private static String service(Throwable e, Target t) {
        if (!(e instanceof AwsServiceException s) || s.awsErrorDetails() == null) {
            return null;
        }
        String code = s.awsErrorDetails().errorCode() == null ? "HTTP " + s.statusCode() : s.awsErrorDetails().errorCode();
        String message = s.awsErrorDetails().errorMessage() == null ? "" : s.awsErrorDetails().errorMessage();
        String said = " (" + code + (message.isBlank() ? "" : ": " + quote(message)) + ")";
        return switch (code) {
            case "ResourceNotFoundException" -> t.stream() != null
                    ? "stream '" + t.stream() + "' not found in region " + t.region() + " at " + t.endpoint()
                            + ": check --stream and --region (or --endpoint), or create it: kinesis-producer stream "
                            + "create " + t.stream() + " --shards 1"
                    : code + ": " + quote(message) + " (" + t.action() + " at " + t.where() + ")";
            case "AccessDeniedException" ->
                "access denied: " + t.action() + (t.stream() == null ? "" : " on stream '" + t.stream() + "'")
                        + " at " + t.where() + " is not allowed for the credentials from " + t.credentials() + said
                        + ": ask for the kinesis:" + t.action() + " permission, or use other credentials (--profile)";
            case "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignatureException",
                    "InvalidClientTokenId", "SignatureDoesNotMatch", "MissingAuthenticationToken" ->
                "the credentials from " + t.credentials() + " were refused by " + t.where() + said
                        + ": check the access key and secret, or use other credentials (--profile)";
            case "ExpiredTokenException", "ExpiredToken", "RequestExpired", "TokenRefreshRequired" ->
                "the credentials from " + t.credentials() + " have expired" + said + ": refresh them (for "
                        + "SSO: aws sso login) and try again";
            case "ResourceInUseException" ->
                t.stream() == null ? code + ": " + quote(message)
                        : "stream '" + t.stream() + "' is not ACTIVE" + said + ": wait until it is (kinesis-producer "
                                + "stream describe " + t.stream() + ")";
            default ->
                code + ": " + quote(message) + " (" + t.action()
                        + (t.stream() == null ? "" : " on stream '" + t.stream() + "'") + " at " + t.where() + ")";
        };
    }

    /** A failure on our side of the connection (network, TLS, credentials), or null. */
    private static String client(Throwable e, Target t) {
        if (e instanceof SSLException) {
            return "TLS with " + t.where() + " failed (" + quote(firstLine(e.getMessage())) + "): for a private CA, "
                    + "add it to Java's trust store (JAVA_OPTS=-Djavax.net.ssl.trustStore=...); a local emulator "
                    + "speaks http://";
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            String why = e.getMessage() == null ? "connection failed"
                    : firstLine(e.getMessage()).toLowerCase(Locale.ROOT).contains("refused") ? "connection refused"
                    : quote(firstLine(e.getMessage()));
            return "cannot connect to Kinesis at " + t.where() + ": " + why + ". Check --endpoint and --region"
                    + (isLocal(t.endpoint()) ? "; is the emulator running? (kinesis-producer emulator)" : "");
        }
        if (e instanceof UnknownHostException) {
            return "cannot connect to Kinesis at " + t.where() + ": unknown host " + quote(e.getMessage())
                    + ". Check --endpoint and --region, and the network's DNS";
        }
        if (e instanceof SocketTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || e instanceof ApiCallTimeoutException) {
            return "no answer from Kinesis at " + t.where() + " in time (" + t.action() + "): check the endpoint, "
                    + "the network and any firewall or proxy";
        }
        if (e instanceof SdkClientException && e.getMessage() != null && isCredentialsProblem(e.getMessage())) {
            return "no AWS credentials could be loaded from " + t.credentials() + ": set them (aws configure, aws "
                    + "sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) or pass --profile";
        }
        return null; // look at the cause: the errors above usually come wrapped
    }

    private static boolean isCredentialsProblem(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("unable to load credentials") || m.contains("no credentials")
                || m.contains("profile file contained no credentials") || (m.contains("credentials") && m.contains("profile"));
    }

    private static boolean isLocal(String endpoint) {
        return endpoint.contains("://127.") || endpoint.contains("://localhost") || endpoint.contains("://[::1]");
    }

    /** The first line of a service's text, cut to {@link #MAX_QUOTE} characters. */
    static String quote(String text) {
        String line = firstLine(text == null ? "" : text);
        return line.length() <= MAX_QUOTE ? line : line.substring(0, MAX_QUOTE - 3) + "...";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
