package io.github.kinesisproducer.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerMetrics;
import io.github.kinesisproducer.emulator.ForwardProxy;
import io.github.kinesisproducer.emulator.KinesisProxy;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.emulator.TlsIdentity;
import io.github.kinesisproducer.faults.FaultSupport.Observer;
import io.github.kinesisproducer.testing.KinesaliteExtension;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A proxy that drops its connections mid-run: the producer's own client sends through a real forward proxy (npm
 * {@code proxy}, {@link ForwardProxy}) to kinesalite, over TLS (CONNECT tunnels to the project's TLS listener) or
 * plain HTTP, while the proxy resets every client connection every 150 ms. A dropped tunnel is a connection fault like
 * any other, with the same verdicts: every future completes, nothing acknowledged is missing, nothing appears that
 * was not sent, and every record stored twice has an attempt flagged {@code outcomeUnknown}. Each run prints a
 * {@code FAULT-FIGURES} line.
 */
@ExtendWith(KinesaliteExtension.class)
class TunnelDropFaultIT {
    private static final int RECORDS = 1500;
    private static final int KEYS = 24;
    private static final double RATE = 600;
    private static final Duration DROP_EVERY = Duration.ofMillis(150);
    private static final TlsIdentity IDENTITY = TlsIdentity.forLoopback();
    private static StreamAdmin admin;
    private static KinesisProxy tls;

    @BeforeAll
    static void setUp() {
        admin = KinesaliteExtension.admin();
        tls = KinesisProxy.start(KinesaliteExtension.endpoint(), KinesisProxy.Rule.forwardAll(), IDENTITY);
    }

    @AfterAll
    static void tearDown() {
        tls.close();
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"tls", "http"})
    @Timeout(120)
    void droppedTunnelsAreConnectionFaultsWithExactVerdicts(String transport) throws Exception {
        URI endpoint = transport.equals("tls") ? tls.endpoint() : KinesaliteExtension.endpoint();
        String stream = FaultSupport.stream(admin, "tunnel-drop-" + transport, 4);
        Observer observer = new Observer();
        Ledger ledger = new Ledger();
        ProducerMetrics m;
        Duration elapsed;
        int drops = 0;
        int connectionsDropped = 0;
        try (ForwardProxy proxy = ForwardProxy.start("drop", "secret")) {
            KinesisProducer producer = FaultSupport.producer(endpoint, stream).listener(observer)
                    .tlsTrustManager(IDENTITY.trustManager()).maxBufferedTime(Duration.ofMillis(20))
                    .configure(c -> c.proxyUrl(proxy.url("drop", "secret")).requestTimeout(Duration.ofSeconds(2))
                            .retryBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(500)).maxAttempts(30)
                            .recordTtl(Duration.ofSeconds(60)).aggregationMaxSize(4096))
                    .build();
            observer.awaitShardMap();
            AtomicBoolean sending = new AtomicBoolean(true);
            long t0 = System.nanoTime();
            Random random = new Random(transport.hashCode());
            Thread sender = new Thread(() -> {
                FaultSupport.paced(RECORDS, RATE, i -> {
                    String key = "key-" + (i % KEYS);
                    byte[] data = FaultSupport.payload(i, key, 60 + random.nextInt(120), random);
                    ledger.add(i, key, data, producer.send(key, data));
                });
                sending.set(false);
            }, "tunnel-drop-sender");
            sender.start();
            // Drop while sending, and on until some attempt failed (a drop that finds every connection idle costs
            // nothing: the client sees the close before reusing the connection).
            long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (sending.get() || (observer.retriesScheduled.get() == 0 && System.nanoTime() < giveUp)) {
                FaultSupport.sleep(DROP_EVERY);
                connectionsDropped += proxy.dropConnections();
                drops++;
            }
            sender.join();
            producer.close();
            elapsed = Duration.ofNanos(System.nanoTime() - t0);
            m = producer.metrics();
            assertThat(proxy.log()).as("traffic went through the proxy")
                    .anyMatch(l -> l.startsWith(transport.equals("tls") ? "CONNECT " : "REQUEST POST "));
        }
        ledger.awaitAll(Duration.ofSeconds(5));
        List<FaultSupport.UserRecord> stored = FaultSupport.readUserRecords(admin, stream);
        Outcome o = ledger.evaluate(stored);
        FaultSupport.report("tunnel-drop-" + transport, o, elapsed, m, "drops=" + drops + " connectionsDropped="
                + connectionsDropped + " unknownOutcomes=" + m.unknownOutcomes());

        FaultSupport.assertDeliveryInvariants(o);
        assertThat(connectionsDropped).as("connections the proxy reset").isPositive();
        assertThat(m.errorsByCode()).as("attempts that met a dropped connection").isNotEmpty();
        assertThat(o.failed()).as("failed records (retries and record_ttl are ample)").isZero();
    }
}
