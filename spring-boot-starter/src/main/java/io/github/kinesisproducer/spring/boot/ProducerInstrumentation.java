package io.github.kinesisproducer.spring.boot;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.ProducerListener;

/**
 * Something that watches each auto-configured producer (the Micrometer meters): a listener given to the builder, then
 * the built producer. Kept behind this interface so that the factory never loads Micrometer's classes itself.
 */
interface ProducerInstrumentation {

    /** What one producer gets: its listener, and a call once it is built. */
    interface Attachment {
        ProducerListener listener();

        void attached(KinesisProducer producer);
    }

    /** What the producer named {@code name} gets; null when there is nothing to attach (no meter registry). */
    Attachment attach(String name, ProducerConfig config);
}
