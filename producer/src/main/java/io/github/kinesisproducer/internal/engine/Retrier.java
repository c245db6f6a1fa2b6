package io.github.kinesisproducer.internal.engine;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.internal.protocol.KinesisErrors;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Decides what happens to a Kinesis record after a failed attempt: fail it (non-retriable error, attempts used up,
 * or its time-to-live would run out before the next attempt) or schedule it again after a jittered backoff. Holds
 * the records waiting out their backoff. A throttled record also slows its shard down. Sender thread only.
 */
final class Retrier {
    private final ProducerConfig config;
    private final String stream;
    private final RetryPolicy policy;
    private final ShardRateLimiter limiter;
    private final ProducerStats stats;
    private final Listeners listener;
    private final Completions completions;
    private final ReadyQueue ready;
    private final PriorityQueue<OutRecord> waiting =
            new PriorityQueue<>((a, b) -> Long.compare(a.notBeforeNanos, b.notBeforeNanos));

    Retrier(ProducerConfig config, String stream, RetryPolicy policy, ShardRateLimiter limiter, ProducerStats stats,
            Listeners listener, Completions completions, ReadyQueue ready) {
        this.config = config;
        this.stream = stream;
        this.policy = policy;
        this.limiter = limiter;
        this.stats = stats;
        this.listener = listener;
        this.completions = completions;
        this.ready = ready;
    }

    /** An attempt of {@code r} failed with {@code code}; it has already been recorded in {@code r.attempts}. */
    void onFailure(OutRecord r, KinesisErrors.Decision d, String code, String message, Throwable cause, long now) {
        stats.error(code);
        if (d == KinesisErrors.Decision.RETRY_THROTTLED) {
            stats.throttles.increment();
            limiter.onThrottled(r.shardKey(), now);
            listener.throttled(r.shardKey());
        }
        if (d == KinesisErrors.Decision.FAIL) {
            String text = Failures.describe(config, stream, code, message);
            completions.fail(r, x -> Failures.failed(text, code, r, x, false, cause));
            return;
        }
        if (r.attemptCount() >= config.maxAttempts()) {
            String text = "gave up after " + r.attemptCount() + " attempts (kinesis_max_retries="
                    + config.maxAttempts() + ") on stream '" + stream + "'; last error " + code + ": " + message;
            completions.fail(r, x -> Failures.failed(text, code, r, x, true, cause));
            return;
        }
        long delay = policy.backoffNanos(r.attemptCount(), d == KinesisErrors.Decision.RETRY_THROTTLED);
        if (now + delay >= r.deadlineNanos) {
            expire(r);
            return;
        }
        stats.retries.increment();
        listener.retryScheduled(code, r.records.length);
        r.notBeforeNanos = now + delay;
        if (config.strictOrdering()) {
            ready.addFirst(r); // holds back the later records of its shard until it is done
        } else {
            waiting.add(r);
        }
    }

    /** Fails a record whose time-to-live ran out (or would before its next attempt). */
    void expire(OutRecord r) {
        String last = r.attempts.isEmpty() ? "never sent (rate limits or ordering held it back)"
                : "last error " + r.attempts.get(r.attempts.size() - 1).errorCode() + ": "
                        + r.attempts.get(r.attempts.size() - 1).errorMessage();
        String text = "record_ttl of " + config.recordTtl().toMillis() + " ms ran out after " + r.attemptCount()
                + " attempts on stream '" + stream + "'; " + last;
        completions.fail(r, x -> Failures.failed(text, Failures.EXPIRED, r, x, true, null));
    }

    /**
     * Moves records whose backoff is over to the head of their shard's ready queue, in the order their backoffs
     * ended. Ahead of what was sealed after them: they are older and have less of their time-to-live left, and at the
     * tail of a backlog held at the shard's rate limit (100,000 buffered records drain in ~17 s at 4 shards) they
     * expired before their second attempt. Going first also keeps per-key order closer to the send order.
     */
    void releaseDue(long now) {
        if (waiting.isEmpty() || waiting.peek().notBeforeNanos > now) {
            return;
        }
        List<OutRecord> due = new ArrayList<>();
        while (!waiting.isEmpty() && waiting.peek().notBeforeNanos <= now) {
            due.add(waiting.poll());
        }
        for (int i = due.size() - 1; i >= 0; i--) {
            ready.addFirst(due.get(i));
        }
    }

    long nextWakeNanos() {
        return waiting.isEmpty() ? Long.MAX_VALUE : waiting.peek().notBeforeNanos;
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** Takes out the waiting records of shards matching the predicate (a reshard closed them). */
    void removeShards(Predicate<String> which, List<OutRecord> into) {
        for (Iterator<OutRecord> it = waiting.iterator(); it.hasNext(); ) {
            OutRecord r = it.next();
            if (which.test(r.shardKey())) {
                it.remove();
                into.add(r);
            }
        }
    }

    /** Hands over (and forgets) every record waiting out its backoff. */
    void drainAll(java.util.function.Consumer<OutRecord> to) {
        waiting.forEach(to);
        waiting.clear();
    }

    void abort(RuntimeException reason) {
        waiting.forEach(r -> completions.fail(r, x -> reason));
        waiting.clear();
    }
}
