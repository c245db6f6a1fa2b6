package io.github.kinesisproducer.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.kinesisproducer.internal.protocol.KinesisErrors;
import io.github.kinesisproducer.internal.protocol.KinesisHttp;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The producer's own client through an HTTP proxy, against scripted proxies and servers on 127.0.0.1: an https://
 * endpoint through a CONNECT tunnel (TLS end to end, the certificate checked against the endpoint's name, the tunnel
 * kept alive), an http:// endpoint with absolute-form requests, Basic credentials, and each way a proxy can refuse,
 * with its verdict (nothing sent, retriable or not) and a message that never shows the password. The same against the
 * real npm proxy: {@code ProxyIT}.
 */
class HttpProxyClientTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "p@ss:w\u00f6rd/1";
    private static TestCertificates.Issued ca;
    private static SSLContext trustingCa;
    private ScriptedServer server;
    private TunnelProxy proxy;
    private Http11Client client;

    @BeforeAll
    static void makeCa() throws Exception {
        ca = TestCertificates.ca("proxy test CA");
        trustingCa = TestCertificates.clientTrusting(ca.certificate());
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static HttpProxy proxyAt(int port, boolean credentials) {
        return new HttpProxy("127.0.0.1", port, credentials ? USER : null, credentials ? PASSWORD : null,
                "proxy_url");
    }

    /** A TLS server for {@code names} behind a tunnelling proxy with {@code rule}; the client for {@code host}. */
    private void tunnel(List<String> names, String host, java.util.function.Function<List<String>, String> rule,
            boolean credentials, ScriptedServer.Script script) throws Exception {
        server = ScriptedServer.startTls(TestCertificates.serverContext(TestCertificates.server(ca, names.get(0),
                names)), s -> { }, script);
        proxy = TunnelProxy.start(server.port(), rule);
        client = new Http11Client(URI.create("https://" + host), 2, Duration.ofSeconds(5), Duration.ofSeconds(5),
                trustingCa.getSocketFactory(), proxyAt(proxy.port(), credentials));
    }

    private HttpTransport.Response post() throws Exception {
        return Http11ClientTest.post(client, "{}".getBytes(StandardCharsets.UTF_8)).get(20, TimeUnit.SECONDS);
    }

    private Throwable failure() {
        Throwable e = catchThrowable(this::post);
        assertThat(e).isNotNull();
        return e;
    }

    private static String header(List<String> head, String name) {
        return head.stream().filter(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(h -> h.substring(name.length() + 1).strip()).findFirst().orElse(null);
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void httpsGoesThroughOneTunnelKeptAlive_withTlsToTheEndpointsName_andBasicCredentialsOnConnect() throws Exception {
        tunnel(List.of("kinesis.test"), "kinesis.test", head -> null, true, (r, x) -> x.ok("ok"));

        for (int i = 0; i < 3; i++) {
            assertThat(post().status()).isEqualTo(200);
        }

        assertThat(proxy.heads()).hasSize(1);
        List<String> connect = proxy.heads().get(0);
        assertThat(connect.get(0)).isEqualTo("CONNECT kinesis.test:443 HTTP/1.1");
        assertThat(header(connect, "Host")).isEqualTo("kinesis.test:443");
        assertThat(header(connect, "Proxy-Authorization")).isEqualTo(basic());
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.requests()).hasSize(3).allSatisfy(r -> {
            assertThat(r.requestLine()).isEqualTo("POST / HTTP/1.1");
            assertThat(r.headers()).containsEntry("host", "kinesis.test").doesNotContainKey("proxy-authorization");
        });
    }

    @Test
    void aCertificateNotForTheEndpointIsRefusedThroughTheTunnel_forGood_beforeAnythingIsSent() throws Exception {
        tunnel(List.of("other.example"), "kinesis.test", head -> null, false, (r, x) -> x.ok("ok"));

        Throwable e = failure();

        assertThat(proxy.heads()).as("the tunnel was opened").hasSize(1);
        assertThat(server.requests()).isEmpty();
        assertThat(Http11ClientTest.mayHaveBeenStored(e)).isFalse();
        assertThat(KinesisErrors.classify(KinesisHttp.asSdkException(e))).isEqualTo(KinesisErrors.Decision.FAIL);
        assertThat(KinesisErrors.codeOf(KinesisHttp.asSdkException(e))).isEqualTo(TlsRefusedException.CODE);
        assertThat(KinesisHttp.asSdkException(e).getMessage())
                .contains("the server's certificate is not for kinesis.test");
    }

    @Test
    void wrongCredentialsAreRefusedForGood_namingTheProxyButNeverThePassword() throws Exception {
        tunnel(List.of("kinesis.test"), "kinesis.test", head -> "HTTP/1.1 407 Proxy Authentication Required\r\n"
                + "Proxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\n\r\n", true, (r, x) -> x.ok("ok"));

        Throwable e = failure();

        Throwable sdk = KinesisHttp.asSdkException(e);
        assertThat(Http11ClientTest.mayHaveBeenStored(e)).isFalse();
        assertThat(KinesisErrors.classify(sdk)).isEqualTo(KinesisErrors.Decision.FAIL);
        assertThat(KinesisErrors.codeOf(sdk)).isEqualTo(ProxyRefusedException.AUTHENTICATION_FAILED);
        assertThat(sdk.getMessage()).contains("http://127.0.0.1:" + proxy.port())
                .contains("refused the user name and password").contains("407")
                .doesNotContain(PASSWORD).doesNotContain(USER).doesNotContain(basic().substring(6));
        assertThat(server.connections()).isZero();
    }

    @Test
    void aProxyThatWantsCredentialsSaysSo_andWhichSchemeItOffers() throws Exception {
        tunnel(List.of("kinesis.test"), "kinesis.test", head -> "HTTP/1.1 407 Proxy Authentication Required\r\n"
                + "Proxy-Authenticate: Negotiate\r\n\r\n", false, (r, x) -> x.ok("ok"));

        String message = KinesisHttp.asSdkException(failure()).getMessage();

        assertThat(message).contains("requires authentication").contains("Proxy-Authenticate: Negotiate")
                .contains("http://USER:PASSWORD@127.0.0.1:" + proxy.port())
                .contains("does not offer Basic authentication");
        assertThat(header(proxy.heads().get(0), "Proxy-Authorization")).isNull();
    }

    @Test
    void aDestinationTheProxyForbidsIsRefusedForGood_aBadGatewayIsRetried() throws Exception {
        tunnel(List.of("kinesis.test"), "kinesis.test", head -> "HTTP/1.1 403 Forbidden\r\n\r\n", false,
                (r, x) -> x.ok("ok"));
        Throwable forbidden = KinesisHttp.asSdkException(failure());
        assertThat(KinesisErrors.codeOf(forbidden)).isEqualTo(ProxyRefusedException.REFUSED);
        assertThat(KinesisErrors.classify(forbidden)).isEqualTo(KinesisErrors.Decision.FAIL);
        assertThat(forbidden.getMessage()).contains("refused to open the way to kinesis.test:443 (403 Forbidden)");
        stop();

        tunnel(List.of("kinesis.test"), "kinesis.test", head -> "HTTP/1.1 502 Bad Gateway\r\n\r\n", false,
                (r, x) -> x.ok("ok"));
        Throwable e = failure();
        assertThat(Http11ClientTest.mayHaveBeenStored(e)).isFalse();
        assertThat(KinesisErrors.classify(KinesisHttp.asSdkException(e))).isEqualTo(KinesisErrors.Decision.RETRY);
        assertThat(KinesisHttp.asSdkException(e).getMessage()).contains("could not open the way to kinesis.test:443");
    }

    @Test
    void aProxyThatNeverAnswersConnectIsBoundedByTheConnectTimeout() throws Exception {
        server = ScriptedServer.start((r, x) -> x.ok("ok"));
        proxy = TunnelProxy.start(server.port(), head -> TunnelProxy.SILENT);
        client = new Http11Client(URI.create("https://kinesis.test"), 1, Duration.ofMillis(300), Duration.ofSeconds(30),
                trustingCa.getSocketFactory(), proxyAt(proxy.port(), false));

        Throwable e = failure();

        assertThat(Http11ClientTest.mayHaveBeenStored(e)).isFalse();
        assertThat(KinesisHttp.asSdkException(e).getMessage()).contains("through the proxy http://127.0.0.1:")
                .contains("took longer than 300 ms");
    }

    @Test
    void anUnreachableProxyIsNamed() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        client = new Http11Client(URI.create("https://kinesis.test"), 1, Duration.ofSeconds(2), Duration.ofSeconds(5),
                trustingCa.getSocketFactory(), proxyAt(closed, true));

        Throwable e = failure();

        assertThat(Http11ClientTest.mayHaveBeenStored(e)).isFalse();
        assertThat(KinesisErrors.classify(KinesisHttp.asSdkException(e))).isEqualTo(KinesisErrors.Decision.RETRY);
        assertThat(KinesisHttp.asSdkException(e).getMessage())
                .contains("cannot connect to the proxy http://127.0.0.1:" + closed + " (proxy_url, with credentials)")
                .doesNotContain(PASSWORD);
    }

    @Test
    void aTunnelDroppedAfterTheRequestWentOutIsAnUnknownOutcome() throws Exception {
        tunnel(List.of("kinesis.test"), "kinesis.test", head -> null, false, (r, x) -> proxy.dropAll());

        Throwable e = failure();

        assertThat(server.requests()).hasSize(1);
        assertThat(Http11ClientTest.mayHaveBeenStored(e)).as("went out whole: may have been stored").isTrue();
        assertThat(KinesisErrors.classify(KinesisHttp.asSdkException(e))).isEqualTo(KinesisErrors.Decision.RETRY);
    }

    @Test
    void theStartUpCheckAsksTheProxyForATunnel_orFindsTheRefusal() throws Exception {
        tunnel(List.of("kinesis.test"), "kinesis.test", head -> null, true, (r, x) -> x.ok("ok"));
        client.checkProxy();
        assertThat(proxy.heads()).hasSize(1);
        assertThat(proxy.heads().get(0).get(0)).isEqualTo("CONNECT kinesis.test:443 HTTP/1.1");
        assertThat(server.requests()).isEmpty();
        assertThat(post().status()).isEqualTo(200);
        stop();

        tunnel(List.of("kinesis.test"), "kinesis.test", head -> "HTTP/1.1 407 Proxy Authentication Required\r\n\r\n",
                true, (r, x) -> x.ok("ok"));
        Throwable e = catchThrowable(client::checkProxy);
        assertThat(e).isInstanceOf(ProxyRefusedException.class).hasMessageNotContaining(PASSWORD);
    }

    @Test
    void httpGoesThroughTheProxyInAbsoluteForm_keptAlive_withCredentials() throws Exception {
        server = ScriptedServer.start((r, x) -> x.ok("ok")); // the proxy, as far as the client can tell
        client = new Http11Client(URI.create("http://kinesis.local:4567/base"), 2, Duration.ofSeconds(5),
                Duration.ofSeconds(5), null, proxyAt(server.port(), true));

        client.checkProxy();
        for (int i = 0; i < 3; i++) {
            assertThat(post().status()).isEqualTo(200);
        }

        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.requests()).hasSize(4);
        assertThat(server.requests().get(0).requestLine()).isEqualTo("OPTIONS http://kinesis.local:4567/base HTTP/1.1");
        assertThat(server.requests()).allSatisfy(r -> {
            assertThat(r.headers()).containsEntry("host", "kinesis.local:4567")
                    .containsEntry("proxy-authorization", basic());
        });
        assertThat(server.requests().get(1).requestLine()).isEqualTo("POST http://kinesis.local:4567/base HTTP/1.1");
    }

    @Test
    void a407ToAPlainRequestComesFromTheProxy_refusedForGood_nothingStored() throws Exception {
        server = ScriptedServer.start((r, x) -> x.send("HTTP/1.1 407 Proxy Authentication Required\r\n"
                + "Proxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\n\r\n"));
        client = new Http11Client(URI.create("http://kinesis.local:4567"), 2, Duration.ofSeconds(5),
                Duration.ofSeconds(5), null, proxyAt(server.port(), false));

        Throwable e = failure();

        assertThat(Http11ClientTest.mayHaveBeenStored(e)).isFalse();
        assertThat(KinesisErrors.codeOf(KinesisHttp.asSdkException(e)))
                .isEqualTo(ProxyRefusedException.AUTHENTICATION_FAILED);
        assertThat(catchThrowable(client::checkProxy)).isInstanceOf(ProxyRefusedException.class)
                .hasMessageContaining("requires authentication");
    }

    @Test
    void withoutAProxyNothingChanges() throws Exception {
        server = ScriptedServer.start((r, x) -> x.ok("ok"));
        client = new Http11Client(server.endpoint("/p"), 1, Duration.ofSeconds(5), Duration.ofSeconds(5), null, null);
        client.checkProxy();
        assertThat(server.connections()).isZero();
        CompletableFuture<HttpTransport.Response> r = Http11ClientTest.post(client, new byte[0]);
        assertThat(r.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(server.requests().get(0).requestLine()).isEqualTo("POST /p HTTP/1.1");
        assertThat(server.requests().get(0).headers()).doesNotContainKey("proxy-authorization");
    }
}
