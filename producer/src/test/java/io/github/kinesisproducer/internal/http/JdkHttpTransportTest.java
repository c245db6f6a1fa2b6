package io.github.kinesisproducer.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.kinesisproducer.internal.protocol.KinesisHttp;
import io.github.kinesisproducer.internal.protocol.UserAgent;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code java.net.http} transport (not the default; kept for the measurement in docs/performance.md) still
 * speaks to Kinesis correctly and never claims "not stored" wrongly: it cannot tell a request written whole from one
 * that was not, so every failure but a refused connection is "may have been stored".
 */
class JdkHttpTransportTest {
    private ScriptedServer server;
    private JdkHttpTransport client;

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void postsTheSignedHeadersToTheEndpointsPathAndReadsTheAnswer() throws Exception {
        server = ScriptedServer.start((r, x) -> x.ok("echo " + r.bodyText()));
        client = new JdkHttpTransport(server.endpoint("/gateway/kinesis"), Duration.ofSeconds(2),
                Duration.ofSeconds(5), null);
        HttpTransport.Response r = Http11ClientTest.post(client, "hi".getBytes(StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("echo hi");
        ScriptedServer.Request got = server.requests().get(0);
        assertThat(got.requestLine()).isEqualTo("POST /gateway/kinesis HTTP/1.1");
        assertThat(got.headers()).containsEntry("host", client.hostHeader())
                .containsEntry("content-length", "2").containsEntry("user-agent", UserAgent.VALUE)
                .containsEntry("x-amz-target", KinesisHttp.PUT_RECORDS);
    }

    @Test
    void honoursTheSameProxySetting_throughTheJdksOwnProxySupport() throws Exception {
        server = ScriptedServer.start((r, x) -> x.ok("via proxy")); // the proxy, as far as the client can tell
        client = new JdkHttpTransport(URI.create("http://kinesis.local:4567/p"), Duration.ofSeconds(2),
                Duration.ofSeconds(5), null, new HttpProxy("127.0.0.1", server.port(), null, null, "proxy_url"));
        HttpTransport.Response r = Http11ClientTest.post(client, "hi".getBytes(StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(server.requests().get(0).requestLine()).isEqualTo("POST http://kinesis.local:4567/p HTTP/1.1");
    }

    @Test
    void refusesClearlyWhatTheJdkCannotDo_basicCredentialsForATunnel() {
        HttpProxy withCredentials = new HttpProxy("127.0.0.1", 3128, "u", "secret", "proxy_url");
        assertThat(catchThrowable(() -> new JdkHttpTransport(URI.create("https://kinesis.test"), Duration.ofSeconds(2),
                Duration.ofSeconds(5), null, withCredentials)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdk.http.auth.tunneling.disabledSchemes")
                .hasMessageContaining("http://127.0.0.1:3128 (proxy_url, with credentials)")
                .hasMessageNotContaining("secret");
    }

    @Test
    void aRefusedConnectionStoredNothing_anythingElseMayHaveStored() throws Exception {
        try (java.net.Socket portHolder = Http11ClientTest.refusingPort()) {
            client = new JdkHttpTransport(URI.create("http://127.0.0.1:" + portHolder.getLocalPort()),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), null);
            Throwable refused = catchThrowable(() -> Http11ClientTest.post(client, new byte[1])
                    .get(10, TimeUnit.SECONDS));
            assertThat(Http11ClientTest.mayHaveBeenStored(refused)).isFalse();
            client.close();
        }

        server = ScriptedServer.start((r, x) -> x.close());
        client = new JdkHttpTransport(server.endpoint(), Duration.ofSeconds(2), Duration.ofSeconds(5), null);
        Throwable lost = catchThrowable(() -> Http11ClientTest.post(client, new byte[1]).get(10, TimeUnit.SECONDS));
        assertThat(Http11ClientTest.mayHaveBeenStored(lost)).isTrue();
    }
}
