package io.github.kinesisproducer.internal.protocol;

import io.github.kinesisproducer.bench.BenchData;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * The producer's own PutRecords request path, per call: the JSON body written into a reused buffer (base64 in place),
 * and the same plus the SigV4 signature (SHA-256 of the body, HMAC chain). Same shapes as
 * {@code PutRecordsBuildBench}, whose {@code buildAndMarshal} is the SDK's way to the same body. Lives in the
 * producer's internal package because the classes it measures are package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PutRecordsWriteBench {
    @Param({"plain500x100", "agg100x51000"})
    public String shape;

    private PutRecordsRequest request;
    private byte[] buffer = new byte[0];
    private final SigV4 signer = new SigV4("us-east-1", "kinesis");
    private final Instant now = Instant.parse("2026-11-26T08:00:00Z");

    @Setup
    public void setup() {
        boolean agg = shape.startsWith("agg");
        int n = agg ? 100 : 500;
        BenchData d = BenchData.generate(n, agg ? 51_000 : 100, 3);
        SplittableRandom rnd = new SplittableRandom(9);
        List<PutRecordsRequest.Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(new PutRecordsRequest.Entry(agg ? "a" : d.keys[i],
                    agg ? new BigInteger(128, new java.util.Random(rnd.nextLong())).toString() : null, d.data[i]));
        }
        request = PutRecordsRequest.of("bench", entries);
    }

    private byte[] reused(int atLeast) {
        if (buffer.length < atLeast) {
            buffer = new byte[atLeast];
        }
        return buffer;
    }

    @Benchmark
    public int writeBody() {
        return PutRecordsJson.write(request, this::reused).length();
    }

    @Benchmark
    public Map<String, String> writeAndSign() {
        PutRecordsJson.Body body = PutRecordsJson.write(request, this::reused);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "kinesis.us-east-1.amazonaws.com");
        headers.put("Content-Type", "application/x-amz-json-1.1");
        headers.put("X-Amz-Target", "Kinesis_20131202.PutRecords");
        signer.sign(headers, "/", body.bytes(), body.length(), "AKIABENCH", "secret", null, now);
        return headers;
    }
}
