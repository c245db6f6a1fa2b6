package io.github.kinesisproducer.flink.internal;

import io.github.kinesisproducer.KinesisProducerException;

/** A record whose stream this sink cannot write to (see {@link StreamRouter}); nothing was sent. */
public final class UnroutableRecordException extends KinesisProducerException {
    private static final long serialVersionUID = 1L;

    public UnroutableRecordException(String message) {
        super(message);
    }
}
