package io.github.kinesisproducer.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.Producer;
import io.github.kinesisproducer.ProducerClosedException;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.emulator.Kinesalite;
import io.github.kinesisproducer.emulator.StoredRecord;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/** The extension through its parameters, against the shared emulator. */
@LocalKinesis
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalKinesisExtensionIT {
    private static KinesisProducer producerOfAnEarlierTest;
    private static String streamOfAnEarlierTest;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void readsBackEveryUserRecordPerShard_asTheKclDeaggregatorDoes(@StreamSpec(shards = 3, prefix = "orders")
            LocalStream stream, Producer producer, RecordReader reader, URI endpoint) {
        assertThat(stream.name()).startsWith("orders-");
        assertThat(stream.shardIds()).hasSize(3);
        assertThat(endpoint).isEqualTo(stream.endpoint()).isEqualTo(Kinesalite.shared().endpoint());
        assertThat(reader.streamName()).isEqualTo(stream.name());
        assertThat(producer).isSameAs(stream.producer());

        List<KinesisRecord> sent = new ArrayList<>();
        List<CompletableFuture<RecordResult>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            KinesisRecord r = KinesisRecord.of("key-" + (i % 37), utf8("record-" + i));
            if (i % 10 == 0) {
                r = r.withExplicitHashKey(BigInteger.valueOf(i).shiftLeft(100));
            }
            sent.add(r);
            futures.add(producer.send(r));
        }
        producer.flush().join();

        List<UserRecord> read = reader.records();
        assertThat(read).extracting(u -> KinesisRecord.of(u.partitionKey(), u.data())
                .withExplicitHashKey(u.explicitHashKey())).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(read).allMatch(UserRecord::aggregated);
        for (int i = 0; i < sent.size(); i++) {
            RecordResult result = futures.get(i).join();
            String data = "record-" + i;
            UserRecord u = read.stream().filter(r -> r.dataAsUtf8().equals(data)).findFirst().orElseThrow();
            assertThat(u.shardId()).isEqualTo(result.shardId());
            assertThat(u.sequenceNumber()).isEqualTo(result.sequenceNumber());
            assertThat(u.subSequenceNumber()).isEqualTo(result.subSequenceNumber());
        }
        Map<String, List<UserRecord>> byShard = reader.recordsByShard();
        assertThat(byShard.keySet()).isSubsetOf(stream.shardIds()).hasSizeGreaterThan(1);
        assertThat(byShard.values().stream().mapToInt(List::size).sum()).isEqualTo(300);

        // A consumer library we did not write, reading the same shards, sees the same records in the same order.
        try (StreamAdmin admin = StreamAdmin.forEndpoint(endpoint)) {
            List<Shard> shards = admin.listShards(stream.name());
            for (Shard shard : shards) {
                List<UserRecord> ours = byShard.getOrDefault(shard.shardId(), List.of());
                List<KinesisClientRecord> raw = new ArrayList<>();
                for (StoredRecord r : admin.readAll(stream.name())) {
                    if (r.shardId().equals(shard.shardId())) {
                        raw.add(KinesisClientRecord.builder().partitionKey(r.partitionKey())
                                .data(ByteBuffer.wrap(r.data())).sequenceNumber(r.sequenceNumber())
                                .approximateArrivalTimestamp(Instant.EPOCH).build());
                    }
                }
                List<KinesisClientRecord> kcl = new AggregatorUtil().deaggregate(raw,
                        new BigInteger(shard.hashKeyRange().startingHashKey()),
                        new BigInteger(shard.hashKeyRange().endingHashKey()));
                assertThat(kcl).as(shard.shardId()).hasSameSizeAs(ours);
                for (int i = 0; i < kcl.size(); i++) {
                    KinesisClientRecord k = kcl.get(i);
                    UserRecord u = ours.get(i);
                    byte[] data = new byte[k.data().remaining()];
                    k.data().duplicate().get(data);
                    assertThat(u.partitionKey()).isEqualTo(k.partitionKey());
                    assertThat(u.explicitHashKey()).isEqualTo(k.explicitHashKey());
                    assertThat(u.data()).isEqualTo(data);
                    assertThat(u.sequenceNumber()).isEqualTo(k.sequenceNumber());
                    assertThat(u.subSequenceNumber()).isEqualTo(k.subSequenceNumber());
                }
            }
        }
        producerOfAnEarlierTest = stream.producer();
        streamOfAnEarlierTest = stream.name();
    }

    @Test
    @Order(2)
    void whatATestMadeIsClosedAndDeletedAfterIt(URI endpoint) {
        assertThat(producerOfAnEarlierTest).isNotNull();
        assertThatThrownBy(() -> producerOfAnEarlierTest.send("k", utf8("late")))
                .isInstanceOf(ProducerClosedException.class);
        try (StreamAdmin admin = StreamAdmin.forEndpoint(endpoint)) {
            try {
                StreamStatus status = admin.client().describeStreamSummary(b -> b.streamName(streamOfAnEarlierTest))
                        .streamDescriptionSummary().streamStatus();
                assertThat(status).isEqualTo(StreamStatus.DELETING);
            } catch (ResourceNotFoundException deleted) {
                // already gone
            }
        }
    }

    @Test
    void plainAndKeylessRecords_andACustomProducer(LocalStream stream, RecordReader reader) {
        KinesisProducer plain = stream.producer(b -> b.aggregation(Aggregation.NONE));
        plain.send("k1", utf8("one")).join();
        RecordResult keyless = plain.send(utf8("two")).join();
        List<UserRecord> read = reader.records();
        assertThat(read).extracting(UserRecord::dataAsUtf8).containsExactly("one", "two");
        assertThat(read).noneMatch(UserRecord::aggregated).allMatch(u -> u.subSequenceNumber() == 0)
                .allMatch(u -> u.explicitHashKey() == null);
        assertThat(read.get(0).partitionKey()).isEqualTo("k1");
        assertThat(read.get(1).partitionKey()).as("the random key the producer drew").matches("[0-9]{1,12}");
        assertThat(read.get(1).sequenceNumber()).isEqualTo(keyless.sequenceNumber());
        assertThat(read.get(1).approximateArrivalTimestamp()).isNotNull();
    }

    @Test
    void awaitRecords_forCodeThatSendsInTheBackground(KinesisProducer producer, RecordReader reader) {
        Thread sender = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                producer.send("k", utf8("bg-" + i));
            }
        });
        sender.start();
        List<UserRecord> read = reader.awaitRecords(20, Duration.ofSeconds(30));
        assertThat(read).hasSize(20);
        assertThatThrownBy(() -> reader.awaitRecords(21, Duration.ofMillis(250))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("has 20 user records after PT0.25S, expected at least 21");
    }

    @Test
    void twoStreamParameters_areTwoStreams_andTheProducerBelongsToTheFirst(@StreamSpec(prefix = "a") LocalStream a,
            Producer producer, @StreamSpec(prefix = "b", shards = 2) LocalStream b) {
        assertThat(a.name()).startsWith("a-");
        assertThat(b.name()).startsWith("b-");
        assertThat(b.shardIds()).hasSize(2);
        assertThat(producer).isSameAs(a.producer());
        producer.send("k", utf8("x")).join();
        b.producer().send("k", utf8("y")).join();
        assertThat(a.reader().records()).extracting(UserRecord::dataAsUtf8).containsExactly("x");
        assertThat(b.reader().records()).extracting(UserRecord::dataAsUtf8).containsExactly("y");
    }

    /** Streams made in {@code @BeforeEach} are the test's: its producer and reader parameters write and read there. */
    @Nested
    class MadeInBeforeEach {
        private LocalStream made;

        @BeforeEach
        void stream(@StreamSpec(prefix = "before") LocalStream stream) {
            made = stream;
        }

        @Test
        void theProducerAndReaderParametersUseIt(Producer producer, RecordReader reader) {
            assertThat(made.name()).startsWith("before-");
            assertThat(producer).isSameAs(made.producer());
            assertThat(reader.streamName()).isEqualTo(made.name());
            producer.send("k", utf8("z")).join();
            assertThat(reader.records()).hasSize(1);
        }
    }
}
