package io.github.kinesisproducer.internal.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A raw HTTP/1.1 server on 127.0.0.1 for client tests: it reads each request whole (head and Content-Length body),
 * records it, and lets a {@link Script} answer as it likes, byte for byte (or not at all). Every request and every
 * connection is counted, so a test can say exactly what reached the server. One thread per connection.
 */
final class ScriptedServer implements AutoCloseable {
    /** One request as received. */
    record Request(int connection, int onConnection, String requestLine, Map<String, String> headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What the server does with a request. */
    interface Script {
        void respond(Request request, Exchange exchange) throws IOException;
    }

    /** The connection a request came on, to answer or misbehave on. */
    static final class Exchange {
        private final Socket socket;
        private final OutputStream out;

        Exchange(Socket socket, OutputStream out) {
            this.socket = socket;
            this.out = out;
        }

        /** Writes these bytes (ISO-8859-1) and flushes. */
        Exchange send(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return this;
        }

        /** A 200 response with this body and Content-Length. */
        Exchange ok(String body) throws IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            send("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: " + b.length
                    + "\r\n\r\n");
            out.write(b);
            out.flush();
            return this;
        }

        /** Closes the connection in order (FIN). */
        void close() throws IOException {
            socket.close();
        }

        /** Closes the connection with a reset (RST). */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }

    private final ServerSocket server;
    private final Script script;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final boolean tls;

    private ScriptedServer(ServerSocket server, Script script, boolean tls) {
        this.server = server;
        this.script = script;
        this.tls = tls;
        Thread t = new Thread(this::acceptLoop, "scripted-server-accept");
        t.setDaemon(true);
        t.start();
    }

    static ScriptedServer start(Script script) throws IOException {
        return new ScriptedServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script, false);
    }

    /** Over TLS, with the server side of {@code context}; {@code configure} may set SNI matchers, protocols, ... */
    static ScriptedServer startTls(SSLContext context, java.util.function.Consumer<SSLServerSocket> configure,
            Script script) throws IOException {
        SSLServerSocket s = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        configure.accept(s);
        return new ScriptedServer(s, script, true);
    }

    /** {@code http(s)://127.0.0.1:<port>} followed by {@code path}. */
    URI endpoint(String path) {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + server.getLocalPort() + path);
    }

    URI endpoint() {
        return endpoint("");
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    List<Request> requests() {
        return requests;
    }

    List<String> bodies() {
        return requests.stream().map(Request::bodyText).toList();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                int n = connections.incrementAndGet();
                Thread c = new Thread(() -> serve(s, n), "scripted-server-" + n);
                c.setDaemon(true);
                c.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int connection) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            for (int n = 0; ; n++) {
                String line = line(in);
                if (line == null) {
                    return;
                }
                Map<String, String> headers = new LinkedHashMap<>();
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    int colon = h.indexOf(':');
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                byte[] body = in.readNBytes(length);
                if (body.length < length) {
                    return; // the client went away mid-request: not a request
                }
                Request r = new Request(connection, n, line, headers, body);
                requests.add(r);
                script.respond(r, new Exchange(s, out));
                if (s.isClosed()) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away, or the script closed the connection
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            }
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (SocketException ignored) {
                // already closed
            }
        }
    }
}
