package io.github.kinesisproducer.bench.jmh;

import io.github.kinesisproducer.bench.BenchData;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
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
import software.amazon.awssdk.core.ClientEndpointProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.SdkClientConfiguration;
import software.amazon.awssdk.core.client.config.SdkClientOption;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.protocols.json.AwsJsonProtocol;
import software.amazon.awssdk.protocols.json.AwsJsonProtocolFactory;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.transform.PutRecordsRequestMarshaller;

/**
 * One PutRecords call's request: building the SDK model (what the producer's engine does per call), and building plus
 * marshalling it to the JSON 1.1 body with the SDK's own marshaller (base64 of every record). Scores are µs per call.
 * Shapes: 500 plain 100-byte records (no aggregation), or 100 KPL-sized aggregates of 51,000 bytes (≈ 5 MB, with
 * explicit hash keys, as the producer sends them).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PutRecordsBuildBench {
    @Param({"plain500x100", "agg100x51000"})
    public String shape;

    private String[] keys;
    private String[] ehks;
    private byte[][] data;
    private PutRecordsRequestMarshaller marshaller;
    private final byte[] sink = new byte[64 * 1024];

    @Setup
    public void setup() {
        boolean agg = shape.startsWith("agg");
        int n = agg ? 100 : 500;
        BenchData d = BenchData.generate(n, agg ? 51_000 : 100, 3);
        keys = d.keys;
        data = d.data;
        ehks = new String[n];
        SplittableRandom rnd = new SplittableRandom(9);
        for (int i = 0; i < n; i++) {
            if (agg) {
                keys[i] = "a";
                ehks[i] = new BigInteger(128, new java.util.Random(rnd.nextLong())).toString();
            }
        }
        AwsJsonProtocolFactory factory = AwsJsonProtocolFactory.builder()
                .clientConfiguration(SdkClientConfiguration.builder()
                        .option(SdkClientOption.CLIENT_ENDPOINT_PROVIDER, ClientEndpointProvider.create(
                                URI.create("https://kinesis.us-east-1.amazonaws.com"), false)).build())
                .protocol(AwsJsonProtocol.AWS_JSON)
                .protocolVersion("1.1")
                .build();
        marshaller = new PutRecordsRequestMarshaller(factory);
    }

    @Benchmark
    public PutRecordsRequest buildModel() {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(data.length);
        for (int i = 0; i < data.length; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey(keys[i]).explicitHashKey(ehks[i])
                    .data(SdkBytes.fromByteArrayUnsafe(data[i])).build());
        }
        return PutRecordsRequest.builder().streamName("bench").records(entries).build();
    }

    @Benchmark
    public long buildAndMarshal() throws IOException {
        SdkHttpFullRequest http = marshaller.marshall(buildModel());
        long total = 0;
        try (InputStream in = http.contentStreamProvider().orElseThrow().newStream()) {
            int n;
            while ((n = in.read(sink)) > 0) {
                total += n;
            }
        }
        return total;
    }
}
