package io.github.kinesisproducer.internal.http;

/**
 * Implemented by connection failures that retrying cannot fix (a certificate the client does not accept, a proxy that
 * refuses the credentials or the destination): the records fail at once, with this error code, instead of being
 * retried until {@code record_ttl} runs out. Nothing of such a request reached Kinesis.
 */
public interface PermanentFailure {
    /** The error code records fail with, e.g. {@code ProxyAuthenticationFailed}. */
    String errorCode();
}
