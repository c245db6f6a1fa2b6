package io.github.kinesisproducer.bench.sink;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback "null sink" Kinesis endpoint for benchmarks: answers ListShards/PutRecords/... at once (JSON 1.1 protocol
 * only; clients must disable CBOR), plus an STS GetCallerIdentity stub, over plain HTTP and over TLS (self-signed).
 * Binds 127.0.0.1 only. Built on the JDK's com.sun.net.httpserver (HTTP/1.1, keep-alive).
 */
public final class NullSinkServer implements AutoCloseable {
    private final HttpServer plain;
    private final HttpsServer tls;
    /** The TLS port's certificate as a trust store for clients, or null without a TLS port. */
    private SelfSignedTls.Tls trust;
    private final ExecutorService pool;
    private final SinkStats stats = new SinkStats();
    private final ArrivalCheck arrivals = new ArrivalCheck();

    private NullSinkServer(int shardCount, int plainPort, int tlsPort, int threads, boolean decode)
            throws IOException, java.security.GeneralSecurityException, InterruptedException {
        // Without TCP_NODELAY the JDK server's header/body writes meet delayed ACKs: 40 ms per response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ShardRanges shards = new ShardRanges(shardCount);
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sink-worker");
            t.setDaemon(true);
            return t;
        });
        InetAddress loopback = InetAddress.getLoopbackAddress();
        HttpServer p = null;
        HttpsServer s = null;
        try {
            if (plainPort >= 0) {
                p = HttpServer.create(new InetSocketAddress(loopback, plainPort), 256);
                p.createContext("/", new KinesisHandler(shards, stats, arrivals, decode, false));
                p.setExecutor(pool);
                p.start();
            }
            if (tlsPort >= 0) {
                SelfSignedTls.Tls t = SelfSignedTls.create();
                trust = t;
                s = HttpsServer.create(new InetSocketAddress(loopback, tlsPort), 256);
                s.setHttpsConfigurator(new HttpsConfigurator(t.context()));
                s.createContext("/", new KinesisHandler(shards, stats, arrivals, decode, true));
                s.setExecutor(pool);
                s.start();
            }
        } catch (IOException | RuntimeException | java.security.GeneralSecurityException | InterruptedException e) {
            if (p != null) {
                p.stop(0);
            }
            pool.shutdownNow();
            throw e;
        }
        plain = p;
        tls = s;
    }

    /**
     * Starts the sink on 127.0.0.1.
     *
     * @param shardCount open shards of every stream
     * @param plainPort  HTTP port, 0 = any free port, -1 = none
     * @param tlsPort    HTTPS port, 0 = any free port, -1 = none
     * @param threads    worker threads
     * @param decode     base64-decode every record and count KPL sub-records (validates the aggregates)
     */
    public static NullSinkServer start(int shardCount, int plainPort, int tlsPort, int threads, boolean decode)
            throws IOException {
        try {
            return new NullSinkServer(shardCount, plainPort, tlsPort, threads, decode);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("TLS set-up failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public int plainPort() {
        return plain == null ? -1 : plain.getAddress().getPort();
    }

    /**
     * JVM options that make a client JVM's default trust store trust this sink's certificate (and nothing else),
     * or an empty list without a TLS port.
     */
    public java.util.List<String> trustStoreJvmOptions() {
        if (trust == null) {
            return java.util.List.of();
        }
        return java.util.List.of("-Djavax.net.ssl.trustStore=" + trust.trustStore(),
                "-Djavax.net.ssl.trustStorePassword=" + trust.trustStorePassword(),
                "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    public int tlsPort() {
        return tls == null ? -1 : tls.getAddress().getPort();
    }

    public SinkStats stats() {
        return stats;
    }

    @Override
    public void close() {
        if (plain != null) {
            plain.stop(0);
        }
        if (tls != null) {
            tls.stop(0);
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
