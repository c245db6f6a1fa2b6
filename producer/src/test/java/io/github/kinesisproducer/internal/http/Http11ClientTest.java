package io.github.kinesisproducer.internal.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.kinesisproducer.internal.protocol.KinesisErrors;
import io.github.kinesisproducer.internal.protocol.KinesisHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The PutRecords HTTP/1.1 client against a scripted raw-socket server on 127.0.0.1: exact delivery verdicts (what is
 * sent again and what is not), deadlines and shutdown. The HTTP/1.1 framing cases: {@link HttpConformanceTest}; TLS:
 * {@link HttpTlsTest}.
 */
class Http11ClientTest {
    private ScriptedServer server;
    private Http11Client client;

    private Http11Client start(ScriptedServer.Script script, Duration timeout) throws IOException {
        server = ScriptedServer.start(script);
        client = new Http11Client(server.endpoint(), 2, Duration.ofSeconds(2), timeout);
        return client;
    }

    /** Headers as KinesisHttp sends them (the client requires a Content-Length that matches the body). */
    static Map<String, String> headers(HttpTransport http, int length) {
        return KinesisHttp.requestHeaders(http.hostHeader(), KinesisHttp.PUT_RECORDS, length);
    }

    static CompletableFuture<HttpTransport.Response> post(HttpTransport http, byte[] body) {
        return http.post(headers(http, body.length), body, body.length);
    }

    private HttpTransport.Response post(String body) throws Exception {
        return post(client, body.getBytes(StandardCharsets.UTF_8)).get(20, TimeUnit.SECONDS);
    }

    private Throwable failure(String body) {
        return catchThrowable(() -> post(body));
    }

    static boolean mayHaveBeenStored(Throwable failure) {
        return KinesisErrors.maybeStored(KinesisHttp.asSdkException(failure), true);
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

    @Test
    void keepAliveReusesOneConnection() throws Exception {
        start((r, x) -> x.ok("echo " + r.bodyText()), Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            HttpTransport.Response r = post("b" + i);
            assertThat(r.status()).isEqualTo(200);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("echo b" + i);
        }
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.bodies()).containsExactly("b0", "b1", "b2", "b3", "b4");
        assertThat(server.requests().get(0).requestLine()).isEqualTo("POST / HTTP/1.1");
    }

    // ---- a request that went out whole is never sent again by the client ----

    @Test
    void aRequestWrittenWholeToAReusedConnectionThatThenDiesIsNotReSent_itsOutcomeIsUnknown() throws Exception {
        // The first connection answers its first request, then takes the second one whole and closes without a word.
        // Any other connection would answer: a re-send would succeed, so the failure itself shows there was none.
        start((r, x) -> {
            if (r.connection() == 1 && r.onConnection() == 1) {
                x.close();
            } else {
                x.ok("answered " + r.bodyText());
            }
        }, Duration.ofSeconds(5));
        assertThat(post("a").status()).isEqualTo(200);

        Throwable e = failure("b");

        assertThat(KinesisErrors.unwrap(e)).isInstanceOf(RequestSentException.class)
                .hasMessageContaining("connection closed by the server before a response");
        assertThat(mayHaveBeenStored(e)).isTrue();
        assertThat(server.bodies()).containsExactly("a", "b");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aRequestAnsweredByAResetAfterItWentOutWholeIsNotReSentEither() throws Exception {
        start((r, x) -> {
            if (r.connection() == 1 && r.onConnection() == 1) {
                x.reset();
            } else {
                x.ok("answered");
            }
        }, Duration.ofSeconds(5));
        assertThat(post("a").status()).isEqualTo(200);

        Throwable e = failure("b");

        assertThat(mayHaveBeenStored(e)).isTrue();
        assertThat(server.bodies()).containsExactly("a", "b");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void onAFreshConnectionTooARequestTakenWholeAndLeftUnansweredMayHaveBeenStored() throws Exception {
        start((r, x) -> x.close(), Duration.ofSeconds(5));
        Throwable e = failure("x");
        assertThat(mayHaveBeenStored(e)).isTrue();
        assertThat(KinesisHttp.asSdkException(e)).hasMessageContaining("connection closed by the server before a response");
        assertThat(server.connections()).isEqualTo(1);
    }

    // ---- a request that provably never reached the server may go out again, once ----

    @Test
    void anIdleConnectionTheServerClosedIsNotUsed_theRequestGoesOutOnceOnANewConnection() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        start((r, x) -> {
            x.ok("ok");
            if (r.connection() == 1) {
                x.close(); // keep-alive timeout on the server's side: the FIN reaches the idle connection
                closed.countDown();
            }
        }, Duration.ofSeconds(5));
        assertThat(post("first").status()).isEqualTo(200);
        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(post("second").status()).isEqualTo(200);

        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.requests()).extracting(ScriptedServer.Request::connection).containsExactly(1, 2);
        assertThat(server.bodies()).containsExactly("first", "second");
    }

    @Test
    void anIdleConnectionTheServerResetIsNotUsedEither() throws Exception {
        CountDownLatch reset = new CountDownLatch(1);
        start((r, x) -> {
            x.ok("ok");
            if (r.connection() == 1) {
                x.reset();
                reset.countDown();
            }
        }, Duration.ofSeconds(5));
        assertThat(post("first").status()).isEqualTo(200);
        assertThat(reset.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(post("second").status()).isEqualTo(200);

        assertThat(server.requests()).extracting(ScriptedServer.Request::connection).containsExactly(1, 2);
    }

    @Test
    void aBodyWhoseWriteFailsOnAReusedConnectionGoesOutOnceMoreOnANewOne() throws Exception {
        // The server resets the connection after its first answer. Whether or not the client saw the reset before
        // writing, a 16 MiB body cannot be written whole to a connection nobody reads any more: the write fails, the
        // server never had the request, and it goes out once on a new connection.
        start((r, x) -> {
            x.ok("ok");
            if (r.connection() == 1) {
                x.reset();
            }
        }, Duration.ofSeconds(20));
        assertThat(post("first").status()).isEqualTo(200);
        byte[] big = new byte[16 << 20];
        java.util.Arrays.fill(big, (byte) 'x');

        HttpTransport.Response r = post(client, big).get(30, TimeUnit.SECONDS);

        assertThat(r.status()).isEqualTo(200);
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).connection()).isEqualTo(2);
        assertThat(server.requests().get(1).body()).hasSize(big.length);
    }

    @Test
    void aRefusedConnectionStoredNothing() throws Exception {
        try (Socket portHolder = refusingPort()) {
            client = new Http11Client(URI.create("http://127.0.0.1:" + portHolder.getLocalPort()), 1,
                    Duration.ofSeconds(2), Duration.ofSeconds(5));
            Throwable refused = failure("y");
            assertThat(KinesisErrors.unwrap(refused)).isInstanceOf(java.net.ConnectException.class);
            assertThat(mayHaveBeenStored(refused)).isFalse();
        }
    }

    /** A port that refuses connections as long as the socket is open: bound, never listening, so nobody takes it. */
    static Socket refusingPort() throws IOException {
        Socket s = new Socket();
        s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return s;
    }

    // ---- deadlines ----

    @Test
    void aServerThatNeverAnswersTimesOut_andTheRequestMayHaveBeenStored() throws Exception {
        start((r, x) -> { }, Duration.ofMillis(300));
        Throwable e = failure("x");
        assertThat(KinesisErrors.unwrap(e)).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("no complete response within 300 ms");
        assertThat(KinesisHttp.asSdkException(e).getClass().getSimpleName())
                .isEqualTo("ApiCallAttemptTimeoutException");
        assertThat(mayHaveBeenStored(e)).isTrue();
    }

    @Test
    void aWriteBlockedOnAPeerThatStoppedReadingTimesOut_andStoredNothing() throws Exception {
        // A server that accepts but never reads: a 64 MiB body fills the socket buffers and the write blocks.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread t = new Thread(() -> {
                try {
                    held.add(silent.accept());
                } catch (IOException ignored) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            client = new Http11Client(URI.create("http://127.0.0.1:" + silent.getLocalPort()), 1,
                    Duration.ofSeconds(2), Duration.ofMillis(500));
            byte[] big = new byte[64 << 20];
            long t0 = System.nanoTime();
            Throwable e = catchThrowable(() -> post(client, big).get(10, TimeUnit.SECONDS));
            assertThat(KinesisErrors.unwrap(e)).isInstanceOf(TimeoutException.class);
            assertThat(mayHaveBeenStored(e)).as("the request never went out whole").isFalse();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5000);
        }
    }

    @Test
    void overTlsTheDeadlineAlsoEndsAWriteToAPeerThatStoppedReading() throws Exception {
        javax.net.ssl.SSLContext tls = TestTls.selfSigned();
        javax.net.ssl.SSLServerSocket tlsServer = (javax.net.ssl.SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> accepted = new ArrayList<>();
        try (tlsServer) {
            Thread t = new Thread(() -> {
                try {
                    javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tlsServer.accept();
                    accepted.add(s);
                    s.startHandshake(); // then never reads
                } catch (IOException ignored) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            client = new Http11Client(URI.create("https://127.0.0.1:" + tlsServer.getLocalPort()), 1,
                    Duration.ofSeconds(2), Duration.ofMillis(500), tls.getSocketFactory());
            byte[] big = new byte[64 << 20];
            long t0 = System.nanoTime();
            Throwable e = catchThrowable(() -> post(client, big).get(10, TimeUnit.SECONDS));
            assertThat(KinesisErrors.unwrap(e)).isInstanceOf(TimeoutException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5000);
            long c0 = System.nanoTime();
            client.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c0)).isLessThan(3000);
        }
    }

    // ---- shutdown ----

    @Test
    void closeFailsRequestsInFlightAndLaterOnes() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        start((r, x) -> received.countDown(), Duration.ofSeconds(30));
        var inFlight = post(client, "x".getBytes(StandardCharsets.UTF_8));
        assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
        client.close();
        assertThat(catchThrowable(() -> inFlight.get(5, TimeUnit.SECONDS))).isNotNull();
        assertThat(catchThrowable(() -> post(client, new byte[1]).get(5, TimeUnit.SECONDS)))
                .hasRootCauseMessage("HTTP client is closed");
        assertThat(clientThreadsLeft()).isEmpty();
    }

    /** The client's threads still alive once each had up to 5 s to finish exiting (close() has stopped them). */
    private static List<String> clientThreadsLeft() throws InterruptedException {
        List<String> alive = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("kinesis-producer-http-")) {
                t.join(5000);
                if (t.isAlive()) {
                    alive.add(t.getName());
                }
            }
        }
        return alive;
    }

    @Test
    void closeAlsoFailsRequestsStillQueuedBehindBusyThreads() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        server = ScriptedServer.start((r, x) -> received.countDown()); // takes the request, never answers
        client = new Http11Client(server.endpoint(), 1, Duration.ofSeconds(2), Duration.ofSeconds(30));
        var running = post(client, new byte[1]);
        var queued = post(client, new byte[1]); // one I/O thread: this one waits in the queue
        assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
        client.close();
        assertThat(catchThrowable(() -> running.get(5, TimeUnit.SECONDS))).isNotNull();
        assertThat(catchThrowable(() -> queued.get(5, TimeUnit.SECONDS))).hasRootCauseMessage("HTTP client is closed");
    }

    @Test
    void closeEndsAConnectThatIsStillWaitingForTheServer() throws Exception {
        // A listener that never accepts: once its accept queue is full, Linux drops further SYNs and connect() waits.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                boolean waits = false;
                for (int i = 0; i < 20 && !waits; i++) {
                    Socket f = new Socket();
                    fillers.add(f);
                    try {
                        f.connect(full.getLocalSocketAddress(), 200);
                    } catch (java.net.SocketTimeoutException e) {
                        waits = true;
                    }
                }
                org.junit.jupiter.api.Assumptions.assumeTrue(waits, "this kernel never made connect() wait");
                client = new Http11Client(URI.create("http://127.0.0.1:" + full.getLocalPort()), 1,
                        Duration.ofSeconds(30), Duration.ofSeconds(30));
                var pending = post(client, new byte[0]);
                // The I/O thread is inside connect() once it shows up there (bounded wait, no sleep).
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!inConnect() && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                assertThat(pending).isNotDone();

                long c0 = System.nanoTime();
                client.close();
                Throwable e = catchThrowable(() -> pending.get(5, TimeUnit.SECONDS));

                assertThat(KinesisErrors.unwrap(e)).isInstanceOf(IOException.class).hasMessageContaining("closed");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c0)).isLessThan(3000);
                assertThat(clientThreadsLeft()).as("no thread left waiting in connect()").isEmpty();
            } finally {
                for (Socket f : fillers) {
                    f.close();
                }
            }
        }
    }

    private static boolean inConnect() {
        return Thread.getAllStackTraces().entrySet().stream().anyMatch(e -> e.getKey().isAlive()
                && e.getKey().getName().startsWith("kinesis-producer-http-")
                && java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().contains("connect")));
    }
}
