package io.github.kinesisproducer.internal.http;

import java.io.IOException;

/**
 * In the cause chain of a failed call whose request went out whole but got no usable answer (a timeout, a connection
 * lost while waiting, a success response that could not be read): Kinesis may have stored its records. Failures
 * without it, from our own transport, happened before the request was complete, so nothing was stored.
 */
public final class RequestSentException extends IOException {
    private static final long serialVersionUID = 1L;

    public RequestSentException(Throwable cause) {
        super("the request was sent; no usable answer: " + cause.getMessage(), cause);
    }
}
