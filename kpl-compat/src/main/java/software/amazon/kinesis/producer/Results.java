package software.amazon.kinesis.producer;

import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * kinesis-producer's outcomes as the KPL's: {@link RecordResult} as a successful {@link UserRecordResult},
 * {@link RecordFailedException} as {@link UserRecordFailedException} with a failed result, anything else (a producer
 * destroyed before the record completed) as {@link KinesisProducerException}, as the KPL fails futures when its daemon
 * goes away.
 */
final class Results {
    private Results() {
    }

    static UserRecordResult success(RecordResult r, long addedAtMillis) {
        return new UserRecordResult(attempts(r.attempts(), addedAtMillis), r.sequenceNumber(), r.shardId(), true);
    }

    static KinesisProducerException failure(Throwable error, long addedAtMillis, long nowMillis, UserRecord record) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof RecordFailedException f) {
            List<Attempt> attempts = attempts(f.attempts(), addedAtMillis);
            if (attempts.isEmpty()) {
                // Failed before any request went out (BufferFull, a TTL spent waiting): one attempt
                // that says why, so that code reading the last attempt's error code finds it.
                attempts = List.of(new Attempt(millis(nowMillis - addedAtMillis), 0, f.getMessage(), f.errorCode(),
                        false));
            }
            return new UserRecordFailedException(new UserRecordResult(attempts, null, null, false), record);
        }
        return new KinesisProducerException(e, record); // e.g. ProducerClosedException: destroyed before completing
    }

    /**
     * The KPL's attempt timing: delay = the time before the attempt started (since the record was added for the first,
     * since the previous attempt ended for the others), duration = the request's time.
     */
    static List<Attempt> attempts(List<io.github.kinesisproducer.Attempt> ours, long addedAtMillis) {
        List<Attempt> out = new ArrayList<>(ours.size());
        long previousEnd = addedAtMillis;
        for (io.github.kinesisproducer.Attempt a : ours) {
            long start = a.start().toEpochMilli();
            long duration = a.duration().toMillis();
            out.add(new Attempt(millis(start - previousEnd), millis(duration), a.errorMessage(), a.errorCode(),
                    a.successful()));
            previousEnd = start + duration;
        }
        return List.copyOf(out);
    }

    private static int millis(long v) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, v));
    }
}
