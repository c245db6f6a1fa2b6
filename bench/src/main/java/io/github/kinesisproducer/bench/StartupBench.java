package io.github.kinesisproducer.bench;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.bench.sink.NullSinkServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What a short-lived JVM (a Lambda function, a CLI run) pays before its first record is stored: time and CPU from
 * {@code main} to the first acknowledgement, classes loaded, peak RSS. The null sink runs in this JVM; each probe is a
 * fresh JVM that builds a producer, sends one record, waits for its ack and closes. One unreported round first warms the
 * sink.
 * <pre>java -jar kinesis-producer-bench.jar startup [--rounds 5]</pre>
 */
public final class StartupBench {
    private StartupBench() {
    }

    static int run(String[] args) throws Exception {
        int rounds = 5;
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].equals("--rounds")) {
                throw new IllegalArgumentException("unknown option " + args[i] + " (startup takes --rounds N)");
            }
            rounds = Integer.parseInt(args[i + 1]);
        }
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        List<String> lines = new ArrayList<>();
        try (NullSinkServer sink = NullSinkServer.start(4, 0, -1, 2, false)) {
            String endpoint = "http://127.0.0.1:" + sink.plainPort();
            Path output = Files.createTempFile("kinesis-producer-startup", ".txt");
            try {
                // Round 0 warms the sink (it runs in this JVM) and is not reported.
                for (int r = 0; r <= rounds; r++) {
                    Process p = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                            StartupBench.class.getName(), endpoint).redirectErrorStream(true)
                            .redirectOutput(output.toFile()).start();
                    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
                    String out = Files.readString(output);
                    if (!ended || p.exitValue() != 0) {
                        p.destroyForcibly();
                        System.err.print(out);
                        System.err.println(ended ? "startup probe failed" : "startup probe did not end within 60 s");
                        return 1;
                    }
                    String line = out.lines().filter(l -> l.startsWith("STARTUP ")).findFirst().orElseThrow();
                    if (r > 0) {
                        System.out.println(line);
                        lines.add(line);
                    }
                }
            } finally {
                Files.deleteIfExists(output);
            }
        }
        return lines.size() == rounds ? 0 : 1;
    }

    /** The probe: one fresh JVM, one producer, one record. */
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        int classes0 = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        long built;
        long acked;
        long cpuAck;
        int classesAck;
        try (KinesisProducer p = KinesisProducer.builder().streamName("startup").region("us-east-1")
                .endpointOverride(URI.create(args[0]))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIASTARTUP", "s")))
                .build()) {
            built = System.nanoTime();
            p.send("key-1", new byte[100]).get(30, TimeUnit.SECONDS);
            acked = System.nanoTime();
            cpuAck = os.getProcessCpuTime();
            classesAck = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        }
        long hwmKib = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst().orElse(-1);
        System.out.printf("STARTUP build=%d ms firstAck=%d ms cpuToFirstAck=%d ms classesLoaded=%d peakRss=%d MiB "
                        + "(from main; the JVM itself was up %d ms before)%n",
                (built - t0) / 1_000_000, (acked - t0) / 1_000_000, (cpuAck - cpu0) / 1_000_000, classesAck - classes0,
                hwmKib / 1024, ManagementFactory.getRuntimeMXBean().getUptime() - (System.nanoTime() - t0) / 1_000_000);
    }
}
