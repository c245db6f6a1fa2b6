package io.github.kinesisproducer.internal.protocol;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The producer's PutRecords response parsing, per response: 500 results (one call of un-aggregated records) all stored,
 * or one in ten refused with ProvisionedThroughputExceededException (the shape of a throttled shard), and 100 results
 * (a call of aggregates). The bodies look like the service's: 56-digit sequence numbers, shard ids, an error message
 * naming account, stream and shard. Lives in the producer's internal package because the parser is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PutRecordsReadBench {
    @Param({"ok500", "throttled500", "ok100"})
    public String shape;

    private byte[] body;

    @Setup
    public void setup() {
        int n = shape.endsWith("100") ? 100 : 500;
        boolean throttled = shape.startsWith("throttled");
        StringBuilder sb = new StringBuilder();
        int failed = 0;
        sb.append("{\"EncryptionType\":\"NONE\",\"Records\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String shard = String.format("shardId-%012d", i % 4);
            if (throttled && i % 10 == 3) {
                failed++;
                sb.append("{\"ErrorCode\":\"ProvisionedThroughputExceededException\",\"ErrorMessage\":\"Rate exceeded for ")
                        .append(shard).append(" in stream bench under account 000000000000.\"}");
            } else {
                sb.append("{\"SequenceNumber\":\"49590000000000000000000000000000000000").append(String.format("%018d", i))
                        .append("\",\"ShardId\":\"").append(shard).append("\"}");
            }
        }
        sb.append("],\"FailedRecordCount\":").append(failed).append('}');
        body = sb.toString().getBytes(StandardCharsets.UTF_8);
        PutRecordsResponse r = PutRecordsJson.read(body, body.length);
        if (r.records().size() != n || r.failedRecordCount() != failed) {
            throw new IllegalStateException("the parser read " + r.records().size() + " results, " + r.failedRecordCount()
                    + " failed; expected " + n + ", " + failed);
        }
    }

    @Benchmark
    public PutRecordsResponse read() {
        return PutRecordsJson.read(body, body.length);
    }
}
