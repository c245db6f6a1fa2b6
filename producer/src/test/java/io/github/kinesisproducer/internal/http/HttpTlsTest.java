package io.github.kinesisproducer.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.kinesisproducer.internal.protocol.KinesisHttp;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS of the producer's own client against TLS servers on 127.0.0.1 with certificates made in the test: a good one
 * is accepted; one for another host, an expired one and one from a CA the client does not trust are each refused
 * before anything is sent, with an error that says which; the client offers TLS 1.2 and 1.3 only and sends SNI.
 */
class HttpTlsTest {
    private static TestCertificates.Issued ca;
    private static SSLContext trustingCa;
    private ScriptedServer server;
    private Http11Client client;
    private final List<SNIServerName> requestedNames = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void makeCa() throws Exception {
        ca = TestCertificates.ca("kinesis-producer test CA");
        trustingCa = TestCertificates.clientTrusting(ca.certificate());
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A TLS server presenting {@code identity} that records the SNI names it is asked for. */
    private void serve(TestCertificates.Issued identity) throws Exception {
        server = ScriptedServer.startTls(TestCertificates.serverContext(identity), s -> {
            SSLParameters p = s.getSSLParameters();
            p.setSNIMatchers(List.of(new SNIMatcher(0) {
                @Override
                public boolean matches(SNIServerName name) {
                    requestedNames.add(name);
                    return true;
                }
            }));
            s.setSSLParameters(p);
        }, (r, x) -> x.ok("ok"));
    }

    private CompletableFuture<HttpTransport.Response> post(String host, SSLContext trust) {
        if (client != null) {
            client.close();
        }
        client = new Http11Client(URI.create("https://" + host + ":" + server.port()), 1, Duration.ofSeconds(5),
                Duration.ofSeconds(5), trust.getSocketFactory());
        return Http11ClientTest.post(client, "{}".getBytes(StandardCharsets.UTF_8));
    }

    /** The call fails before anything was sent (nothing stored), with a message that says why. */
    private String refused(String host, SSLContext trust) {
        Throwable e = catchThrowable(() -> post(host, trust).get(20, TimeUnit.SECONDS));
        assertThat(e).isNotNull();
        assertThat(Http11ClientTest.mayHaveBeenStored(e)).as("refused before sending: nothing stored").isFalse();
        assertThat(server.requests()).isEmpty();
        return KinesisHttp.asSdkException(e).getMessage();
    }

    @Test
    void aCertificateForTheHostFromATrustedCaIsAccepted_andSniNamesTheHost() throws Exception {
        serve(TestCertificates.server(ca, "localhost", List.of("localhost", "127.0.0.1")));
        assertThat(post("localhost", trustingCa).get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(requestedNames).containsExactly(new SNIHostName("localhost"));
        for (int i = 0; i < 3; i++) { // keep-alive over TLS: the idle check does not mistake TLS records for a close
            assertThat(Http11ClientTest.post(client, new byte[0]).get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        assertThat(server.connections()).isEqualTo(1);

        assertThat(post("127.0.0.1", trustingCa).get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(requestedNames).as("no SNI for an IP address").hasSize(1);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        serve(TestCertificates.server(ca, "kinesis.example.com", List.of("kinesis.example.com", "10.0.0.1")));
        assertThat(refused("127.0.0.1", trustingCa)).contains("TLS handshake with 127.0.0.1:")
                .contains("the server's certificate is not for 127.0.0.1");
        assertThat(refused("localhost", trustingCa)).contains("the server's certificate is not for localhost");
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        Instant now = Instant.now();
        serve(TestCertificates.server(ca, "localhost", List.of("localhost", "127.0.0.1"),
                now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))));
        assertThat(refused("127.0.0.1", trustingCa)).contains("the server's certificate has expired");
    }

    @Test
    void aCertificateFromAnUntrustedCaIsRefused() throws Exception {
        TestCertificates.Issued otherCa = TestCertificates.ca("some other CA");
        serve(TestCertificates.server(otherCa, "localhost", List.of("localhost", "127.0.0.1")));
        assertThat(refused("127.0.0.1", trustingCa))
                .contains("not issued by a certificate authority this JVM trusts");
    }

    @Test
    void aSelfSignedCertificateNotInTheTrustStoreIsRefused() throws Exception {
        serve(TestCertificates.ca("localhost")); // a certificate that signs itself, trusted by nobody
        assertThat(refused("127.0.0.1", trustingCa))
                .contains("not issued by a certificate authority this JVM trusts");
    }

    @Test
    void theClientHelloOffersOnlyTls12And13AndNamesTheHost() throws Exception {
        assertThat(Tls.PROTOCOLS).containsExactly("TLSv1.3", "TLSv1.2");
        // A raw listener that reads the ClientHello and hangs up: what the client offers, byte for byte.
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<ClientHello> hello = CompletableFuture.supplyAsync(() -> {
                try (Socket s = raw.accept()) {
                    return ClientHello.read(new DataInputStream(s.getInputStream()));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // A context that would allow TLS 1.0 and 1.1 if the client let it.
            SSLContext permissive = SSLContext.getInstance("TLS");
            permissive.init(null, null, null);
            client = new Http11Client(URI.create("https://localhost:" + raw.getLocalPort()), 1,
                    Duration.ofSeconds(5), Duration.ofSeconds(5), permissive.getSocketFactory());
            Throwable e = catchThrowable(() -> Http11ClientTest.post(client, new byte[0]).get(20, TimeUnit.SECONDS));
            assertThat(e).isNotNull();

            ClientHello h = hello.get(20, TimeUnit.SECONDS);
            assertThat(h.serverName()).isEqualTo("localhost");
            assertThat(h.legacyVersion()).isEqualTo(0x0303);
            assertThat(h.supportedVersions()).containsExactlyInAnyOrder(0x0304, 0x0303); // TLS 1.3, TLS 1.2
        }
    }

    /** The parts of a TLS ClientHello this test looks at (RFC 8446 §4.1.2, RFC 6066 §3). */
    private record ClientHello(int legacyVersion, String serverName, List<Integer> supportedVersions) {
        static ClientHello read(DataInputStream in) throws IOException {
            if (in.readUnsignedByte() != 22) {
                throw new IOException("not a TLS handshake record");
            }
            in.readUnsignedShort(); // record version
            byte[] record = new byte[in.readUnsignedShort()];
            in.readFully(record);
            DataInputStream h = new DataInputStream(new java.io.ByteArrayInputStream(record));
            if (h.readUnsignedByte() != 1) {
                throw new IOException("not a ClientHello");
            }
            h.skipBytes(3); // length
            int legacy = h.readUnsignedShort();
            h.skipBytes(32); // random
            h.skipBytes(h.readUnsignedByte()); // session id
            h.skipBytes(h.readUnsignedShort()); // cipher suites
            h.skipBytes(h.readUnsignedByte()); // compression methods
            int extensionsLeft = h.readUnsignedShort();
            String sni = null;
            List<Integer> versions = new ArrayList<>();
            while (extensionsLeft > 0) {
                int type = h.readUnsignedShort();
                byte[] data = new byte[h.readUnsignedShort()];
                h.readFully(data);
                extensionsLeft -= 4 + data.length;
                DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(data));
                if (type == 0x0000) { // server_name
                    d.readUnsignedShort(); // list length
                    d.readUnsignedByte(); // host_name
                    byte[] name = new byte[d.readUnsignedShort()];
                    d.readFully(name);
                    sni = new String(name, StandardCharsets.US_ASCII);
                } else if (type == 0x002B) { // supported_versions
                    int n = d.readUnsignedByte() / 2;
                    for (int i = 0; i < n; i++) {
                        versions.add(d.readUnsignedShort());
                    }
                }
            }
            return new ClientHello(legacy, sni, versions);
        }
    }
}
