package io.github.kinesisproducer.flink;

import java.io.Serializable;

/**
 * A function of a stream element that Flink ships to its task managers with the sink (so it must be serializable):
 * the partition key, the explicit hash key or the target stream of a record.
 *
 * <pre>{@code
 * .partitionKey(order -> order.customerId())
 * .explicitHashKey(order -> order.shardHashKey())     // optional
 * }</pre>
 *
 * <p>It runs on the task thread for every record, so keep it cheap; an exception it throws fails the job as a bad
 * record does.
 *
 * @param <T> the element type
 * @param <R> what it computes (a key or a stream name)
 */
@FunctionalInterface
public interface ElementFunction<T, R> extends Serializable {
    /** The value for {@code element}. */
    R apply(T element);
}
