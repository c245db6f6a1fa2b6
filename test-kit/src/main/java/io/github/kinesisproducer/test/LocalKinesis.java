package io.github.kinesisproducer.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against a local Kinesis emulator (kinesalite on 127.0.0.1, one per JVM): shorthand for
 * {@code @ExtendWith(LocalKinesisExtension.class)}. Test and lifecycle methods then take parameters of type
 * {@link LocalStream} (a new stream, see {@link StreamSpec}), {@link io.github.kinesisproducer.Producer} or
 * {@link io.github.kinesisproducer.KinesisProducer} (a producer for the test's stream), {@link RecordReader} (reads the
 * test's stream back) and {@link java.net.URI} (the emulator's endpoint). See {@link LocalKinesisExtension}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(LocalKinesisExtension.class)
public @interface LocalKinesis {
}
