package com.amazonaws.services.kinesis.producer;

/**
 * Thrown by {@link KinesisProducer} methods called after {@link KinesisProducer#destroy()}: the KPL throws it when its
 * daemon is gone, which is what a destroyed producer is here.
 */
public class DaemonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DaemonException(String message) {
        super(message);
    }
}
