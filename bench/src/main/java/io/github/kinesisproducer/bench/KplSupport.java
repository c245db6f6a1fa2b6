package io.github.kinesisproducer.bench;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the KPL runners (one per KPL API, each in its own module and class path) share: the network safety checks, the
 * settings of the baseline configuration (kpl-baseline.md §6.4) and finding the native daemon. JDK types only: it is
 * loaded on the KPL runners' class paths, which hold no SDK of the bench's.
 */
public final class KplSupport {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "AKIAKPLBENCHLOCAL000";
    public static final String SECRET_KEY = "dummy-secret-key";
    /** The sink answers at once; generous limits keep a slow machine from turning into retries and duplicates. */
    public static final long REQUEST_TIMEOUT_MS = 30_000;
    public static final long RECORD_TTL_MS = 300_000;
    /** Where the KPL's native binary sits in its jar (0.15.x and 1.x alike). */
    static final String NATIVE_RESOURCE = "amazon-kinesis-producer-native-binaries/";

    private KplSupport() {
    }

    /**
     * Refuses to go on unless AWS_EC2_METADATA_DISABLED=true and the only network interface up is loopback: the KPL's
     * daemon probes the EC2 metadata address when it lacks credentials or region, and that address is off limits.
     */
    public static void checkNetworkSafety() throws SocketException {
        if (!"true".equals(System.getenv("AWS_EC2_METADATA_DISABLED"))) {
            throw new IllegalStateException("refusing to run the KPL without AWS_EC2_METADATA_DISABLED=true");
        }
        for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
            if (ni.isUp() && !ni.isLoopback()) {
                throw new IllegalStateException("refusing to run the KPL with network interface " + ni.getName()
                        + " up: run inside 'unshare -n' (bench/run-e2e.sh does)");
            }
        }
    }

    /** The daemon needs the sink's TLS port: it speaks HTTPS only. */
    public static int tlsPort(RunOptions o) {
        if (o.tlsPort <= 0) {
            throw new IllegalArgumentException("the KPL needs the sink's TLS port");
        }
        return o.tlsPort;
    }

    /** Where the KPL extracts its native binary (once; later runs reuse it). One directory per KPL line. */
    public static String tempDirectory(String line) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "kinesis-producer-bench-" + line);
        Files.createDirectories(tmp);
        return tmp.toString();
    }

    /**
     * The KPL's native daemon among this JVM's descendants (started asynchronously: call after the first record).
     * An implementation of the KPL API without a daemon (kpl-compat) has none: then an empty list. A class path that
     * carries the KPL's native binary but shows no daemon is an error, or its CPU would go uncounted.
     */
    public static List<Long> daemonPids() {
        List<Long> pids = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("kinesis_producer")).orElse(false))
                .map(ProcessHandle::pid).toList();
        if (pids.isEmpty() && KplSupport.class.getClassLoader().getResource(NATIVE_RESOURCE) != null) {
            throw new IllegalStateException("the KPL's native daemon process was not found");
        }
        return pids;
    }
}
