package io.github.kinesisproducer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.BufferFullException;
import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.test.MockKinesisProducer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KinesisSinkTaskTest {
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    private MockKinesisProducer producer = new MockKinesisProducer(false);
    private final FakeContext context = new FakeContext(P0, P1);
    private KinesisSinkTask task;

    private KinesisSinkTask start(Map<String, String> extra) {
        return start(extra, (config, credentials, listener) -> producer);
    }

    private KinesisSinkTask start(Map<String, String> extra, KinesisSinkTask.ProducerFactory factory) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "orders-to-kinesis");
        props.put("kinesis.stream", "orders");
        props.put("kinesis.region", "us-east-1");
        props.put("kinesis.flush.timeout.ms", "0");
        props.put("kinesis.startup.check.timeout.ms", "0");
        props.put(KinesisSinkConfig.TASK_ID, "3");
        props.putAll(extra);
        task = new KinesisSinkTask(factory);
        task.initialize(context);
        task.start(props);
        return task;
    }

    @AfterEach
    void stop() {
        if (task != null) {
            producer.completeAll();
            task.stop();
        }
    }

    private static SinkRecord record(TopicPartition tp, long offset, Object key, Object value) {
        return new SinkRecord(tp.topic(), tp.partition(), Schema.OPTIONAL_STRING_SCHEMA, key,
                value instanceof byte[] ? Schema.OPTIONAL_BYTES_SCHEMA : Schema.OPTIONAL_STRING_SCHEMA, value, offset);
    }

    private static Map<TopicPartition, OffsetAndMetadata> current() {
        return Map.of(P0, new OffsetAndMetadata(1000), P1, new OffsetAndMetadata(1000));
    }

    @Test
    void commitsOnlyOffsetsWhoseRecordsKinesisAcknowledged() {
        start(Map.of());
        task.put(List.of(record(P0, 10, "a", "one"), record(P0, 11, "b", "two"), record(P1, 5, "c", "three")));
        assertThat(task.preCommit(current())).as("nothing acknowledged yet").isEmpty();

        producer.completeNext(); // P0 offset 10
        assertThat(task.preCommit(current())).containsExactly(Map.entry(P0, new OffsetAndMetadata(11)));

        producer.completeAll();
        assertThat(task.preCommit(current())).containsOnly(Map.entry(P0, new OffsetAndMetadata(12)),
                Map.entry(P1, new OffsetAndMetadata(6)));
        assertThat(producer.history()).extracting(KinesisRecord::partitionKey).containsExactly("a", "b", "c");
    }

    @Test
    void aRecordThatFailsAfterTheProducersRetriesFailsTheTaskNamingItAndIsNeverCommitted() {
        start(Map.of());
        task.put(List.of(record(P0, 10, "a", "one"), record(P0, 11, "b", "two")));
        producer.completeNext();
        producer.errorNext(MockKinesisProducer.recordFailure("Expired", true));

        assertThatThrownBy(() -> task.preCommit(current())).isInstanceOf(ConnectException.class)
                .hasMessageContaining("topic orders, partition 0, offset 11").hasMessageContaining("Expired");
        assertThatThrownBy(() -> task.put(List.of())).isInstanceOf(ConnectException.class)
                .hasMessageContaining("offset 11");
    }

    @Test
    void aFailedRecordDoesNotLetLaterAcknowledgedOnesBeCommitted() {
        OffsetTracker tracker = new OffsetTracker();
        OffsetTracker.Entry a = tracker.add(P0, 1);
        OffsetTracker.Entry b = tracker.add(P0, 2);
        OffsetTracker.Entry c = tracker.add(P0, 3);
        c.done();
        assertThat(tracker.committable(List.of(P0))).isEmpty();
        a.done();
        assertThat(tracker.committable(List.of(P0))).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
        tracker.failed(b, new IllegalStateException("gone"));
        assertThat(tracker.committable(List.of(P0))).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
        assertThat(tracker.failure().offset()).isEqualTo(2);
        assertThat(tracker.inFlight()).isEqualTo(2);
    }

    @Test
    void recordsKinesisCanNeverTakeGoToTheErrantRecordReporterAndCommitOnceItHasThem() {
        start(Map.of());
        SinkRecord tooLarge = record(P0, 10, "a", new byte[1024 * 1024 + 1]);
        SinkRecord badKey = record(P0, 11, "k".repeat(257), "x");
        task.put(List.of(tooLarge, badKey, record(P0, 12, "c", "fine")));

        assertThat(context.reported).containsExactly(tooLarge, badKey);
        assertThat(producer.history()).hasSize(1);
        producer.completeAll();
        assertThat(task.preCommit(current())).as("the DLQ writes are not done yet").isEmpty();
        context.reports.forEach(f -> f.complete(null));
        assertThat(task.preCommit(current())).containsExactly(Map.entry(P0, new OffsetAndMetadata(13)));
    }

    @Test
    void withoutAToleratingReporterARecordKinesisCannotTakeFailsTheTaskNamingIt() {
        context.reporterTolerates = null;
        start(Map.of());
        assertThatThrownBy(() -> task.put(List.of(record(P1, 42, "a", new byte[1024 * 1024 + 1]))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("topic orders, partition 1, offset 42").hasMessageContaining("too large")
                .hasMessageContaining("errors.tolerance=all");
    }

    @Test
    void aReporterThatDoesNotTolerateErrorsFailsTheTaskNamingTheRecord() {
        context.reporterTolerates = false;
        start(Map.of());
        assertThatThrownBy(() -> task.put(List.of(record(P1, 7, "k".repeat(300), "v"))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("partition 1, offset 7")
                .hasMessageContaining("partitionKey");
    }

    @Test
    void aFullBufferPausesThePartitionsRewindsWhatWasNotTakenAndResumesOnceDrained() {
        start(Map.of());
        List<SinkRecord> batch = List.of(record(P0, 1, "a", "1"), record(P1, 7, "b", "2"), record(P0, 2, "c", "3"),
                record(P1, 8, "d", "4"));
        List<SinkRecord> sent = new ArrayList<>();
        // The third record finds the buffer full (after max_block): it and the fourth are fetched again later.
        MockKinesisProducer full = producer;
        task.put(batch.subList(0, 2));
        sent.addAll(batch.subList(0, 2));
        full.throwOnSend(new BufferFullException("buffer full for 60000 ms"));
        task.put(batch.subList(2, 4));

        assertThat(context.rewound).containsOnly(Map.entry(P0, 2L), Map.entry(P1, 8L));
        assertThat(context.paused).containsExactlyInAnyOrder(P0, P1);
        assertThat(context.timeout).isEqualTo(KinesisSinkTask.RESUME_CHECK_MS);
        assertThat(producer.history()).hasSize(sent.size());

        full.throwOnSend(null);
        task.put(List.of()); // the worker's next (empty) batch: the mock's buffer is empty, so it resumes
        assertThat(context.paused).isEmpty();
        producer.completeAll();
        assertThat(task.preCommit(current())).containsOnly(Map.entry(P0, new OffsetAndMetadata(2)),
                Map.entry(P1, new OffsetAndMetadata(8)));
    }

    @Test
    void nullValuesAreSkippedAndCommittedByDefault_orSentEmpty_orErrant() {
        start(Map.of());
        task.put(List.of(record(P0, 1, "a", null)));
        assertThat(producer.history()).isEmpty();
        assertThat(task.preCommit(current())).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
        task.stop();

        producer = new MockKinesisProducer(false);
        start(Map.of("kinesis.null.values", "empty"));
        task.put(List.of(record(P0, 1, "a", null)));
        assertThat(producer.history()).singleElement().extracting(KinesisRecord::data).isEqualTo(new byte[0]);
        task.stop();

        producer = new MockKinesisProducer(false);
        start(Map.of("kinesis.null.values", "fail"));
        SinkRecord tombstone = record(P0, 3, "a", null);
        task.put(List.of(tombstone));
        assertThat(context.reported).containsExactly(tombstone);
    }

    @Test
    void revokedPartitionsWaitForTheirRecordsAndAreForgotten() {
        start(Map.of());
        task.put(List.of(record(P0, 1, "a", "x"), record(P1, 1, "b", "y")));
        producer.completeAll();
        task.close(List.of(P0));
        assertThat(task.preCommit(current())).containsOnlyKeys(P1);
    }

    @Test
    void eachTopicsRecordsGoToItsMappedStreamThroughTheOneProducer() {
        start(Map.of("kinesis.stream.mapping", "refunds:refunds-stream, audit:arn:aws:kinesis:us-east-1:123456789012:"
                + "stream/audit"));
        TopicPartition refunds = new TopicPartition("refunds", 0);
        TopicPartition audit = new TopicPartition("audit", 2);
        task.put(List.of(record(P0, 1, "a", "x"), record(refunds, 7, "b", "y"), record(audit, 3, "c", "z")));
        assertThat(producer.history()).extracting(KinesisRecord::stream).containsExactly(null, "refunds-stream",
                "arn:aws:kinesis:us-east-1:123456789012:stream/audit");
        assertThat(producer.history()).extracting(KinesisRecord::partitionKey).containsExactly("a", "b", "c");
        producer.completeAll();
        assertThat(task.preCommit(Map.of(P0, new OffsetAndMetadata(100), refunds, new OffsetAndMetadata(100), audit,
                new OffsetAndMetadata(100)))).containsEntry(refunds, new OffsetAndMetadata(8))
                .containsEntry(audit, new OffsetAndMetadata(4)).containsEntry(P0, new OffsetAndMetadata(2));
    }

    @Test
    void aMappedStreamThatTurnsOutMissingFailsTheTaskNamingItAndItsTopics() {
        ProducerListener[] listener = new ProducerListener[1];
        start(Map.of("kinesis.stream.mapping", "refunds:refunds-stream"), (config, credentials, l) -> {
            listener[0] = l;
            return producer;
        });
        task.put(List.of(record(new TopicPartition("refunds", 0), 1, "a", "x")));
        // The producer loads a mapped stream's shard map with its first record; the default stream's is not affected.
        listener[0].shardMapLoadFailed("refunds-stream", "ResourceNotFoundException",
                new IllegalStateException("Stream refunds-stream under account 1 not found."));
        listener[0].shardMapLoaded("orders", 4);
        assertThatThrownBy(() -> task.put(List.of(record(P0, 2, "b", "y")))).isInstanceOf(ConnectException.class)
                .hasMessageContaining("Kinesis stream refunds-stream does not exist")
                .hasMessageContaining("topics [refunds] are mapped to it")
                .hasMessageContaining("kinesis.stream.mapping");
    }

    @Test
    void aMissingStreamFailsTheTaskAtStartAndClosesTheProducer() {
        assertThatThrownBy(() -> start(Map.of("kinesis.startup.check.timeout.ms", "10000"),
                (config, credentials, listener) -> {
                    listener.shardMapLoadFailed("ResourceNotFoundException",
                            new IllegalStateException("Stream orders under account 1 not found."));
                    return producer;
                })).isInstanceOf(ConnectException.class)
                .hasMessageContaining("Kinesis stream orders does not exist in region us-east-1")
                .hasMessageContaining("kinesis.stream");
        assertThat(producer.isClosed()).isTrue();
        task = null;
    }

    @Test
    void refusedCredentialsFailTheTaskAtStartSayingWhatItNeeds() {
        assertThatThrownBy(() -> start(Map.of("kinesis.startup.check.timeout.ms", "10000"),
                (config, credentials, listener) -> {
                    listener.shardMapLoadFailed("AccessDeniedException", new IllegalStateException("not allowed"));
                    return producer;
                })).isInstanceOf(ConnectException.class).hasMessageContaining("refused")
                .hasMessageContaining("kinesis:PutRecords");
        task = null;
    }

    @Test
    void aTransientStartupErrorIsLeftToTheProducer() {
        ProducerListener[] seen = new ProducerListener[1];
        start(Map.of("kinesis.startup.check.timeout.ms", "10000"), (config, credentials, listener) -> {
            seen[0] = listener;
            listener.shardMapLoadFailed("SdkClientException", new IllegalStateException("connection refused"));
            listener.shardMapLoaded(4);
            return producer;
        });
        task.put(List.of(record(P0, 1, "a", "x")));
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void partitionKeysFollowTheConfiguredSource() {
        start(Map.of("kinesis.partition.key", "topic-partition"));
        task.put(List.of(record(P1, 1, "ignored", "x")));
        assertThat(producer.history()).extracting(KinesisRecord::partitionKey).containsExactly("orders-1");
        assertThat(producer.history().get(0).data()).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
    }
}
