package io.github.kinesisproducer.flink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.emulator.EmulatorClients;
import io.github.kinesisproducer.emulator.Kinesalite;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover: the job restarts from its last checkpoint, every record is on the stream at least once, and the only
 * duplicates are records the restart replayed (emitted after the restored checkpoint). The emulator is this class's
 * own, with a data directory, so it can be killed and restarted without losing what it stored.
 */
class FailoverIT {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();
    /** 30,000 records at 6,000 per second: about 5 s of writing, about 20 checkpoints. */
    private static final int N = 30_000;
    private static final double RATE = 6_000;

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkTestCluster.extension(REPORTER);

    @TempDir
    static Path dataDir;
    private static Kinesalite emulator;
    private static StreamAdmin admin;

    @BeforeAll
    static void emulator() {
        EmulatorClients.disableCbor();
        emulator = Kinesalite.start(Kinesalite.Options.defaults().withDataDir(dataDir));
        admin = StreamAdmin.forEndpoint(emulator.endpoint());
    }

    @AfterAll
    static void stop() {
        admin.close();
        emulator.close();
    }

    @BeforeEach
    void reset() {
        TaggedRecords.RESTORED.clear();
    }

    private static StreamExecutionEnvironment job(String stream, long failAt, int restarts,
            io.github.kinesisproducer.flink.ProducerSettings settings) {
        StreamExecutionEnvironment env = FlinkTestCluster.env(restarts);
        env.fromSource(new DataGeneratorSource<>(i -> i, N, RateLimiterStrategy.perSecond(RATE), Types.LONG),
                        WatermarkStrategy.noWatermarks(), "records")
                .map(new TaggedRecords(failAt)).name("tag")
                .sinkTo(FlinkTestCluster.sink(stream, emulator.endpoint()).partitionKey(Records::keyOf)
                        .producerConfig(settings).build()).name("kinesis");
        return env;
    }

    @Test
    void aTaskThatThrowsOnceMidRunRestartsFromItsCheckpointAndLosesNothing() throws Exception {
        String stream = StreamAdmin.uniqueStreamName("flink-failover");
        admin.createStream(stream, 4);
        // Index 22,500 is in the middle of the second reader's range: about 2.5 s into the run.
        job(stream, 22_500, 3, c -> { }).execute("task failure");

        AtLeastOnceCheck.Figures f = AtLeastOnceCheck.check(KclReadBack.read(admin, stream).records(), N,
                TaggedRecords.RESTORED);
        System.out.println("FLINK-IT failover (task throws once): " + f);
        assertThat(f.restarts()).isEqualTo(1);
        assertThat(f.restored().values()).as("the restart restored a real checkpoint").anyMatch(c -> c > 0);
    }

    @Test
    void anEmulatorKilledAndRestartedFailsTheJobWhichRestartsAndLosesNothing() throws Exception {
        String stream = StreamAdmin.uniqueStreamName("flink-outage");
        admin.createStream(stream, 4);
        // Records that cannot be put within 1.5 s fail for good, which fails the job (the default policy): Flink
        // restarts it from its last checkpoint until the emulator answers again.
        JobClient client = job(stream, -1, 50, c -> c.recordTtl(Duration.ofMillis(1500))
                .requestTimeout(Duration.ofSeconds(1))).executeAsync("emulator outage");
        awaitCheckpoints(client, 3);
        Thread.sleep(150); // into the next checkpoint interval: records stored after the last checkpoint get replayed
        emulator.kill();
        Thread.sleep(4_000); // the outage: longer than record_ttl, so records fail for good and the job restarts
        emulator.restart();
        client.getJobExecutionResult().get(3, TimeUnit.MINUTES);

        AtLeastOnceCheck.Figures f = AtLeastOnceCheck.check(KclReadBack.read(admin, stream).records(), N,
                TaggedRecords.RESTORED);
        System.out.println("FLINK-IT failover (emulator killed for 4 s, then restarted): " + f);
        assertThat(f.restarts()).isPositive();
    }

    /** Waits until the running job has completed {@code count} checkpoints (so the kill falls mid-run). */
    private static void awaitCheckpoints(JobClient client, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            long done;
            try {
                done = FlinkTestCluster.max(REPORTER, client.getJobID(), "numberOfCompletedCheckpoints");
            } catch (AssertionError notYet) {
                done = 0; // the job's metrics are not registered yet
            }
            if (done >= count) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the job completed " + done + " checkpoints in 60 s, expected " + count);
            }
            Thread.sleep(50);
        }
    }
}
