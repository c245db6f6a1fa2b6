package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.internal.KinesisTransport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** The send loop's bookkeeping, against an in-memory one-shard transport. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SenderTest {
    private final ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBuf, true, StandardCharsets.UTF_8);

    /** Stores everything except records whose data starts with "bad", which get InvalidArgumentException. */
    private static final class OneShard implements KinesisTransport {
        final List<String> stored = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
            List<PutRecordsResultEntry> results = new ArrayList<>();
            int failed = 0;
            for (PutRecordsRequestEntry e : request.records()) {
                String data = e.data().asUtf8String();
                if (data.startsWith("bad")) {
                    failed++;
                    results.add(PutRecordsResultEntry.builder().errorCode("InvalidArgumentException")
                            .errorMessage("rejected").build());
                } else {
                    stored.add(data);
                    results.add(PutRecordsResultEntry.builder().shardId("shardId-000000000000")
                            .sequenceNumber(Integer.toString(stored.size())).build());
                }
            }
            return CompletableFuture.completedFuture(
                    PutRecordsResponse.builder().records(results).failedRecordCount(failed).build());
        }

        @Override
        public CompletableFuture<List<Shard>> listShards(String streamName) {
            return CompletableFuture.completedFuture(List.of(Shard.builder().shardId("shardId-000000000000")
                    .hashKeyRange(HashKeyRange.builder().startingHashKey("0")
                            .endingHashKey(java.math.BigInteger.ONE.shiftLeft(128).subtract(java.math.BigInteger.ONE)
                                    .toString()).build())
                    .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber("0").build()).build()));
        }

        @Override
        public void close() {
        }
    }

    private static KinesisProducer producer(OneShard fake) {
        return KinesisProducer.builder().streamName("s").region("us-east-1").transport(fake)
                .aggregation(Aggregation.NONE).maxBufferedTime(Duration.ofMillis(10)).build();
    }

    private static Sender.Source of(String... records) {
        return new Sender.Source() {
            int i;

            @Override
            public byte[] next() {
                return i < records.length ? records[i++].getBytes(StandardCharsets.UTF_8) : null;
            }

            @Override
            public String position() {
                return "test record " + i;
            }
        };
    }

    @Test
    void countsSuccessesAndLocalFailuresByCode() throws Exception {
        OneShard fake = new OneShard();
        Sender sender;
        try (KinesisProducer p = producer(fake)) {
            sender = new Sender(p, PartitionKeys.parse("json:id"), err);
            sender.sendAll(of("{\"id\":\"a\"}", "{\"id\":\"b\"}", "{\"nope\":1}", "garbage"));
            p.close();
            sender.awaitCallbacks(Duration.ofSeconds(10));
        }
        assertThat(sender.succeeded()).isEqualTo(2);
        assertThat(sender.failed()).isEqualTo(2);
        assertThat(sender.submitted()).isEqualTo(2);
        assertThat(sender.failuresByCode()).containsEntry(PartitionKeys.NO_KEY, 2L).hasSize(1);
        assertThat(sender.stopReason()).isNull();
        assertThat(fake.stored).containsExactlyInAnyOrder("{\"id\":\"a\"}", "{\"id\":\"b\"}");
        assertThat(errBuf.toString(StandardCharsets.UTF_8))
                .contains("error: test record 3: JSON has no field 'id'")
                .contains("error: test record 4: not valid JSON");
    }

    @Test
    void oversizedRecordsAreRefusedLocally() throws Exception {
        OneShard fake = new OneShard();
        Sender sender;
        try (KinesisProducer p = producer(fake)) {
            sender = new Sender(p, PartitionKeys.parse("random"), err);
            sender.sendAll(of("small", "x".repeat(1024 * 1024 + 1)));
            p.close();
            sender.awaitCallbacks(Duration.ofSeconds(10));
        }
        assertThat(sender.succeeded()).isEqualTo(1);
        assertThat(sender.failuresByCode()).containsEntry(Sender.INVALID_RECORD, 1L);
        assertThat(errBuf.toString(StandardCharsets.UTF_8)).contains("test record 2: record too large");
    }

    @Test
    void aNonRetriableFailureStopsReadingTheRestOfTheInput() throws Exception {
        OneShard fake = new OneShard();
        Sender sender;
        int[] handedOut = {0};
        try (KinesisProducer p = producer(fake)) {
            sender = new Sender(p, PartitionKeys.parse("random"), err);
            Sender.Source endless = new Sender.Source() {
                @Override
                public byte[] next() throws java.io.IOException {
                    handedOut[0]++;
                    try {
                        Thread.sleep(1); // give the failure time to come back
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                    return (handedOut[0] == 1 ? "bad" : "good").getBytes(StandardCharsets.UTF_8);
                }

                @Override
                public String position() {
                    return "record " + handedOut[0];
                }
            };
            sender.sendAll(endless);
            p.close();
            sender.awaitCallbacks(Duration.ofSeconds(10));
        }
        assertThat(sender.stopReason()).isEqualTo("InvalidArgumentException");
        assertThat(sender.failuresByCode()).containsEntry("InvalidArgumentException", 1L);
        assertThat(sender.succeeded()).isEqualTo(sender.submitted() - 1);
        assertThat(errBuf.toString(StandardCharsets.UTF_8)).contains("stopping: InvalidArgumentException");
    }
}
