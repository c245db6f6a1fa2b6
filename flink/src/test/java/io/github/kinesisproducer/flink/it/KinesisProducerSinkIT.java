package io.github.kinesisproducer.flink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.flink.RecordFailurePolicy;
import io.github.kinesisproducer.flink.RecordNotDeliveredException;
import io.github.kinesisproducer.test.LocalKinesisExtension;
import io.github.kinesisproducer.test.LocalStream;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** Real Flink jobs on a MiniCluster writing to kinesalite, read back shard by shard through the KCL. */
class KinesisProducerSinkIT {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkTestCluster.extension(REPORTER);
    @RegisterExtension
    static final LocalKinesisExtension KINESIS = new LocalKinesisExtension();

    private static StreamAdmin admin;

    @BeforeAll
    static void admin() {
        admin = StreamAdmin.forEndpoint(KINESIS.endpoint());
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    private static StreamExecutionEnvironment jobOf(long records, double perSecond, StreamExecutionEnvironment env,
            org.apache.flink.api.connector.sink2.Sink<String> sink) {
        env.fromSource(new DataGeneratorSource<>(Records::payload, records, RateLimiterStrategy.perSecond(perSecond),
                Types.STRING), WatermarkStrategy.noWatermarks(), "records").sinkTo(sink).name("kinesis");
        return env;
    }

    @Test
    void aBoundedJobPutsEveryRecordOnTheStreamExactlyOnceInKplAggregates() throws Exception {
        int n = 100_000;
        LocalStream stream = KINESIS.createStream("flink-bounded", 4);
        // Throttled so that checkpoints (every 250 ms) fall while records flow: their flushes are exercised too.
        JobExecutionResult result = jobOf(n, 40_000, FlinkTestCluster.env(0),
                FlinkTestCluster.sink(stream.name(), stream.endpoint()).partitionKey(Records::keyOf).build())
                .execute("bounded");

        KclReadBack.Result read = KclReadBack.read(admin, stream.name());
        Map<Long, Integer> seen = new HashMap<>();
        long aggregated = 0;
        for (KclReadBack.Read r : read.records()) {
            long i = Records.index(r.text());
            seen.merge(i, 1, Integer::sum);
            assertThat(r.partitionKey()).isEqualTo(Records.key(i));
            assertThat(r.text()).isEqualTo(Records.payload(i));
            aggregated += r.aggregated() ? 1 : 0;
        }
        // A record that ends up alone in its Kinesis record (e.g. the last one of a flush) is sent plain.
        assertThat(aggregated).isGreaterThan(n * 99L / 100);
        assertThat(seen).hasSize(n);
        assertThat(seen.values()).allMatch(c -> c == 1);
        assertThat(read.records()).hasSize(n);
        long checkpoints = FlinkTestCluster.max(REPORTER, result.getJobID(), "numberOfCompletedCheckpoints");
        System.out.printf("FLINK-IT bounded: %d records, %d Kinesis records (%.1f user records per Kinesis record), "
                + "%d checkpoints completed while writing%n", n, read.kinesisRecords(), read.aggregationRatio(),
                checkpoints);
        assertThat(read.aggregationRatio()).isGreaterThan(50);
        assertThat(checkpoints).isPositive();

        // Flink's sink metrics and the producer's own, summed over both subtasks.
        assertThat(FlinkTestCluster.sum(REPORTER, result.getJobID(), "numRecordsSend")).isEqualTo(n);
        assertThat(FlinkTestCluster.sum(REPORTER, result.getJobID(), "numBytesSend")).isEqualTo((long) n * Records.SIZE);
        assertThat(FlinkTestCluster.sum(REPORTER, result.getJobID(), "numRecordsSendErrors")).isZero();
        assertThat(FlinkTestCluster.sum(REPORTER, result.getJobID(), "kinesisProducer.userRecordsPut")).isEqualTo(n);
        assertThat(FlinkTestCluster.sum(REPORTER, result.getJobID(), "kinesisProducer.kinesisRecordsPut"))
                .isEqualTo(read.kinesisRecords());
        assertThat(FlinkTestCluster.max(REPORTER, result.getJobID(), "kinesisProducer.userRecordsPerKinesisRecord"))
                .isGreaterThan(50);
        assertThat(FlinkTestCluster.sum(REPORTER, result.getJobID(), "kinesisProducer.putRecordsCalls")).isPositive();
    }

    @Test
    void explicitHashKeysPlaceRecordsOnTheShardTheyName() throws Exception {
        int n = 2_000;
        LocalStream stream = KINESIS.createStream("flink-ehk", 4);
        List<Shard> shards = admin.listShards(stream.name());
        String[] starts = shards.stream().map(s -> s.hashKeyRange().startingHashKey()).toArray(String[]::new);
        StreamExecutionEnvironment env = FlinkTestCluster.env(0);
        env.fromSequence(0, n - 1).map(Records::payload)
                .sinkTo(FlinkTestCluster.sink(stream.name(), stream.endpoint()).partitionKey(p -> "one-key")
                        .explicitHashKey(p -> starts[(int) (Records.index(p) % starts.length)]).build());
        env.execute("explicit hash keys");

        KclReadBack.Result read = KclReadBack.read(admin, stream.name());
        assertThat(read.records()).hasSize(n);
        for (KclReadBack.Read r : read.records()) {
            int shard = (int) (Records.index(r.text()) % starts.length);
            assertThat(r.shardId()).isEqualTo(shards.get(shard).shardId());
            if (r.aggregated()) { // GetRecords does not return a plain record's explicit hash key; an aggregate does
                assertThat(new BigInteger(r.explicitHashKey())).isEqualTo(new BigInteger(starts[shard]));
            }
        }
    }

    @Test
    void aRecordThatFailsForGoodFailsTheJobNamingKeyCodeAndAttempts() {
        // No such stream: Kinesis answers ResourceNotFoundException, which no retry cures.
        String missing = "flink-missing-" + System.nanoTime();
        StreamExecutionEnvironment env = FlinkTestCluster.env(0);
        env.fromSequence(0, 99).map(Records::payload)
                .sinkTo(FlinkTestCluster.sink(missing, KINESIS.endpoint()).partitionKey(Records::keyOf).build());
        assertThatThrownBy(() -> env.execute("missing stream")).satisfies(e -> {
            // Flink ships the task's exception to the client serialized: the client gets the exception itself when
            // its whole chain deserializes (it does since RecordFailedException's attempts are serializable), else a
            // SerializedThrowable whose text starts with the class name.
            Throwable cause = ExceptionUtils.findThrowable(e, RecordNotDeliveredException.class)
                    .<Throwable>map(t -> t)
                    .or(() -> ExceptionUtils.findThrowableWithMessage(e, RecordNotDeliveredException.class.getName()))
                    .orElseThrow(() -> new AssertionError("no RecordNotDeliveredException in " + e, e));
            assertThat(cause.getMessage()).contains("partition key 'customer-", "for stream '" + missing + "'",
                    "error code ResourceNotFoundException after 1 attempt", "restarts it from its last checkpoint");
        });
    }

    @Test
    void dropCountsFailedRecordsAndLetsTheJobFinish() throws Exception {
        String missing = "flink-missing-" + System.nanoTime();
        StreamExecutionEnvironment env = FlinkTestCluster.env(0);
        env.fromSequence(0, 99).map(Records::payload).sinkTo(FlinkTestCluster.sink(missing, KINESIS.endpoint())
                .partitionKey(Records::keyOf).onRecordFailure(RecordFailurePolicy.DROP).build());
        JobExecutionResult result = env.execute("drop");
        assertThat(FlinkTestCluster.sum(REPORTER, result.getJobID(), "numRecordsSendErrors")).isEqualTo(100);
        assertThat(FlinkTestCluster.sum(REPORTER, result.getJobID(), "kinesisProducer.recordsDropped"))
                .isEqualTo(100);
    }

    @Test
    void aStreamSelectorWritesEachRecordToItsStreamFromOneSinkWithoutADefaultStream() throws Exception {
        int n = 4_000;
        LocalStream even = KINESIS.createStream("flink-route-even", 2);
        LocalStream odd = KINESIS.createStream("flink-route-odd", 1);
        String evenName = even.name(); // the selector is serialized with the job: it captures strings only
        String oddName = odd.name();
        StreamExecutionEnvironment env = FlinkTestCluster.env(0);
        env.fromSequence(0, n - 1).map(Records::payload).sinkTo(FlinkTestCluster.sink(KINESIS.endpoint())
                .partitionKey(Records::keyOf)
                .streamSelector(p -> Records.index(p) % 2 == 0 ? evenName : oddName).build());
        JobExecutionResult result = env.execute("two streams");

        for (LocalStream stream : List.of(even, odd)) {
            long parity = stream == even ? 0 : 1;
            Map<Long, Integer> seen = new HashMap<>();
            for (KclReadBack.Read r : KclReadBack.read(admin, stream.name()).records()) {
                long i = Records.index(r.text());
                assertThat(i % 2).as("record %d on %s", i, stream.name()).isEqualTo(parity);
                assertThat(r.partitionKey()).isEqualTo(Records.key(i));
                seen.merge(i, 1, Integer::sum);
            }
            assertThat(seen).as(stream.name()).hasSize(n / 2);
            assertThat(seen.values()).allMatch(c -> c == 1);
        }
        assertThat(FlinkTestCluster.sum(REPORTER, result.getJobID(), "numRecordsSend")).isEqualTo(n);
        assertThat(FlinkTestCluster.sum(REPORTER, result.getJobID(), "numRecordsSendErrors")).isZero();
    }
}
