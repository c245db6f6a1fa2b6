package io.github.kinesisproducer.bench.flink;

import io.github.kinesisproducer.bench.ProcStats;
import io.github.kinesisproducer.flink.AwsCredentials;
import io.github.kinesisproducer.flink.KinesisProducerSink;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * One sink's run, in a JVM of its own: a Flink MiniCluster job (an unthrottled generator source of the bench's
 * records, then the sink) measured from the moment the job runs until it has finished, which includes every sink's
 * end-of-input flush. Writes its figures to {@code --result-file}.
 *
 * <pre>
 * java -cp ... FlinkBenchRunner --sink ours|baseline|discard --endpoint http://127.0.0.1:PORT --records N --size B
 *      --parallelism P --checkpoint-ms C --result-file F [--warmup W]
 * </pre>
 */
public final class FlinkBenchRunner {
    static final String STREAM = "flink-bench";

    private FlinkBenchRunner() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = FlinkBench.options(args);
        String sinkName = o.get("sink");
        URI endpoint = URI.create(o.get("endpoint"));
        int records = Integer.parseInt(o.get("records"));
        int size = Integer.parseInt(o.get("size"));
        int parallelism = Integer.parseInt(o.get("parallelism"));
        long checkpointMs = Long.parseLong(o.get("checkpoint-ms"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "0"));
        for (String kv : o.getOrDefault("producer", "").split(",", 0)) {
            if (!kv.isBlank()) {
                producerProperties.setProperty(kv.substring(0, kv.indexOf('=')).trim(),
                        kv.substring(kv.indexOf('=') + 1).trim());
            }
        }
        if (warmup > 0) {
            // An untimed job first: class loading and JIT compilation of both Flink and the sink happen here.
            run(sinkName, endpoint, warmup, size, parallelism, checkpointMs, null, null);
        }
        long pid = ProcessHandle.current().pid();
        long[] window = new long[2];
        String[] threads = new String[2];
        // The timed job's window at the null sink: after any warm-up, whose records must not count.
        NullSinkHttp nullSink = new NullSinkHttp(endpoint);
        nullSink.expect(records);
        Map<String, Long> before = nullSink.stats();
        run(sinkName, endpoint, records, size, parallelism, checkpointMs, window, threads);
        Map<String, Long> atSink = io.github.kinesisproducer.bench.sink.SinkStats.delta(nullSink.stats(), before);
        // To a file of its own: Flink's loggers write to the same console from other threads.
        java.nio.file.Files.writeString(java.nio.file.Path.of(o.get("result-file")), String.format(
                "sink=%s records=%d wallMs=%d cpuMs=%d cpuTotalMs=%d peakRssKib=%d kinesisRecords=%d "
                        + "putRecordsCalls=%d userRecords=%d badAggregates=%d%nthreads=Java %s; JVM %s%n",
                sinkName, records, window[0], window[1], ProcStats.cpuMillis(pid), ProcStats.statusKib(pid, "VmHWM"),
                atSink.get("kinesisRecords"), atSink.get("putRecordsCalls"), atSink.get("userRecords"),
                atSink.get("badAggregates"), threads[0], threads[1]));
        System.exit(0); // MiniCluster leaves non-daemon threads behind for a while
    }

    /**
     * Runs one job; with {@code window}, fills it with {wall ms, CPU ms} from RUNNING to finished, and
     * {@code threads} with where that CPU went: {Java threads by name, the JVM's own threads (JIT, GC)}.
     */
    private static void run(String sinkName, URI endpoint, int records, int size, int parallelism, long checkpointMs,
            long[] window, String[] threads) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.enableCheckpointing(checkpointMs);
        BenchRecords data = new BenchRecords(records, size);
        env.fromSource(new DataGeneratorSource<>(data.generator(), records,
                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO),
                        WatermarkStrategy.noWatermarks(), "records")
                .sinkTo(sink(sinkName, endpoint, data)).name(sinkName);
        long pid = ProcessHandle.current().pid();
        JobClient job = env.executeAsync("flink-bench " + sinkName);
        while (job.getJobStatus().get(30, TimeUnit.SECONDS) != JobStatus.RUNNING) {
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                break;
            }
            Thread.sleep(5);
        }
        long t0 = System.nanoTime();
        long c0 = ProcStats.cpuMillis(pid);
        Map<String, Long> jvm0 = ProcStats.threadCpuMillis(pid);
        try (ThreadCpuSampler sampler = new ThreadCpuSampler()) {
            job.getJobExecutionResult().get(30, TimeUnit.MINUTES);
            if (window != null) {
                window[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                window[1] = ProcStats.cpuMillis(pid) - c0;
                threads[0] = sampler.summary();
                Map<String, Long> jvm1 = ProcStats.threadCpuMillis(pid);
                jvm1.keySet().removeIf(name -> !((name.startsWith("C") && name.contains("Compiler"))
                        || name.startsWith("G") || name.startsWith("VM")));
                threads[1] = ProcStats.threadDelta(jvm0, jvm1);
            }
        }
    }

    /** Producer settings for {@code ours} from {@code --producer key=value,...} (none: the producer's defaults). */
    private static java.util.Properties producerProperties = new java.util.Properties();

    private static Sink<byte[]> sink(String name, URI endpoint, BenchRecords data) {
        return switch (name) {
            // kinesis-producer-flink with the producer's defaults (KPL aggregation, 100 ms buffer time, ...).
            case "ours" -> KinesisProducerSink.<byte[]>builder().streamName(STREAM).region("us-east-1")
                    .endpoint(endpoint)
                    .credentials(AwsCredentials.basic("AKIABENCHLOCAL000000", "dummy-secret-key"))
                    .serializationSchema((SerializationSchema<byte[]>) record -> record)
                    .partitionKey(data::key)
                    .properties(producerProperties)
                    .build();
            case "baseline" -> new BaselineKinesisSink(STREAM, endpoint, data);
            case "discard" -> new DiscardingSink<>();
            default -> throw new IllegalArgumentException("--sink must be ours, baseline or discard; got " + name);
        };
    }
}
