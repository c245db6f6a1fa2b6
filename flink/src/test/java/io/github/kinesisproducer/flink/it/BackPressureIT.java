package io.github.kinesisproducer.flink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.test.LocalKinesisExtension;
import io.github.kinesisproducer.test.LocalStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job much faster than the stream: the producer's per-shard rate limit (set to 20 % of a shard's write limits,
 * standing in for a stream at its limit: kinesalite does not throttle) holds the sink back, its buffer fills to its
 * cap, the writer blocks the task, and Flink back-pressures the source. Memory stays within the cap and every record
 * arrives.
 */
class BackPressureIT {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();
    private static final int N = 20_000;
    private static final int MAX_BUFFERED_RECORDS = 1_000;
    private static final long MAX_BUFFERED_BYTES = 1024 * 1024;

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkTestCluster.extension(REPORTER);
    @RegisterExtension
    static final LocalKinesisExtension KINESIS = new LocalKinesisExtension();

    @Test
    void aJobFasterThanTheStreamIsHeldBackWithBoundedMemoryAndLosesNothing() throws Exception {
        LocalStream stream = KINESIS.createStream("flink-backpressure", 1);
        StreamExecutionEnvironment env = FlinkTestCluster.env(0);
        // An unthrottled source; the sink in a task of its own, so that Flink measures the source's back-pressure.
        env.fromSequence(0, N - 1).map(Records::payload)
                .sinkTo(FlinkTestCluster.sink(stream.name(), stream.endpoint()).partitionKey(Records::keyOf)
                        .producerConfig(c -> c.rateLimitPercent(20).maxBufferedRecords(MAX_BUFFERED_RECORDS)
                                .maxBufferedBytes(MAX_BUFFERED_BYTES)).build())
                .disableChaining();
        JobExecutionResult result = env.execute("back-pressure");

        long peakRecords = FlinkTestCluster.max(REPORTER, result.getJobID(), "kinesisProducer.bufferedRecordsPeak");
        long peakBytes = FlinkTestCluster.max(REPORTER, result.getJobID(), "kinesisProducer.bufferedBytesPeak");
        long blocked = FlinkTestCluster.sum(REPORTER, result.getJobID(), "kinesisProducer.sendBlocked");
        long blockedMs = FlinkTestCluster.sum(REPORTER, result.getJobID(), "kinesisProducer.sendBlockedTimeMs");
        long backPressuredMs = FlinkTestCluster.sum(REPORTER, result.getJobID(), "accumulateBackPressuredTimeMs");
        System.out.printf("FLINK-IT back-pressure: %d records; the writers waited for buffer space %d times, %d ms in "
                + "all; buffer peak %d records (cap %d) / %d bytes (cap %d); Flink counted %d ms of back-pressure%n",
                N, blocked, blockedMs, peakRecords, MAX_BUFFERED_RECORDS, peakBytes, MAX_BUFFERED_BYTES,
                backPressuredMs);
        assertThat(blocked).as("the writers waited for buffer space").isPositive();
        assertThat(peakRecords).as("the buffer filled up to its cap and no further").isBetween(
                (long) MAX_BUFFERED_RECORDS * 9 / 10, (long) MAX_BUFFERED_RECORDS);
        assertThat(peakBytes).isLessThanOrEqualTo(MAX_BUFFERED_BYTES);
        assertThat(backPressuredMs).as("Flink saw the source back-pressured").isPositive();

        Map<Long, Integer> seen = new HashMap<>();
        try (StreamAdmin admin = StreamAdmin.forEndpoint(stream.endpoint())) {
            for (KclReadBack.Read r : KclReadBack.read(admin, stream.name()).records()) {
                seen.merge(Records.index(r.text()), 1, Integer::sum);
            }
        }
        assertThat(seen).hasSize(N);
        assertThat(seen.values()).allMatch(c -> c == 1);
        assertThat(FlinkTestCluster.sum(REPORTER, result.getJobID(), "numRecordsSendErrors")).isZero();
    }
}
