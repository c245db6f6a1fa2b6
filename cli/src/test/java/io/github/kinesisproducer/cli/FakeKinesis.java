package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.internal.engine.TransportOverride;
import io.github.kinesisproducer.internal.protocol.KinesisTransport;
import io.github.kinesisproducer.internal.protocol.ListedShard;
import io.github.kinesisproducer.internal.protocol.PutRecordsRequest;
import io.github.kinesisproducer.internal.protocol.PutRecordsResponse;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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
        return TransportOverride.use(KinesisProducer.builder().streamName("s").region("us-east-1"), this)
                .aggregation(Aggregation.NONE).maxBufferedTime(Duration.ofMillis(10)).build();
    }

    @Override
    public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
        if (unresponsive) {
            return new CompletableFuture<>();
        }
        List<PutRecordsResponse.Result> results = new ArrayList<>();
        int failed = 0;
        for (PutRecordsRequest.Entry e : request.records()) {
            String data = new String(e.data(), StandardCharsets.UTF_8);
            if (data.startsWith("bad")) {
                failed++;
                results.add(PutRecordsResponse.Result.failed("InvalidArgumentException", "rejected"));
            } else {
                stored.add(data);
                results.add(PutRecordsResponse.Result.stored("shardId-000000000000", Integer.toString(stored.size())));
            }
        }
        return CompletableFuture.completedFuture(new PutRecordsResponse(results, failed));
    }

    @Override
    public CompletableFuture<List<ListedShard>> listShards(String streamName) {
        return CompletableFuture.completedFuture(List.of(ListedShard.open("shardId-000000000000", "0",
                BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE).toString())));
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
