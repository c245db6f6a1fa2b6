package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.internal.engine.FakeStreams;
import io.github.kinesisproducer.internal.engine.TransportOverride;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One producer, several streams, through the public API on a real sender thread, with the in-memory transport. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MultiStreamProducerTest {
    private static final String ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/orders";

    private static KinesisProducer.Builder builder(FakeStreams fakes) {
        return TransportOverride.use(KinesisProducer.builder().region("us-east-1"), fakes)
                .maxBufferedTime(Duration.ofHours(1)); // only flush/close send: no timing in these tests
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void withoutAStreamName_everyRecordNamesItsStream_andOneWithoutIsAClearErrorThatBuffersNothing() throws Exception {
        FakeStreams fakes = new FakeStreams().add("orders", 2).add("audit", 1);
        try (KinesisProducer p = builder(fakes).aggregation(Aggregation.NONE).build()) {
            assertThat(p.config().streamName()).isNull();
            assertThatThrownBy(() -> p.send("k", bytes("x"))).isInstanceOf(InvalidRecordException.class)
                    .hasMessageStartingWith("stream is missing").hasMessageContaining("sendTo(stream");
            assertThatThrownBy(() -> p.send(bytes("x"))).isInstanceOf(InvalidRecordException.class);
            assertThatThrownBy(() -> p.trySend("k", "1", bytes("x"))).isInstanceOf(InvalidRecordException.class);
            assertThatThrownBy(() -> p.send(KinesisRecord.of("k", bytes("x")))).isInstanceOf(
                    InvalidRecordException.class);
            assertThatThrownBy(() -> p.sendTo("bad name!", "k", bytes("x"))).isInstanceOf(
                    InvalidRecordException.class).hasMessageStartingWith("stream is invalid: 'bad name!'");
            assertThatThrownBy(() -> p.sendTo(null, "k", bytes("x"))).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> p.sendTo("orders", null, bytes("x"))).isInstanceOf(
                    InvalidRecordException.class).hasMessageStartingWith("partitionKey");
            assertThat(p.metrics().bufferedRecords()).isZero();
            assertThat(p.metrics().userRecordsReceived()).isZero();

            CompletableFuture<RecordResult> a = p.sendTo("orders", "k", bytes("a"));
            CompletableFuture<RecordResult> b = p.sendTo("orders", "k", "7", bytes("b"));
            CompletableFuture<RecordResult> c = p.send(KinesisRecord.of("k", bytes("c")).withStream("audit"));
            CompletableFuture<RecordResult> d = p.trySend(KinesisRecord.of(bytes("d")).withStream("audit"));
            p.flush().get(10, TimeUnit.SECONDS);
            assertThat(List.of(a, b, c, d)).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            assertThat(fakes.stream("orders").stored()).hasSize(2);
            assertThat(fakes.stream("audit").stored()).hasSize(2);
            assertThat(p.metrics("orders").userRecordsPut()).isEqualTo(2);
            assertThat(p.metrics("audit").userRecordsPut()).isEqualTo(2);
            assertThat(p.metrics().userRecordsPut()).isEqualTo(4);
            assertThat(p.metrics("never-used")).isNull();
        }
    }

    @Test
    void withADefaultStream_sendGoesThereAndSendToElsewhere_flushOfOneStreamAndCloseDrainsAll() throws Exception {
        FakeStreams fakes = new FakeStreams().add("main", 2).add("side", 2).add(ARN, 1);
        KinesisProducer p = builder(fakes).streamName("main").build();
        CompletableFuture<RecordResult> m = p.send("k", bytes("m"));
        CompletableFuture<RecordResult> s = p.sendTo("side", "k", bytes("s"));
        CompletableFuture<RecordResult> x = p.sendTo(ARN, "k", bytes("x"));
        p.flush("side").get(10, TimeUnit.SECONDS);
        assertThat(s).isCompleted();
        assertThat(m).as("the default stream keeps its buffer time").isNotDone();
        assertThat(p.flush("main")).isNotNull();
        p.close();
        assertThat(List.of(m, s, x)).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(fakes.stream("main").stored()).hasSize(1);
        assertThat(fakes.stream(ARN).stored()).hasSize(1);
        assertThat(fakes.requests()).filteredOn(r -> r.streamArn() != null).singleElement()
                .satisfies(r -> assertThat(r.streamArn()).isEqualTo(ARN));
        assertThat(p.metrics(ARN).userRecordsPut()).isEqualTo(1);
    }

    @Test
    void aStuckStreamHoldsAtMostItsShareOfTheBuffer_theOthersKeepTheRest() throws Exception {
        FakeStreams fakes = new FakeStreams().add("stuck", 1).add("free", 1);
        fakes.stream("stuck").hold(true); // its calls never come back until released
        int mib = 1024 * 1024;
        KinesisProducer p = builder(fakes).maxBufferedBytes(mib).maxBlock(Duration.ZERO)
                .maxBufferedTime(Duration.ofMillis(1)).configure(c -> c.requestTimeout(Duration.ofMinutes(1))
                        .recordTtl(Duration.ofMinutes(1)).streamBufferShare(50)).build();
        try {
            p.sendTo("free", "k", bytes("first")).get(10, TimeUnit.SECONDS); // two streams in use: shares apply
            byte[] kib = new byte[1024];
            int accepted = 0;
            BufferFullException full = null;
            while (full == null) {
                try {
                    p.sendTo("stuck", "k", kib);
                    accepted++;
                } catch (BufferFullException e) {
                    full = e;
                }
            }
            assertThat(full).hasMessageContaining("stream 'stuck'").hasMessageContaining("stream_buffer_share=50")
                    .hasMessageContaining("other streams are not affected");
            assertThat(p.metrics("stuck").bufferedBytes()).isLessThanOrEqualTo(mib / 2).isGreaterThan(mib / 2 - 2048);
            assertThat(accepted).isBetween(500, 512);
            // The other stream still has its room: half as many records as the stuck one holds, without waiting.
            List<CompletableFuture<RecordResult>> free = new ArrayList<>();
            for (int i = 0; i < accepted / 2; i++) {
                free.add(p.trySend(KinesisRecord.of("k", kib).withStream("free")));
            }
            CompletableFuture.allOf(free.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(p.metrics().bufferedBytes()).isLessThanOrEqualTo(mib);
            fakes.stream("stuck").hold(false);
            fakes.stream("stuck").release();
            p.flush().get(10, TimeUnit.SECONDS);
            assertThat(p.metrics("stuck").userRecordsPut()).isEqualTo(accepted);
        } finally {
            p.close(Duration.ofSeconds(1)); // the stuck stream's calls never end on their own
        }
    }

    @Test
    void aSingleStreamMayUseTheWholeBuffer() {
        FakeStreams fakes = new FakeStreams().add("only", 1);
        fakes.stream("only").hold(true);
        int mib = 1024 * 1024;
        KinesisProducer p = builder(fakes).streamName("only").maxBufferedBytes(mib).maxBlock(Duration.ZERO)
                .configure(c -> c.requestTimeout(Duration.ofMinutes(1))).build();
        try {
            byte[] kib = new byte[1024];
            assertThatThrownBy(() -> {
                while (true) {
                    p.send("k", kib);
                }
            }).isInstanceOf(BufferFullException.class).hasMessageStartingWith("buffer full");
            assertThat(p.metrics().bufferedBytes()).isGreaterThan(mib - 2048);
        } finally {
            p.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void listenersGetTheStream_andListenersWrittenForOneStreamStillGetEveryEvent() throws Exception {
        FakeStreams fakes = new FakeStreams().add("a", 1).add("b", 2);
        List<String> withStream = new CopyOnWriteArrayList<>();
        List<String> without = new CopyOnWriteArrayList<>();
        ProducerListener both = new ProducerListener() {
            @Override
            public void shardMapLoaded(String stream, int openShards) {
                withStream.add(stream + " " + openShards);
            }

            @Override
            public void putRecordsCompleted(String stream, int kinesisRecords, int failed, int userRecords,
                    long bytes, Duration latency, String requestError) {
                withStream.add(stream + " put " + userRecords);
            }

            @Override
            public void userRecordsFailed(String stream, String errorCode, int count) {
                withStream.add(stream + " failed " + errorCode);
            }
        };
        ProducerListener old = new ProducerListener() {
            @Override
            public void shardMapLoaded(int openShards) {
                without.add("map " + openShards);
            }

            @Override
            public void userRecordsFailed(String errorCode, int count) {
                without.add("failed " + errorCode);
            }
        };
        for (ProducerListener l : List.of(both, old)) {
            try (KinesisProducer p = builder(fakes).listener(l).build()) {
                p.sendTo("a", "k", bytes("a"));
                p.sendTo("b", "k", bytes("b"));
                p.sendTo("ghost", "k", bytes("g"));
                p.flush().get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(withStream).contains("a 1", "b 2", "a put 1", "b put 1", "ghost failed ResourceNotFoundException");
        assertThat(without).contains("map 1", "map 2", "failed ResourceNotFoundException");
    }

    @Test
    void strictOrderingRefusesOnlyTheStreamThatPlacesRecordsItself() throws Exception {
        FakeStreams fakes = new FakeStreams().add("keyed", 2).add("auto", 2);
        fakes.stream("auto").auto(true);
        try (KinesisProducer p = builder(fakes).strictOrdering(true).build()) {
            CompletableFuture<RecordResult> refused = p.sendTo("auto", "k", bytes("x"));
            p.flush().get(10, TimeUnit.SECONDS);
            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(() -> p.sendTo("auto", "k", bytes("y"))).isInstanceOf(
                    IncompatibleStreamException.class).hasMessageContaining("stream 'auto'");
            CompletableFuture<RecordResult> ok = p.sendTo("keyed", "k", bytes("z"));
            p.flush().get(10, TimeUnit.SECONDS);
            assertThat(ok).isCompleted().isNotCompletedExceptionally();
        }
    }

    @Test
    void theInterfacesDefaultMethodsSendThroughSendKinesisRecord() throws Exception {
        FakeStreams fakes = new FakeStreams().add("main", 1).add("other", 1);
        try (KinesisProducer real = builder(fakes).streamName("main").aggregation(Aggregation.NONE).build()) {
            Producer minimal = new ForwardingOnlyTheOldMethods(real);
            minimal.sendTo("other", "k", bytes("1"));
            minimal.sendTo("other", "k", "5", bytes("2"));
            assertThatThrownBy(() -> minimal.sendTo("other", null, bytes("3"))).isInstanceOf(
                    InvalidRecordException.class);
            minimal.flush("other").get(10, TimeUnit.SECONDS);
            assertThat(fakes.stream("other").stored()).hasSize(2)
                    .anySatisfy(s -> assertThat(s.explicitHashKey()).isEqualTo("5"));
            assertThat(fakes.stream("main").stored()).isEmpty();
        }
    }

    /** A test double written before sendTo existed: everything goes through the methods it had. */
    private static final class ForwardingOnlyTheOldMethods implements Producer {
        private final Producer d;

        ForwardingOnlyTheOldMethods(Producer d) {
            this.d = d;
        }

        @Override
        public CompletableFuture<RecordResult> send(byte[] data) {
            return d.send(data);
        }

        @Override
        public CompletableFuture<RecordResult> send(String partitionKey, byte[] data) {
            return d.send(partitionKey, data);
        }

        @Override
        public CompletableFuture<RecordResult> send(String partitionKey, String explicitHashKey, byte[] data) {
            return d.send(partitionKey, explicitHashKey, data);
        }

        @Override
        public CompletableFuture<RecordResult> send(KinesisRecord record) {
            return d.send(record);
        }

        @Override
        public CompletableFuture<RecordResult> trySend(String partitionKey, byte[] data) {
            return d.trySend(partitionKey, data);
        }

        @Override
        public CompletableFuture<RecordResult> trySend(String partitionKey, String explicitHashKey, byte[] data) {
            return d.trySend(partitionKey, explicitHashKey, data);
        }

        @Override
        public CompletableFuture<RecordResult> trySend(KinesisRecord record) {
            return d.trySend(record);
        }

        @Override
        public CompletableFuture<Void> flush() {
            return d.flush();
        }

        @Override
        public void close() {
            d.close();
        }

        @Override
        public boolean close(Duration timeout) {
            return d.close(timeout);
        }

        @Override
        public ProducerMetrics metrics() {
            return d.metrics();
        }
    }
}
