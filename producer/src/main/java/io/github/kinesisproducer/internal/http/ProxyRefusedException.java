package io.github.kinesisproducer.internal.http;

import java.io.IOException;

/**
 * A proxy refused for good to open the way to Kinesis (a {@code CONNECT} answered with a {@code 4xx} other than
 * {@code 408} and {@code 429}, or a {@code 407} to a plain request): credentials or a destination the proxy does not
 * allow stay refused, so the records fail at once. The request never reached Kinesis. Other refusals ({@code 502},
 * {@code 503}: the proxy could not reach Kinesis this time) are plain {@link IOException}s, retried. The message names
 * the proxy, never its credentials.
 */
public final class ProxyRefusedException extends IOException implements PermanentFailure {
    private static final long serialVersionUID = 1L;

    /** Error code of a 407: the proxy wants credentials, or other ones. */
    public static final String AUTHENTICATION_FAILED = "ProxyAuthenticationFailed";
    /** Error code of the other permanent refusals (403, 405, ...). */
    public static final String REFUSED = "ProxyRefused";

    private final int status;

    private ProxyRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /**
     * The refusal in a proxy's answer, in words: a {@link ProxyRefusedException} if it is for good, else a plain
     * {@link IOException}.
     *
     * @param status the proxy's status code
     * @param reason its reason phrase
     * @param challenge its {@code Proxy-Authenticate} header, or null
     * @param destination what was asked for: {@code host:port} for CONNECT, the endpoint for a plain request
     */
    static IOException of(HttpProxy proxy, int status, String reason, String challenge,
            String destination) {
        String answer = status + (reason == null || reason.isBlank() ? "" : " " + reason.strip());
        String message;
        if (status == 407) {
            message = proxy.hasCredentials()
                    ? "the proxy " + proxy + " refused the user name and password given for it (" + answer
                            + "): correct them where the proxy is configured (" + proxy.source() + ")"
                    : "the proxy " + proxy + " requires authentication (" + answer
                            + (challenge == null ? "" : ", Proxy-Authenticate: " + challenge) + "): give a user "
                            + "name and password in proxy_url, e.g. http://USER:PASSWORD@" + proxy.address()
                                    .substring("http://".length());
            if (challenge != null && !challenge.toLowerCase(java.util.Locale.ROOT).contains("basic")) {
                message += "; it does not offer Basic authentication, the only scheme the producer speaks";
            }
        } else if (status >= 400 && status < 500) {
            message = "the proxy " + proxy + " refused to open the way to " + destination + " (" + answer
                    + "): the proxy does not allow it; ask its administrators, or add the endpoint to "
                    + "non_proxy_hosts if it can be reached directly";
        } else {
            message = "the proxy " + proxy + " could not open the way to " + destination + " (" + answer + ")";
        }
        message += "; nothing was sent to Kinesis";
        boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429;
        return permanent ? new ProxyRefusedException(status, message) : new IOException(message);
    }

    public int status() {
        return status;
    }

    @Override
    public String errorCode() {
        return status == 407 ? AUTHENTICATION_FAILED : REFUSED;
    }
}
