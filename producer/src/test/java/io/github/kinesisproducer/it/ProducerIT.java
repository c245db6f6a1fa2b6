package io.github.kinesisproducer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.emulator.StoredRecord;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.testing.KinesaliteExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The producer core against a real kinesalite on 127.0.0.1: every test uses a fresh stream, sends through the
 * producer, reads everything back from every shard with GetRecords and compares byte for byte.
 */
@ExtendWith(KinesaliteExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProducerIT {
    private static StreamAdmin admin;

    @BeforeAll
    static void setUp() {
        admin = KinesaliteExtension.admin();
    }

    private static String stream(int shards) {
        String name = StreamAdmin.uniqueStreamName("it-core");
        admin.createStream(name, shards);
        return name;
    }

    private static List<byte[]> payloads(int n, int size, long seed) {
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            for (int j = 0; j < b.length; j++) {
                if (b[j] == '\n') {
                    b[j] = 'n'; // delimited mode: payloads must not contain the delimiter
                }
            }
            byte[] id = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(id, 0, b, 0, Math.min(id.length, b.length));
            out.add(b);
        }
        return out;
    }

    @Test
    void seedStyleMapConfig_delimitedRecordsArriveSplitByTheDelimiter() {
        String name = stream(2);
        Map<String, Object> config = new HashMap<>();
        config.put("aws_region", "us-east-1");
        config.put("buffer_size_limit", 100_000);
        config.put("buffer_time_limit", 0.2);
        config.put("kinesis_concurrency", 1);
        config.put("kinesis_max_retries", 10);
        config.put("record_delimiter", "\n");
        config.put("stream_name", name);
        config.put("endpoint_url", KinesaliteExtension.endpoint().toString());
        List<byte[]> sent = payloads(5000, 60, 1);

        KinesisProducer k = new KinesisProducer(config);
        for (byte[] record : sent) {
            k.send(record);
        }
        k.close();
        k.join();

        List<StoredRecord> stored = admin.readAll(name);
        List<byte[]> received = new ArrayList<>();
        for (StoredRecord r : stored) {
            assertThat(r.data().length).isLessThanOrEqualTo(100_000);
            String body = new String(r.data(), StandardCharsets.ISO_8859_1);
            assertThat(body).endsWith("\n");
            for (String part : body.substring(0, body.length() - 1).split("\n", -1)) {
                received.add(part.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(ItSupport.multiset(received)).isEqualTo(ItSupport.multiset(sent));
        assertThat(stored.size()).as("aggregated into few Kinesis records").isLessThan(10);
        ProducerMetrics m = k.metrics();
        assertThat(m.userRecordsPut()).isEqualTo(5000);
        assertThat(m.putRecordsCalls()).isLessThanOrEqualTo(stored.size());
    }

    @Test
    void noAggregation_everyRecordArrivesOnceWithItsKey_inFewPutRecordsCalls() throws Exception {
        String name = stream(3);
        List<byte[]> sent = payloads(3000, 100, 2);
        List<CompletableFuture<RecordResult>> fs = new ArrayList<>();
        try (KinesisProducer p = ItSupport.producer(KinesaliteExtension.endpoint(), name)
                .aggregation(Aggregation.NONE).maxConcurrency(4).build()) {
            for (int i = 0; i < sent.size(); i++) {
                fs.add(p.send("key-" + i, sent.get(i)));
            }
            p.flush().get(60, TimeUnit.SECONDS);
            assertThat(p.metrics().putRecordsCalls()).isBetween(6L, 100L);
        }
        List<StoredRecord> stored = admin.readAll(name);
        assertThat(stored).hasSize(3000);
        assertThat(ItSupport.multiset(ItSupport.data(stored))).isEqualTo(ItSupport.multiset(sent));
        Map<String, String> seqByKey = new HashMap<>();
        for (StoredRecord r : stored) {
            int i = Integer.parseInt(r.partitionKey().substring(4));
            assertThat(r.data()).isEqualTo(sent.get(i));
            seqByKey.put(r.partitionKey(), r.shardId() + "/" + r.sequenceNumber());
        }
        for (int i = 0; i < fs.size(); i++) {
            RecordResult result = fs.get(i).join();
            assertThat(result.shardId() + "/" + result.sequenceNumber()).isEqualTo(seqByKey.get("key-" + i));
        }
    }

    @Test
    void kplAggregation_readBackAndDeaggregatedGivesEveryRecordOnce() {
        String name = stream(4);
        List<byte[]> sent = payloads(20_000, 100, 3);
        try (KinesisProducer p = ItSupport.producer(KinesaliteExtension.endpoint(), name)
                .aggregation(Aggregation.KPL).build()) {
            // In a cold JVM the first ListShards can take longer than the 100 ms buffer time; records sent before
            // the shard map arrives are aggregated only per key. Put one record first, as KPL users do.
            byte[] probe = "probe".getBytes(StandardCharsets.UTF_8);
            p.send("probe", probe).get(60, TimeUnit.SECONDS);
            sent.add(probe);
            for (int i = 0; i < sent.size() - 1; i++) {
                p.send("user-" + i, sent.get(i));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        List<StoredRecord> stored = admin.readAll(name);
        List<byte[]> received = ItSupport.userData(stored);
        assertThat(ItSupport.multiset(received)).isEqualTo(ItSupport.multiset(sent));
        assertThat(stored.size()).as("about 50 KB aggregates").isLessThan(100);
    }

    @Test
    void largeRecordsUpToTheLimitIncludingTheKey() throws Exception {
        String name = stream(1);
        byte[] big = new byte[1024 * 1024 - 3];
        new Random(4).nextBytes(big);
        try (KinesisProducer p = ItSupport.producer(KinesaliteExtension.endpoint(), name)
                .aggregation(Aggregation.KPL).build()) {
            p.send("abc", big).get(60, TimeUnit.SECONDS);
            assertThatThrownBy(() -> p.send("abcd", big)).hasMessageContaining("record too large");
        }
        List<StoredRecord> stored = admin.readAll(name);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).data()).isEqualTo(big);
    }

    @Test
    void unknownStreamFailsEveryRecordClearlyAndQuickly() {
        try (KinesisProducer p = ItSupport.producer(KinesaliteExtension.endpoint(), "no-such-stream-" + System.nanoTime())
                .aggregation(Aggregation.NONE).build()) {
            CompletableFuture<RecordResult> f = p.send("k", new byte[] {1});
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(RecordFailedException.class)
                    .hasMessageContaining("ResourceNotFoundException").hasMessageContaining("does not exist");
            RecordFailedException e = (RecordFailedException) f.handle((r, t) -> t).join();
            assertThat(e.isRetriable()).isFalse();
            assertThat(e.attempts()).hasSize(1);
        }
    }

    @Test
    void flushDoesNotWaitForTheBufferTime() throws Exception {
        String name = stream(1);
        try (KinesisProducer p = ItSupport.producer(KinesaliteExtension.endpoint(), name)
                .maxBufferedTime(Duration.ofMinutes(10)).build()) {
            CompletableFuture<RecordResult> f = p.send("k", "x".getBytes(StandardCharsets.UTF_8));
            p.flush().get(30, TimeUnit.SECONDS);
            assertThat(f).isCompleted();
        }
        assertThat(admin.readAll(name)).hasSize(1);
    }
}
