package io.github.kinesisproducer.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How to create the stream for a {@link LocalStream} parameter: {@code void sends(@StreamSpec(shards = 4) LocalStream
 * orders)}. Without it: one shard, prefix {@code test}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface StreamSpec {
    /** Open shards, each with an even part of the hash key range (as {@code CreateStream} makes them). */
    int shards() default 1;

    /** The start of the stream's name; a random suffix keeps it unique in the shared emulator. */
    String prefix() default "test";
}
