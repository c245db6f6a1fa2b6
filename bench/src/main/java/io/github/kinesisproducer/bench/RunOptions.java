package io.github.kinesisproducer.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Options shared by the e2e orchestrator and the per-producer runner JVMs ({@code --name value} or {@code --name=value}).
 * Loaded in every runner JVM, including the KPL's: it references nothing outside the JDK.
 */
public final class RunOptions {
    /** Partition keys are random UUIDs: 36 ASCII characters ({@link BenchData}). */
    public static final int KEY_LENGTH = 36;
    /** What {@code --smoke} runs unless --producers says otherwise. */
    static final List<String> SMOKE_PRODUCERS = List.of("null", "ours", "naive");
    private static final Set<String> FLAGS = Set.of("smoke", "no-decode", "tls", "lazy-data");

    /** Timed records; with --duration an upper bound. */
    public int records = 1_000_000;
    public int size = 100;
    /** --size max: the largest record the producer's default max_record_size allows with its key (set by the orchestrator). */
    public boolean sizeMax;
    public int shards = 4;
    public int warmup = 20_000;
    public int maxOutstanding = 10_000;
    /** Timed-phase send rate in records/s; 0 = as fast as the outstanding bound allows. */
    public int rate = 0;
    /** Timed-phase length in seconds: sending stops then (or after --records, whichever first); 0 = by --records only. */
    public double durationSeconds = 0;
    public long seed = 42;
    public String stream = "bench";
    /** Ours only: kinesis_concurrency (PutRecords calls in flight per producer); 0 = the producer's default. */
    public int maxConcurrency = 0;
    /** Streams the many-stream runners spread records over (record i goes to stream i mod N, named STREAM-k). */
    public int streams = 1;
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
    public List<String> trustStoreJvmOptions = List.of();
    /** Ours only: KPL, DELIMITED or NONE. */
    public String aggregation = "KPL";
    /**
     * Make each record when it is sent instead of all before the clock starts: the runner's RSS is then the producer's
     * and not ~315 MiB of test data per million records, at the price of ~0.1 µs of harness CPU per record (the same
     * for every producer).
     */
    public boolean lazyData;
    /** The runner table (producer name → driver class and class path); null = bench/runners.properties. */
    public String runnersFile;

    public static RunOptions parse(String[] args, int from) {
        RunOptions o = new RunOptions();
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "': options are --name value");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (FLAGS.contains(name)) {
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
            o.producers = new ArrayList<>(SMOKE_PRODUCERS);
            o.probeWaitMs = 500;
            o.quietWaitSeconds = 0;
            o.sinkWarmup = 20;
        }
        m.forEach(o::set);
        if (o.durationSeconds > 0 && o.rate > 0 && !m.containsKey("records")) {
            o.records = (int) Math.min(Integer.MAX_VALUE, Math.round(o.rate * o.durationSeconds));
        }
        o.validate();
        return o;
    }

    private void set(String name, String v) {
        switch (name) {
            case "records" -> records = positiveInt(name, v);
            case "size" -> {
                if (v.equalsIgnoreCase("max")) {
                    sizeMax = true;
                } else {
                    size = wholeNumber(name, v, 8, Integer.MAX_VALUE);
                }
            }
            case "shards" -> shards = wholeNumber(name, v, 1, 100_000);
            case "warmup" -> warmup = wholeNumber(name, v, 0, Integer.MAX_VALUE);
            case "max-outstanding" -> maxOutstanding = positiveInt(name, v);
            case "rate" -> rate = wholeNumber(name, v, 0, Integer.MAX_VALUE);
            case "duration" -> durationSeconds = seconds(name, v);
            case "seed" -> seed = Long.parseLong(v);
            case "stream" -> stream = v;
            case "streams" -> streams = wholeNumber(name, v, 1, 10_000);
            case "max-concurrency" -> maxConcurrency = wholeNumber(name, v, 0, 256);
            case "producers" -> producers = producerList(v);
            case "smoke" -> smoke = Boolean.parseBoolean(v);
            case "tls" -> tls = Boolean.parseBoolean(v);
            case "lazy-data" -> lazyData = Boolean.parseBoolean(v);
            case "no-decode" -> decode = !Boolean.parseBoolean(v);
            case "plain-port" -> plainPort = Integer.parseInt(v);
            case "tls-port" -> tlsPort = Integer.parseInt(v);
            case "probe-wait-ms" -> probeWaitMs = wholeNumber(name, v, 0, Integer.MAX_VALUE);
            case "naive-batch" -> naiveBatch = wholeNumber(name, v, 1, 500);
            case "naive-in-flight" -> naiveInFlight = positiveInt(name, v);
            case "timeout-seconds" -> timeoutSeconds = positiveInt(name, v);
            case "jvm-opts" -> jvmOpts = v;
            case "repeat" -> repeat = positiveInt(name, v);
            case "sink-threads" -> sinkThreads = positiveInt(name, v);
            case "max-buffered-ms" -> maxBufferedMs = wholeNumber(name, v, 1, Integer.MAX_VALUE);
            case "rate-limit" -> rateLimit = wholeNumber(name, v, 1, Integer.MAX_VALUE);
            case "quiet-wait-seconds" -> quietWaitSeconds = wholeNumber(name, v, 0, Integer.MAX_VALUE);
            case "retry-disturbed" -> retryDisturbed = wholeNumber(name, v, 0, 100);
            case "sink-warmup" -> sinkWarmup = wholeNumber(name, v, 0, Integer.MAX_VALUE);
            case "aggregation" -> aggregation = v.toUpperCase(Locale.ROOT);
            case "runners" -> runnersFile = v;
            default -> throw new IllegalArgumentException("unknown option --" + name
                    + " (java -jar bench/target/kinesis-producer-bench.jar without arguments lists them)");
        }
    }

    private void validate() {
        if (!List.of("KPL", "DELIMITED", "NONE").contains(aggregation)) {
            throw new IllegalArgumentException("--aggregation must be KPL, DELIMITED or NONE, not " + aggregation);
        }
        if (producers.isEmpty()) {
            throw new IllegalArgumentException("--producers is empty");
        }
    }

    /**
     * Resolves {@code --size max}: the largest record data that fits {@code maxRecordSize} together with its partition
     * key (the orchestrator passes the producer's default max_record_size; runners get the number).
     */
    public void resolveSize(int maxRecordSize) {
        if (sizeMax) {
            size = maxRecordSize - KEY_LENGTH;
            sizeMax = false;
        }
    }

    /** Timed-phase length in nanoseconds, 0 = none. */
    public long durationNanos() {
        return (long) (durationSeconds * 1e9);
    }

    /** Whole numbers with optional '_' or ',' separators and a k/M suffix (1_000_000, 1,000,000, 1M, 20k). */
    static int wholeNumber(String name, String v, long min, long max) {
        String s = v.trim().replace("_", "").replace(",", "");
        long mult = 1;
        if (s.endsWith("k") || s.endsWith("K")) {
            mult = 1_000;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("M")) {
            mult = 1_000_000;
            s = s.substring(0, s.length() - 1);
        }
        long n;
        try {
            n = Math.multiplyExact(Long.parseLong(s), mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("--" + name + " needs a whole number (e.g. 1000, 1_000, 1k, 1M), not '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max + ", not " + v);
        }
        return (int) n;
    }

    private static int positiveInt(String name, String v) {
        return wholeNumber(name, v, 1, Integer.MAX_VALUE);
    }

    /** Seconds: a number, optionally with an s or m suffix (90, 1.5, 90s, 2m). */
    static double seconds(String name, String v) {
        String s = v.trim();
        double mult = 1;
        if (s.endsWith("m")) {
            mult = 60;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("s")) {
            s = s.substring(0, s.length() - 1);
        }
        double d;
        try {
            d = Double.parseDouble(s) * mult;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs seconds (e.g. 30, 1.5, 90s, 2m), not '" + v + "'");
        }
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("--" + name + " must be >= 0 seconds, not " + v);
        }
        return d;
    }

    private static List<String> producerList(String v) {
        List<String> list = new ArrayList<>();
        for (String p : v.split(",", 0)) {
            if (!p.isBlank()) {
                list.add(p.trim());
            }
        }
        return list;
    }

    /** The options a runner JVM needs, as arguments. */
    public List<String> toRunnerArgs() {
        return List.of("--records", Integer.toString(records), "--size", Integer.toString(size),
                "--shards", Integer.toString(shards), "--warmup", Integer.toString(warmup),
                "--max-outstanding", Integer.toString(maxOutstanding), "--rate", Integer.toString(rate),
                "--duration", Double.toString(durationSeconds), "--seed", Long.toString(seed),
                "--stream", stream, "--streams", Integer.toString(streams), "--max-concurrency", Integer.toString(maxConcurrency),
                "--plain-port", Integer.toString(plainPort), "--tls-port", Integer.toString(tlsPort),
                "--probe-wait-ms", Long.toString(probeWaitMs), "--naive-batch", Integer.toString(naiveBatch),
                "--naive-in-flight", Integer.toString(naiveInFlight), "--timeout-seconds", Long.toString(timeoutSeconds),
                "--max-buffered-ms", Long.toString(maxBufferedMs), "--rate-limit", Integer.toString(rateLimit),
                "--aggregation", aggregation, "--tls=" + tls, "--lazy-data=" + lazyData, "--no-decode=" + !decode);
    }
}
