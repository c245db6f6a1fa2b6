package io.github.kinesisproducer.internal.http;

import javax.net.ssl.SSLHandshakeException;

/**
 * A TLS handshake that failed for a reason retrying cannot fix: the server's certificate is not accepted (expired,
 * for another host, from an untrusted authority) or no TLS version is shared. The records fail at once with
 * {@value #CODE} instead of being retried until {@code record_ttl}; nothing reached Kinesis. A handshake cut short by
 * the network stays a plain, retried {@link javax.net.ssl.SSLException}.
 */
public final class TlsRefusedException extends SSLHandshakeException implements PermanentFailure {
    private static final long serialVersionUID = 1L;
    /** The error code records fail with. */
    public static final String CODE = "TlsHandshakeRefused";

    TlsRefusedException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }

    @Override
    public String errorCode() {
        return CODE;
    }
}
