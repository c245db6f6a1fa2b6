package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.internal.protocol.KinesisTransport;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * An in-memory one-shard stream for unit tests. Stores everything except records whose data starts with "bad",
 * which get InvalidArgumentException; when {@link #unresponsive}, PutRecords never answers (an outage).
 */
final class FakeKinesis implements KinesisTransport {
    final List<String> stored = Collections.synchronizedList(new ArrayList<>());
    private final boolean unresponsive;

    private FakeKinesis(boolean unresponsive) {
        this.unresponsive = unresponsive;
    }

    static FakeKinesis working() {
        return new FakeKinesis(false);
    }

    static FakeKinesis unresponsive() {
        return new FakeKinesis(true);
    }

    KinesisProducer producer() {
        return KinesisProducer.builder().streamName("s").region("us-east-1").transport(this)
                .aggregation(Aggregation.NONE).maxBufferedTime(Duration.ofMillis(10)).build();
    }

    @Override
    public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
        if (unresponsive) {
            return new CompletableFuture<>();
        }
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
                        .endingHashKey(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE).toString()).build())
                .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber("0").build()).build()));
    }

    @Override
    public void close() {
    }

    /** A source of these records, then of {@code end}: null (the end of the input) or an exception to throw. */
    static Sender.Source source(Exception end, String... records) {
        return new Sender.Source() {
            int i;

            @Override
            public byte[] next() throws java.io.IOException {
                if (i < records.length) {
                    return records[i++].getBytes(StandardCharsets.UTF_8);
                }
                if (end instanceof java.io.IOException io) {
                    throw io;
                }
                if (end instanceof RuntimeException r) {
                    throw r;
                }
                return null;
            }

            @Override
            public String position() {
                return "test record " + i;
            }
        };
    }
}
