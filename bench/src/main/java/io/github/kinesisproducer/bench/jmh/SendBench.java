package io.github.kinesisproducer.bench.jmh;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.bench.BenchData;
import io.github.kinesisproducer.internal.engine.TransportOverride;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code KinesisProducer.send} throughput with a no-op transport (no network, no SDK marshalling): validation,
 * buffer accounting, hashing, aggregation, batching and completion of every future, end to end inside the producer.
 * Rate limiting is off (it would cap the score at 150 % of the shards' quota). Back-pressure (the buffer limits)
 * keeps the producer's own threads in step with the sending thread, so the score is the pipeline's throughput.
 * On a 2-core machine the producer's sender and callback threads compete with the JMH thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SendBench {
    static final int N = 1 << 16;

    @Param({"KPL", "NONE"})
    public String aggregation;

    @Param({"100"})
    public int size;

    private KinesisProducer producer;
    private String[] keys;
    private byte[][] data;
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        BenchData d = BenchData.generate(N, size, 5);
        keys = d.keys;
        data = d.data;
        producer = TransportOverride.use(KinesisProducer.builder()
                .streamName("jmh")
                .region("us-east-1"), new NoopTransport(4))
                .aggregation(Aggregation.valueOf(aggregation))
                .maxBufferedTime(Duration.ofMillis(100))
                .configure(c -> c.rateLimitPercent(0))
                .build();
        producer.send("probe", new byte[size]).join();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        producer.flush().join();
        producer.close();
    }

    @Benchmark
    public CompletableFuture<RecordResult> send() {
        int i = next++ & (N - 1);
        return producer.send(keys[i], data[i]);
    }
}
