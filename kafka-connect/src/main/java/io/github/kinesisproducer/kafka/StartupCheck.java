package io.github.kinesisproducer.kafka;

import io.github.kinesisproducer.ProducerListener;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails a starting task when its stream is missing or its credentials are refused, instead of letting every record
 * fail 30 s later. It listens for the producer's first shard map of {@code kinesis.stream} (the producer loads it at
 * start): loaded, the task starts; a missing stream or refused credentials, the task fails with what to fix; anything
 * else (an endpoint not answering yet) is the producer's to retry, and the task starts with a warning.
 *
 * <p>The producer loads a mapped stream's shard map with the stream's first record, not at start: such a stream's
 * missing or refused shard map is kept here, and the task fails at its next {@code put} or commit naming the stream
 * and {@code kinesis.stream.mapping} ({@link #throwIfMappedStreamFailed}).
 */
final class StartupCheck implements ProducerListener {
    private static final Logger LOG = LoggerFactory.getLogger(StartupCheck.class);
    private static final Set<String> MISSING = Set.of("ResourceNotFoundException");
    private static final Set<String> REFUSED = Set.of("AccessDeniedException", "UnrecognizedClientException",
            "InvalidSignatureException", "IncompleteSignature", "IncompleteSignatureException",
            "MissingAuthenticationToken", "MissingAuthenticationTokenException", "ExpiredTokenException",
            "InvalidClientTokenId", "KMSAccessDeniedException");

    private final String defaultStream;
    private final CountDownLatch settled = new CountDownLatch(1);
    private final Map<String, String> mappedFailures = new ConcurrentHashMap<>();
    private volatile String fatalCode;
    private volatile Throwable fatalError;
    private volatile String lastTransient;

    /** @param defaultStream {@code kinesis.stream}, the stream checked at start */
    StartupCheck(String defaultStream) {
        this.defaultStream = defaultStream;
    }

    @Override
    public void shardMapLoadFailed(String stream, String errorCode, Throwable error) {
        if (stream == null || stream.equals(defaultStream)) {
            shardMapLoadFailed(errorCode, error);
        } else if (MISSING.contains(errorCode)) {
            mappedFailures.putIfAbsent(stream, "Kinesis stream " + stream + " does not exist (" + errorCode + ")");
        } else if (REFUSED.contains(errorCode)) {
            mappedFailures.putIfAbsent(stream, "Kinesis refused this task's credentials for stream " + stream + " ("
                    + errorCode + ": " + error.getMessage() + "); the task needs kinesis:ListShards, "
                    + "kinesis:DescribeStreamSummary and kinesis:PutRecords on it");
        }
    }

    @Override
    public void shardMapLoaded(String stream, int openShards) {
        if (stream == null || stream.equals(defaultStream)) {
            shardMapLoaded(openShards);
        }
    }

    /**
     * @throws ConnectException if a stream other than {@code kinesis.stream} turned out missing or refused
     */
    void throwIfMappedStreamFailed(StreamRouting routing, String where) {
        if (mappedFailures.isEmpty()) {
            return;
        }
        Map.Entry<String, String> f = mappedFailures.entrySet().iterator().next();
        throw new ConnectException(f.getValue() + " " + where + "; topics " + routing.topicsFor(f.getKey())
                + " are mapped to it. Create it, or fix " + KinesisSinkConfig.STREAM_MAPPING + ".");
    }

    @Override
    public void shardMapLoaded(int openShards) {
        settled.countDown();
    }

    @Override
    public void shardMapLoadFailed(String errorCode, Throwable error) {
        if (MISSING.contains(errorCode) || REFUSED.contains(errorCode)) {
            fatalError = error;
            fatalCode = errorCode;
            settled.countDown();
        } else {
            lastTransient = errorCode + ": " + error;
        }
    }

    /**
     * Waits up to {@code timeout} for the first shard map.
     *
     * @throws ConnectException if the stream is missing or the credentials are refused
     */
    void await(Duration timeout, String stream, String where) {
        if (timeout.isZero()) {
            return;
        }
        boolean done;
        try {
            done = settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while checking Kinesis stream " + stream, e);
        }
        String code = fatalCode;
        if (code != null && MISSING.contains(code)) {
            throw new ConnectException("Kinesis stream " + stream + " does not exist " + where + " ("
                    + code + "). Create it, or fix kinesis.stream, kinesis.region or kinesis.endpoint.", fatalError);
        }
        if (code != null) {
            throw new ConnectException("Kinesis refused this task's credentials for stream " + stream + " " + where
                    + " (" + code + ": " + fatalError.getMessage() + "). The task needs kinesis:ListShards, "
                    + "kinesis:DescribeStreamSummary and kinesis:PutRecords on the stream (and kms:GenerateDataKey "
                    + "for an encrypted stream); check kinesis.credentials.profile, kinesis.access.key.id, "
                    + "kinesis.role.arn or the worker's default credentials.", fatalError);
        }
        if (!done) {
            LOG.warn("Kinesis stream {} {}: no shard list after {} ms ({}); starting anyway, the producer keeps "
                    + "trying", stream, where, timeout.toMillis(),
                    lastTransient == null ? "no answer yet" : "last error " + lastTransient);
        }
    }
}
