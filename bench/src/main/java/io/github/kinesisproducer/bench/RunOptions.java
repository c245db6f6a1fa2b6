package io.github.kinesisproducer.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Options shared by the e2e orchestrator and the per-producer runner JVMs ({@code --name value} pairs). */
public final class RunOptions {
    public int records = 1_000_000;
    public int size = 100;
    public int shards = 4;
    public int warmup = 20_000;
    public int maxOutstanding = 10_000;
    /** Timed-phase send rate in records/s; 0 = as fast as the outstanding bound allows. */
    public int rate = 0;
    public long seed = 42;
    public String stream = "bench";
    public List<String> producers = new ArrayList<>(List.of("ours", "kpl", "naive"));
    public boolean smoke;
    public boolean decode = true;
    public int plainPort = -1;
    public int tlsPort = -1;
    /** Wait after the probe record so that shard maps are loaded before timing (the KPL needs ~1.2 s). */
    public long probeWaitMs = 2000;
    public int naiveBatch = 500;
    public int naiveInFlight = 4;
    public long timeoutSeconds = 600;
    public String jvmOpts = "";
    public int repeat = 1;
    public int sinkThreads = 4;
    /** KPL only: the daemon's RecordMaxBufferedTime / RateLimit. */
    public long maxBufferedMs = 100;
    public int rateLimit = 150;
    /** Before each run, wait up to this long for the machine to be idle. */
    public long quietWaitSeconds = 30;
    /** Run a producer again (up to this many times) when other processes disturbed its run. */
    public int retryDisturbed = 0;
    /** PutRecords calls per sink port to warm the sink's JIT before the first run (0 = none). */
    public int sinkWarmup = 200;
    /** Ours and naive over the sink's TLS port (the KPL always uses TLS). */
    public boolean tls;
    /** Set by the orchestrator from the sink: makes a runner JVM trust the sink's certificate. Not a CLI option. */
    public java.util.List<String> trustStoreJvmOptions = java.util.List.of();
    /** Ours only: KPL, DELIMITED or NONE. */
    public String aggregation = "KPL";
    /**
     * Make each record when it is sent instead of all before the clock starts: the runner's RSS is then the producer's
     * and not ~315 MiB of test data per million records, at the price of ~0.1 µs of harness CPU per record (the same
     * for every producer).
     */
    public boolean lazyData;

    public static RunOptions parse(String[] args, int from) {
        RunOptions o = new RunOptions();
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.equals("smoke") || name.equals("no-decode") || name.equals("tls") || name.equals("lazy-data")) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("missing value for --" + name);
            }
            m.put(name, value);
        }
        if (Boolean.parseBoolean(m.getOrDefault("smoke", "false"))) {
            o.smoke = true;
            o.records = 20_000;
            o.warmup = 2_000;
            o.producers = new ArrayList<>(List.of("ours", "naive"));
            o.probeWaitMs = 500;
            o.quietWaitSeconds = 0;
            o.sinkWarmup = 20;
        }
        m.forEach((k, v) -> o.set(k, v));
        return o;
    }

    private void set(String name, String v) {
        switch (name) {
            case "records" -> records = Integer.parseInt(v.replace("_", ""));
            case "size" -> size = Integer.parseInt(v);
            case "shards" -> shards = Integer.parseInt(v);
            case "warmup" -> warmup = Integer.parseInt(v.replace("_", ""));
            case "max-outstanding" -> maxOutstanding = Integer.parseInt(v);
            case "rate" -> rate = Integer.parseInt(v.replace("_", ""));
            case "seed" -> seed = Long.parseLong(v);
            case "stream" -> stream = v;
            case "producers" -> producers = new ArrayList<>(List.of(v.split(",")));
            case "smoke" -> smoke = Boolean.parseBoolean(v);
            case "tls" -> tls = Boolean.parseBoolean(v);
            case "lazy-data" -> lazyData = Boolean.parseBoolean(v);
            case "no-decode" -> decode = !Boolean.parseBoolean(v);
            case "plain-port" -> plainPort = Integer.parseInt(v);
            case "tls-port" -> tlsPort = Integer.parseInt(v);
            case "probe-wait-ms" -> probeWaitMs = Long.parseLong(v);
            case "naive-batch" -> naiveBatch = Integer.parseInt(v);
            case "naive-in-flight" -> naiveInFlight = Integer.parseInt(v);
            case "timeout-seconds" -> timeoutSeconds = Long.parseLong(v);
            case "jvm-opts" -> jvmOpts = v;
            case "repeat" -> repeat = Integer.parseInt(v);
            case "sink-threads" -> sinkThreads = Integer.parseInt(v);
            case "max-buffered-ms" -> maxBufferedMs = Long.parseLong(v);
            case "rate-limit" -> rateLimit = Integer.parseInt(v);
            case "quiet-wait-seconds" -> quietWaitSeconds = Long.parseLong(v);
            case "retry-disturbed" -> retryDisturbed = Integer.parseInt(v);
            case "sink-warmup" -> sinkWarmup = Integer.parseInt(v);
            case "aggregation" -> aggregation = v.toUpperCase(java.util.Locale.ROOT);
            default -> throw new IllegalArgumentException("unknown option --" + name);
        }
    }

    /** The options a runner JVM needs, as arguments. */
    public List<String> toRunnerArgs() {
        return List.of("--records", Integer.toString(records), "--size", Integer.toString(size),
                "--shards", Integer.toString(shards), "--warmup", Integer.toString(warmup),
                "--max-outstanding", Integer.toString(maxOutstanding), "--rate", Integer.toString(rate),
                "--seed", Long.toString(seed),
                "--stream", stream, "--plain-port", Integer.toString(plainPort), "--tls-port", Integer.toString(tlsPort),
                "--probe-wait-ms", Long.toString(probeWaitMs), "--naive-batch", Integer.toString(naiveBatch),
                "--naive-in-flight", Integer.toString(naiveInFlight), "--timeout-seconds", Long.toString(timeoutSeconds),
                "--max-buffered-ms", Long.toString(maxBufferedMs), "--rate-limit", Integer.toString(rateLimit),
                "--aggregation", aggregation, "--tls=" + tls, "--lazy-data=" + lazyData);
    }
}
