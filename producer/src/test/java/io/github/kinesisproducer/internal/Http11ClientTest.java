package io.github.kinesisproducer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The PutRecords HTTP/1.1 client against a scripted raw-socket server on 127.0.0.1. */
class Http11ClientTest {
    /** What the server does with request number n (0-based) on a connection: writes a response or misbehaves. */
    interface Script {
        void respond(int requestOnConnection, String body, OutputStream out, Socket socket) throws IOException;
    }

    private ServerSocket server;
    private Http11Client client;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private Thread acceptor;

    private Http11Client start(Script script, Duration timeout) throws IOException {
        return start(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script, timeout);
    }

    private Http11Client start(ServerSocket listener, Script script, Duration timeout) throws IOException {
        server = listener;
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.add(s);
                    connections.incrementAndGet();
                    Thread c = new Thread(() -> serve(s, script));
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        acceptor = t;
        client = new Http11Client(URI.create("http://127.0.0.1:" + server.getLocalPort()), 2, Duration.ofSeconds(2),
                timeout);
        return client;
    }

    private void serve(Socket s, Script script) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            for (int n = 0; ; n++) {
                String line = in.readLine();
                if (line == null) {
                    return;
                }
                int length = 0;
                for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                    if (h.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).trim());
                    }
                }
                char[] body = new char[length];
                for (int read = 0; read < length; ) {
                    read += in.read(body, read, length - read);
                }
                bodies.add(new String(body));
                script.respond(n, new String(body), s.getOutputStream(), s);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void ok(OutputStream out, String body) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private Http11Client.Response post(String body) throws Exception {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return client.post(Map.of("X-Test", "1"), b, b.length).get(10, TimeUnit.SECONDS);
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
        start((n, body, out, s) -> ok(out, "echo " + body), Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            Http11Client.Response r = post("b" + i);
            assertThat(r.status()).isEqualTo(200);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("echo b" + i);
        }
        assertThat(connections.get()).isEqualTo(1);
        assertThat(bodies).containsExactly("b0", "b1", "b2", "b3", "b4");
    }

    @Test
    void chunkedBodiesAndHeadersAreRead() throws Exception {
        start((n, body, out, s) -> {
            out.write(("HTTP/1.1 400 Bad Request\r\nx-amzn-ErrorType: Oops:http://x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: t\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }, Duration.ofSeconds(5));
        Http11Client.Response r = post("x");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.reason()).isEqualTo("Bad Request");
        assertThat(r.headers()).containsEntry("x-amzn-errortype", "Oops:http://x");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("hello, world");
        assertThat(post("y").status()).isEqualTo(400); // the connection stayed usable after the chunked body
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void aStaleKeepAliveConnectionIsReplacedOnce() throws Exception {
        // The server answers the first request, then closes the connection without telling (keep-alive timeout).
        start((n, body, out, s) -> {
            ok(out, "ok");
            s.close();
        }, Duration.ofSeconds(5));
        assertThat(post("first").status()).isEqualTo(200);
        Thread.sleep(100); // let the close reach the client's idle connection
        assertThat(post("second").status()).isEqualTo(200);
        assertThat(connections.get()).isEqualTo(2);
        assertThat(bodies).containsExactly("first", "second");
    }

    @Test
    void connectionCloseHeaderIsHonoured() throws Exception {
        start((n, body, out, s) -> {
            out.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.close();
        }, Duration.ofSeconds(5));
        post("a");
        post("b");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        start((n, body, out, s) -> { }, Duration.ofMillis(300));
        Throwable e = catchThrowable(() -> post("x"));
        assertThat(RetryPolicy.unwrap(e)).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("no complete response within 300 ms");
        assertThat(KinesisHttp.asSdkException(e).getClass().getSimpleName())
                .isEqualTo("ApiCallAttemptTimeoutException");
        // The request was out whole: the server may have acted on it.
        assertThat(RetryPolicy.maybeStored(KinesisHttp.asSdkException(e), true)).isTrue();
    }

    @Test
    void aConnectionLostAfterTheRequestWasSentMayHaveStoredIt_oneRefusedStoredNothing() throws Exception {
        start((n, body, out, s) -> s.close(), Duration.ofSeconds(5)); // reads the request, closes without a word
        Throwable lost = catchThrowable(() -> post("x"));
        assertThat(RetryPolicy.maybeStored(KinesisHttp.asSdkException(lost), true)).isTrue();
        assertThat(KinesisHttp.asSdkException(lost)).hasMessageContaining("connection closed by the server before a response");

        int port = server.getLocalPort();
        server.close();
        client.close();
        client = new Http11Client(URI.create("http://127.0.0.1:" + port), 1, Duration.ofSeconds(2), Duration.ofSeconds(5));
        Throwable refused = catchThrowable(() -> post("y"));
        assertThat(RetryPolicy.maybeStored(KinesisHttp.asSdkException(refused), true)).isFalse();
    }

    @Test
    void aRequestWrittenWholeToAStaleConnectionMayHaveBeenStoredEvenIfTheRetryCannotConnect() throws Exception {
        // The retry must be refused every time. A socket bound to the port without listening (SO_REUSEPORT lets it
        // share the port) keeps the port ours, and the listener is closed with its accept thread ended before the
        // client can even see the stale connection fail: so no retry can reach a listener still closing, and no
        // other socket can take the port meanwhile. A connect to a port with no listener is then refused.
        ServerSocket listener = new ServerSocket();
        listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        try (Socket portHolder = new Socket()) {
            portHolder.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            portHolder.bind(listener.getLocalSocketAddress());
            start(listener, (n, body, out, s) -> {
                if (n == 0) {
                    ok(out, "first");
                } else {
                    server.close(); // the retry on a fresh connection will be refused...
                    try {
                        acceptor.join(); // the listener is gone once its accept has returned
                    } catch (InterruptedException ex) {
                        throw new java.io.InterruptedIOException("nobody interrupts this thread");
                    }
                    s.close(); // ...after this one took the whole request and closed without a word
                }
            }, Duration.ofSeconds(5));
            assertThat(post("a").status()).isEqualTo(200);
            Throwable e = catchThrowable(() -> post("b"));
            assertThat(e).hasRootCauseInstanceOf(java.net.ConnectException.class); // the retry was refused
            assertThat(connections.get()).isEqualTo(1);
            assertThat(bodies).containsExactly("a", "b");
            assertThat(RetryPolicy.maybeStored(KinesisHttp.asSdkException(e), true)).isTrue();
        }
    }

    @Test
    void aWriteBlockedOnAPeerThatStoppedReadingTimesOut() throws Exception {
        // A server that accepts but never reads: a 64 MiB body fills the socket buffers and the write blocks.
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> held = new ArrayList<>();
        Thread t = new Thread(() -> {
            try {
                held.add(server.accept());
            } catch (IOException ignored) {
                // closed
            }
        });
        t.setDaemon(true);
        t.start();
        client = new Http11Client(URI.create("http://127.0.0.1:" + server.getLocalPort()), 1, Duration.ofSeconds(2),
                Duration.ofMillis(500));
        byte[] big = new byte[64 << 20];
        long t0 = System.nanoTime();
        Throwable e = catchThrowable(() -> client.post(Map.of(), big, big.length).get(10, TimeUnit.SECONDS));
        assertThat(RetryPolicy.unwrap(e)).isInstanceOf(TimeoutException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5000);
    }

    @Test
    void closeFailsRequestsInFlightAndLaterOnes() throws Exception {
        start((n, body, out, s) -> { }, Duration.ofSeconds(30));
        byte[] b = "x".getBytes(StandardCharsets.UTF_8);
        var inFlight = client.post(Map.of(), b, 1);
        while (bodies.isEmpty()) {
            Thread.sleep(5);
        }
        client.close();
        assertThat(catchThrowable(() -> inFlight.get(5, TimeUnit.SECONDS))).isNotNull();
        assertThat(catchThrowable(() -> client.post(Map.of(), b, 1).get(5, TimeUnit.SECONDS)))
                .hasRootCauseMessage("HTTP client is closed");
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(th -> th.getName().startsWith("kinesis-producer-http-") && th.isAlive());
    }

    @Test
    void closeAlsoFailsRequestsStillQueuedBehindBusyThreads() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try {
                accepted.add(server.accept()); // accepts, never answers
            } catch (IOException ignored) {
                // closed
            }
        });
        t.setDaemon(true);
        t.start();
        client = new Http11Client(URI.create("http://127.0.0.1:" + server.getLocalPort()), 1, Duration.ofSeconds(2),
                Duration.ofSeconds(30));
        byte[] b = "x".getBytes(StandardCharsets.UTF_8);
        var running = client.post(Map.of(), b, 1);
        var queued = client.post(Map.of(), b, 1); // one I/O thread: this one waits in the queue
        while (accepted.isEmpty()) {
            Thread.sleep(5);
        }
        client.close();
        assertThat(catchThrowable(() -> running.get(5, TimeUnit.SECONDS))).isNotNull();
        assertThat(catchThrowable(() -> queued.get(5, TimeUnit.SECONDS))).hasRootCauseMessage("HTTP client is closed");
    }

    @Test
    void aStaleConnectionFoundWhileWritingALargeBodyIsAlsoReplaced() throws Exception {
        // A multi-MB body usually fails in the write (broken pipe), not in the read, on a connection the server closed.
        start((n, body, out, s) -> {
            ok(out, "ok");
            s.close();
        }, Duration.ofSeconds(10));
        assertThat(post("first").status()).isEqualTo(200);
        Thread.sleep(100);
        byte[] big = new byte[16 << 20];
        java.util.Arrays.fill(big, (byte) 'x');
        Http11Client.Response r = client.post(Map.of(), big, big.length).get(20, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(connections.get()).isEqualTo(2);
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1)).hasSize(big.length);
    }

    @Test
    void overTlsTheDeadlineAlsoEndsAWriteToAPeerThatStoppedReading() throws Exception {
        javax.net.ssl.SSLContext tls = TestTls.selfSigned();
        javax.net.ssl.SSLServerSocket tlsServer = (javax.net.ssl.SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server = tlsServer;
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
        Throwable e = catchThrowable(() -> client.post(Map.of(), big, big.length).get(10, TimeUnit.SECONDS));
        assertThat(RetryPolicy.unwrap(e)).isInstanceOf(TimeoutException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5000);
        long c0 = System.nanoTime();
        client.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c0)).isLessThan(3000);
    }

    @Test
    void closeEndsAConnectThatIsStillWaitingForTheServer() throws Exception {
        // A listener that never accepts: once its accept queue is full, Linux drops further SYNs and connect() waits.
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        List<Socket> fillers = new ArrayList<>();
        try {
            boolean full = false;
            for (int i = 0; i < 20 && !full; i++) {
                Socket f = new Socket();
                fillers.add(f);
                try {
                    f.connect(server.getLocalSocketAddress(), 200);
                } catch (java.net.SocketTimeoutException e) {
                    full = true;
                }
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(full, "this kernel never made connect() wait");
            client = new Http11Client(URI.create("http://127.0.0.1:" + server.getLocalPort()), 1,
                    Duration.ofSeconds(30), Duration.ofSeconds(30));
            var pending = client.post(Map.of(), new byte[0], 0);
            Thread.sleep(300); // the I/O thread is inside connect()
            assertThat(pending).isNotDone();

            long c0 = System.nanoTime();
            client.close();
            Throwable e = catchThrowable(() -> pending.get(5, TimeUnit.SECONDS));

            assertThat(RetryPolicy.unwrap(e)).isInstanceOf(IOException.class).hasMessageContaining("closed");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c0)).isLessThan(3000);
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive()
                    && t.getName().startsWith("kinesis-producer-http-") && t.getState() == Thread.State.RUNNABLE
                    && java.util.Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().contains("connect")));
        } finally {
            for (Socket f : fillers) {
                f.close();
            }
        }
    }
}
