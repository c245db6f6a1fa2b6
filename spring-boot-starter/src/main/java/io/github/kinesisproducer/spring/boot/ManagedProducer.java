package io.github.kinesisproducer.spring.boot;

import io.github.kinesisproducer.KinesisProducer;

/**
 * An auto-configured producer with what the starter keeps beside it.
 *
 * @param name {@code default}, or the key under {@code kinesis.producer.producers}
 * @param producer the bean
 * @param health its health tracker (also one of its listeners)
 */
record ManagedProducer(String name, KinesisProducer producer, ProducerHealth health) {

    /** The status with details, for the health indicators. */
    ProducerHealth.State check() {
        return health.check(producer.metrics());
    }
}
