package io.github.kinesisproducer.kafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.emulator.EmulatorClients;
import io.github.kinesisproducer.emulator.Kinesalite;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * At least once through failures, on a real Connect cluster: the emulator killed and restarted mid-run, and a worker
 * stopped mid-run. Every record arrives at least once, and a record arrives twice only if it comes after the offsets
 * committed before the failure (a record before them was acknowledged by Kinesis before it was committed).
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KinesisSinkFailoverIT {
    private static final int PARTITIONS = 3;
    private static final long PER_PARTITION = 10_000;
    private static final long CHUNK = 200;
    private static Kinesalite kinesalite;
    private static StreamAdmin admin;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        EmulatorClients.disableCbor();
        // On disk, so what Kinesis acknowledged survives the kill.
        Path data = Path.of("target", "kinesalite-failover-" + System.nanoTime());
        kinesalite = Kinesalite.start(Kinesalite.Options.defaults().withDataDir(data));
        admin = StreamAdmin.forEndpoint(kinesalite.endpoint());
        connect = ConnectSupport.startCluster("kinesis-failover-it");
    }

    @AfterAll
    static void stop() {
        ConnectSupport.stopAll(connect, admin, kinesalite);
    }

    @Test
    @Order(1)
    void theEmulatorKilledAndRestartedMidRunLosesNothing() throws Exception {
        Run run = startRun("through-outage", Map.of());
        Map<Integer, Long> committedBefore = run.awaitThird();
        kinesalite.kill();
        Thread.sleep(3_000);
        kinesalite.restart();
        Delivery d = run.finish();

        assertAtLeastOnce(d, committedBefore);
        System.out.printf("[kafka-connect IT] emulator kill+restart (3 s down): %d records, %d rebalances, "
                + "%d duplicates, %d lost; committed before the kill %s, lowest duplicated offsets %s%n",
                d.total - d.duplicates(), run.taskMoves.get(), d.duplicates(), d.missing(), committedBefore,
                d.lowestDuplicatedOffset());
    }

    /**
     * A hang: requests time out, the producer sends them again, and the emulator then serves both copies. The
     * duplicates this makes are records in flight, so after the committed offsets.
     */
    @Test
    @Order(2)
    void anEmulatorThatHangsMidRunMakesDuplicatesOnlyAfterTheCommittedOffsets() throws Exception {
        Run run = startRun("through-hang", Map.of("kinesis.request.timeout.ms", "1000"));
        Map<Integer, Long> committedBefore = run.awaitThird();
        kinesalite.pause();
        Thread.sleep(3_000);
        kinesalite.resume();
        Delivery d = run.finish();

        assertAtLeastOnce(d, committedBefore);
        System.out.printf("[kafka-connect IT] emulator hung 3 s (request timeout 1 s): %d records, %d rebalances, "
                + "%d duplicates, %d lost; committed before the hang %s, lowest duplicated offsets %s%n",
                d.total - d.duplicates(), run.taskMoves.get(), d.duplicates(), d.missing(), committedBefore,
                d.lowestDuplicatedOffset());
    }

    @Test
    @Order(3)
    void anOutageLongerThanTheRecordTtlFailsTheTaskNamingTheRecordAndARestartResendsFromTheLastCommit()
            throws Exception {
        Run run = startRun("past-ttl", Map.of("kinesis.record.ttl.ms", "1500"));
        String topic = run.topic;
        String name = run.name;
        Map<Integer, Long> committedBefore = run.awaitThird();
        // Half a commit interval on: records acknowledged since the last commit are then resent after the restart.
        Thread.sleep(500);
        kinesalite.kill();
        ConnectSupport.awaitCondition(() -> !failedTasks(name).isEmpty(), Duration.ofSeconds(60),
                () -> "a failed task: " + ConnectSupport.taskWorkers(connect, name));
        Map<Integer, String> failed = failedTasks(name);
        Map<Integer, Long> committedAtFailure = ConnectSupport.committed(connect, name, topic);
        kinesalite.restart();
        for (int task : failed.keySet()) {
            connect.restartTask(name, task);
        }
        Delivery d = run.finish();

        assertThat(failed.values()).allSatisfy(trace -> assertThat(trace)
                .contains("Kinesis did not acknowledge the record at topic " + topic + ", partition ")
                .contains("Expired").contains("restart the task"));
        assertAtLeastOnce(d, committedBefore);
        System.out.printf("[kafka-connect IT] emulator down past the record TTL: %d tasks failed and restarted, %d "
                + "records, %d duplicates, %d lost; committed before the kill %s, at the failure %s, lowest "
                + "duplicated offsets %s%n", failed.size(), d.total - d.duplicates(), d.duplicates(), d.missing(),
                committedBefore, committedAtFailure, d.lowestDuplicatedOffset());
    }

    /** Failed tasks of a connector, with their traces. */
    private static Map<Integer, String> failedTasks(String name) {
        Map<Integer, String> out = new HashMap<>();
        for (var t : connect.connectorStatus(name).tasks()) {
            if ("FAILED".equals(t.state())) {
                out.put(t.id(), t.trace());
            }
        }
        return out;
    }

    @Test
    @Order(4)
    void aWorkerStoppedMidRunHandsItsTasksToTheOtherAndNothingIsLost() throws Exception {
        Run run = startRun("through-failover", Map.of());
        String name = run.name;
        WorkerHandle stopped = ConnectSupport.nonLeader(connect);
        String stoppedId = stopped.url().getHost() + ":" + stopped.url().getPort();
        ConnectSupport.awaitCondition(() -> ConnectSupport.taskWorkers(connect, name).values().stream()
                .anyMatch(w -> w.startsWith(stoppedId)), Duration.ofSeconds(30),
                () -> "a task on the non-leader worker " + stoppedId + ": " + ConnectSupport.taskWorkers(connect, name));
        Map<Integer, Long> committedBefore = run.awaitThird();
        Map<Integer, String> before = ConnectSupport.taskWorkers(connect, name);
        long stoppedAt = System.nanoTime();
        connect.removeWorker(stopped);
        ConnectSupport.awaitCondition(() -> ConnectSupport.taskWorkers(connect, name).values().stream()
                .allMatch(w -> !w.startsWith(stoppedId) && w.endsWith("RUNNING")), Duration.ofSeconds(60),
                () -> "both tasks running on the other worker: " + ConnectSupport.taskWorkers(connect, name));
        long rebalanceMs = (System.nanoTime() - stoppedAt) / 1_000_000;
        Map<Integer, String> after = ConnectSupport.taskWorkers(connect, name);
        long moved = before.keySet().stream().filter(t -> !before.get(t).equals(after.get(t))).count();
        Delivery d = run.finish();

        assertAtLeastOnce(d, committedBefore);
        assertThat(moved).as("tasks moved from %s to %s", before, after).isPositive();
        System.out.printf("[kafka-connect IT] non-leader worker stopped: %d records, %d rebalances (task moves %d, "
                + "tasks running elsewhere after %d ms), %d duplicates, %d lost; committed before the stop %s, "
                + "lowest duplicated offsets %s%n", d.total - d.duplicates(), 1, moved, rebalanceMs,
                d.duplicates(), d.missing(), committedBefore, d.lowestDuplicatedOffset());
    }

    /** Every record at least once; a duplicate only at or after the offset its partition had committed before. */
    private static void assertAtLeastOnce(Delivery d, Map<Integer, Long> committedBefore) {
        assertThat(d.missing()).as(d.toString()).isZero();
        assertThat(d.otherTopics).isZero();
        d.lowestDuplicatedOffset().forEach((partition, offset) -> assertThat(offset)
                .as("partition %d: a duplicate before the offset committed before the failure (%s)", partition,
                        committedBefore)
                .isGreaterThanOrEqualTo(committedBefore.getOrDefault(partition, 0L)));
    }

    /** A topic {@code topic}, a stream {@code topic-stream} and a connector {@code topic-to-kinesis}, running. */
    private Run startRun(String topic, Map<String, String> settings) throws Exception {
        String stream = topic + "-stream";
        String name = topic + "-to-kinesis";
        connect.kafka().createTopic(topic, PARTITIONS);
        admin.createStream(stream, 2);
        Map<String, String> c = ConnectSupport.connectorConfig(topic, stream, kinesalite.endpoint());
        c.putAll(settings);
        connect.configureConnector(name, c);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 2, "connector did not start");
        return new Run(topic, stream, name);
    }

    /** Records written at a steady pace while the connector runs, so that failures hit it mid-stream. */
    private static final class Run {
        final String topic;
        final String stream;
        final String name;
        final AtomicInteger taskMoves = new AtomicInteger();
        final CompletableFuture<Void> produced;
        final CompletableFuture<Void> watched;
        volatile boolean watching = true;

        Run(String topic, String stream, String name) {
            this.topic = topic;
            this.stream = stream;
            this.name = name;
            produced = CompletableFuture.runAsync(this::produce);
            watched = CompletableFuture.runAsync(this::watchAssignments);
        }

        private void produce() {
            try (KafkaProducer<byte[], byte[]> producer = ConnectSupport.producer(connect)) {
                for (long from = 0; from < PER_PARTITION; from += CHUNK) {
                    ConnectSupport.produce(producer, topic, PARTITIONS, from, Math.min(PER_PARTITION, from + CHUNK),
                            100);
                    Thread.sleep(100); // about 6,000 records/s: the run lasts ~5 s
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Counts how often a task changed workers (a rebalance that moved it). */
        private void watchAssignments() {
            Map<Integer, String> last = new HashMap<>();
            while (watching) {
                try {
                    Map<Integer, String> now = ConnectSupport.taskWorkers(connect, name);
                    now.forEach((task, worker) -> {
                        String host = worker.split(" ")[0];
                        String before = last.put(task, host);
                        if (before != null && !before.equals(host)) {
                            taskMoves.incrementAndGet();
                        }
                    });
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // the REST call can fail while a worker stops; the next poll sees the result
                }
            }
        }

        /** Waits until a third of the records is committed, and returns the committed offsets then. */
        Map<Integer, Long> awaitThird() throws Exception {
            ConnectSupport.awaitCommitted(connect, name, topic, PARTITIONS, PER_PARTITION / 3, Duration.ofSeconds(60));
            Map<Integer, Long> committed = ConnectSupport.committed(connect, name, topic);
            assertThat(committed.values()).as("committed offsets %s mid-run", committed)
                    .allMatch(o -> o < PER_PARTITION);
            return committed;
        }

        /** Waits for every record to be produced and committed, then reads the stream back. */
        Delivery finish() throws Exception {
            produced.get();
            ConnectSupport.awaitCommitted(connect, name, topic, PARTITIONS, PER_PARTITION, Duration.ofSeconds(120));
            watching = false;
            try {
                watched.get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // a status call to a worker that was stopped can hang until its timeout; the count is complete
            }
            connect.deleteConnector(name);
            Map<Integer, Long> expected = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                expected.put(p, PER_PARTITION);
            }
            return new Delivery(topic, expected, KclReadBack.readAll(admin, stream));
        }
    }
}
