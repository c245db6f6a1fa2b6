package io.github.kinesisproducer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.emulator.ForwardProxy;
import io.github.kinesisproducer.emulator.KinesisProxy;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.emulator.TlsIdentity;
import io.github.kinesisproducer.testing.KinesaliteExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The producer's own client through a real HTTP forward proxy (npm {@code proxy} 4.1.0, {@link ForwardProxy}, with
 * Basic authentication) on 127.0.0.1, configured with {@code proxy_url}: to kinesalite over plain HTTP (absolute-form
 * requests) and over TLS (kinesalite behind the project's TLS listener, {@link KinesisProxy}, reached through a
 * CONNECT tunnel). Every record is read back, and the proxy's own log shows the traffic went through it, over few
 * kept-alive connections; wrong or missing credentials stop {@code build()} with one clear error; a certificate not
 * for the endpoint is still refused through the tunnel, at once. Dropped tunnels: {@code TunnelDropFaultIT}.
 */
@ExtendWith(KinesaliteExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ProxyIT {
    private static final String USER = "kinesis-user";
    /** Characters a URL must %-encode, so the encoding is exercised end to end. */
    private static final String PASSWORD = "p@ss w:rd/%1";
    private static final int RECORDS = 600;
    private static final int CONCURRENCY = 4;
    private static final TlsIdentity IDENTITY = TlsIdentity.forLoopback();
    private static ForwardProxy proxy;
    private static KinesisProxy tls;
    private static StreamAdmin admin;

    @BeforeAll
    static void start() {
        admin = KinesaliteExtension.admin();
        proxy = ForwardProxy.start(USER, PASSWORD);
        tls = KinesisProxy.start(KinesaliteExtension.endpoint(), KinesisProxy.Rule.forwardAll(), IDENTITY);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (tls != null) {
            tls.close();
        }
    }

    private static KinesisProducer.Builder producer(URI endpoint, String stream, URI proxyUrl) {
        return ItSupport.producer(endpoint, stream).tlsTrustManager(IDENTITY.trustManager())
                .maxBufferedTime(Duration.ofMillis(20)).maxConcurrency(CONCURRENCY)
                .configure(c -> c.proxyUrl(proxyUrl).aggregationMaxSize(2048));
    }

    /**
     * Sends {@link #RECORDS} records at a pace that makes dozens of calls, and waits for every one. A first record
     * alone, so that the rest are sent once the shard map is known (before, records wait for it and go in a few
     * large calls).
     */
    private static ProducerMetrics sendAll(KinesisProducer p, List<byte[]> sent) throws Exception {
        byte[] first = "first".getBytes(StandardCharsets.UTF_8);
        sent.add(first);
        p.send("first", first).get(60, TimeUnit.SECONDS);
        List<CompletableFuture<RecordResult>> futures = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            byte[] data = ("record-" + i + "-" + "x".repeat(i % 90)).getBytes(StandardCharsets.UTF_8);
            sent.add(data);
            futures.add(p.send("key-" + (i % 16), data));
            if (i % 20 == 19) {
                Thread.sleep(25);
            }
        }
        for (CompletableFuture<RecordResult> f : futures) {
            assertThat(f.get(60, TimeUnit.SECONDS).shardId()).isNotNull();
        }
        p.close();
        return p.metrics();
    }

    private static void assertEveryRecordReadBack(String stream, List<byte[]> sent) {
        Map<java.nio.ByteBuffer, Integer> stored = ItSupport.multiset(ItSupport.userData(admin.readAll(stream)));
        assertThat(stored).isEqualTo(ItSupport.multiset(sent));
    }

    @Test
    void overHttp_everyRecordArrives_inAbsoluteFormRequestsThroughTheProxy_overKeptAliveConnections()
            throws Exception {
        String stream = StreamAdmin.uniqueStreamName("it-proxy-http");
        admin.createStream(stream, 2);
        URI emulator = KinesaliteExtension.endpoint();
        long connectionsBefore = proxy.connections();
        long requestsBefore = proxy.requests();
        long refusedBefore = proxy.authFailures();
        List<byte[]> sent = new ArrayList<>();

        ProducerMetrics m;
        try (KinesisProducer p = producer(emulator, stream, proxy.url(USER, PASSWORD)).build()) {
            m = sendAll(p, sent);
        }

        assertEveryRecordReadBack(stream, sent);
        long posts = proxy.log().stream().filter(l -> l.equals("REQUEST POST " + emulator + "/")).count();
        long connections = proxy.connections() - connectionsBefore;
        System.out.printf("PROXY-FIGURES http: %d records, %d PutRecords calls, %d requests through the proxy "
                + "(%d POST), %d connections to it%n", RECORDS, m.putRecordsCalls(), proxy.requests() - requestsBefore,
                posts, connections);
        assertThat(m.putRecordsCalls()).as("enough calls to show connections are reused").isGreaterThan(20);
        assertThat(posts).as("every call went through the proxy").isGreaterThanOrEqualTo(m.putRecordsCalls());
        assertThat(proxy.log()).contains("REQUEST OPTIONS " + emulator + "/"); // the start-up check
        assertThat(connections).as("keep-alive connections to the proxy").isLessThanOrEqualTo(CONCURRENCY + 2);
        assertThat(proxy.authFailures() - refusedBefore).isZero();
    }

    @Test
    void overTls_everyRecordArrives_throughFewKeptAliveTunnels_andEveryConnectionToTheEndpointIsATunnel()
            throws Exception {
        String stream = StreamAdmin.uniqueStreamName("it-proxy-tls");
        admin.createStream(stream, 2);
        URI endpoint = tls.endpoint();
        long tunnelsBefore = proxy.connects();
        long endpointConnectionsBefore = tls.stats().connections.get();
        long putsBefore = tls.stats().requests("PutRecords");
        List<byte[]> sent = new ArrayList<>();

        ProducerMetrics m;
        try (KinesisProducer p = producer(endpoint, stream, proxy.url(USER, PASSWORD)).build()) {
            m = sendAll(p, sent);
        }

        assertEveryRecordReadBack(stream, sent);
        long tunnels = proxy.connects() - tunnelsBefore;
        long endpointConnections = tls.stats().connections.get() - endpointConnectionsBefore;
        System.out.printf("PROXY-FIGURES tls: %d records, %d PutRecords calls, %d tunnels (CONNECT), %d connections "
                + "at the endpoint%n", RECORDS, m.putRecordsCalls(), tunnels, endpointConnections);
        assertThat(proxy.log()).filteredOn(l -> l.startsWith("CONNECT ")).allMatch(l -> l.equals("CONNECT "
                + endpoint.getHost() + ":" + endpoint.getPort()));
        assertThat(tls.stats().requests("PutRecords") - putsBefore).isEqualTo(m.putRecordsCalls());
        assertThat(m.putRecordsCalls()).isGreaterThan(20);
        // kinesis_concurrency + 2 connections at most, plus the start-up check's tunnel.
        assertThat(tunnels).as("tunnels are kept alive").isBetween(2L, CONCURRENCY + 3L);
        assertThat(endpointConnections).as("every connection to the endpoint came through a tunnel")
                .isEqualTo(tunnels);
    }

    @Test
    void wrongCredentialsStopTheProducerAtStartUp_withOneClearErrorThatNamesTheProxyButNoSecret() {
        for (URI endpoint : List.of(KinesaliteExtension.endpoint(), tls.endpoint())) {
            long refusedBefore = proxy.authFailures();
            long endpointConnectionsBefore = tls.stats().connections.get();
            Throwable e = catchThrowable(() -> producer(endpoint, "it-proxy-never", proxy.url(USER, "wrong-secret"))
                    .build().close());

            assertThat(e).as(endpoint.toString()).isInstanceOf(ConfigException.class);
            assertThat(e.getMessage()).contains("cannot reach Kinesis at " + endpoint)
                    .contains("the proxy http://127.0.0.1:" + proxy.port() + " (proxy_url, with credentials) refused "
                            + "the user name and password").contains("407")
                    .doesNotContain("wrong-secret").doesNotContain(USER).doesNotContain(PASSWORD);
            assertThat(proxy.authFailures() - refusedBefore).as("the proxy's log: one refusal").isEqualTo(1);
            assertThat(tls.stats().connections.get()).as("nothing reached the endpoint")
                    .isEqualTo(endpointConnectionsBefore);
        }
        Throwable none = catchThrowable(() -> producer(tls.endpoint(), "it-proxy-never", proxy.url()).build().close());
        assertThat(none).isInstanceOf(ConfigException.class).hasMessageContaining("requires authentication")
                .hasMessageContaining("Proxy-Authenticate: Basic");
    }

    @Test
    void aCertificateNotForTheEndpointIsStillRefusedThroughTheTunnel_atOnce() throws Exception {
        TlsIdentity otherHost = TlsIdentity.forNames(List.of("kinesis.example.com"));
        try (KinesisProxy wrong = KinesisProxy.start(KinesaliteExtension.endpoint(), KinesisProxy.Rule.forwardAll(),
                otherHost)) {
            long tunnelsBefore = proxy.connects();
            Consumer<io.github.kinesisproducer.ProducerConfig.Builder> settings = c -> c
                    .proxyUrl(proxy.url(USER, PASSWORD)).recordTtl(Duration.ofSeconds(60));
            try (KinesisProducer p = ItSupport.producer(wrong.endpoint(), "it-proxy-wrong-host")
                    .aggregation(Aggregation.NONE).tlsTrustManager(otherHost.trustManager()).configure(settings)
                    .build()) {
                ExecutionException e = (ExecutionException) catchThrowable(() -> p.send("k", new byte[] {1})
                        .get(30, TimeUnit.SECONDS));
                RecordFailedException failure = (RecordFailedException) e.getCause();
                assertThat(failure.errorCode()).isEqualTo("TlsHandshakeRefused");
                assertThat(failure.isRetriable()).isFalse();
                assertThat(failure.mayHaveBeenStored()).isFalse();
                assertThat(failure.attempts()).as("not retried until record_ttl").hasSize(1);
                assertThat(failure.getMessage()).contains("the server's certificate is not for 127.0.0.1");
            }
            assertThat(proxy.connects() - tunnelsBefore).as("the refusal happened through the tunnel").isPositive();
            assertThat(proxy.log()).contains("CONNECT 127.0.0.1:" + wrong.port());
            assertThat(wrong.stats().requests.get()).isZero();
        }
    }
}
