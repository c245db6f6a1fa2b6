package io.github.kinesisproducer.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A {@code CONNECT} proxy on 127.0.0.1 for client tests: it records each request head and lets a rule answer. A rule
 * that returns null opens the tunnel, whatever host was asked for, to {@code targetPort} on 127.0.0.1 (so a test can
 * name any host in the endpoint without DNS); any other text is written as the answer and the connection closed;
 * {@link #SILENT} says nothing and holds the connection. The real forward proxy of the integration tests (npm
 * {@code proxy}) is started by {@code ForwardProxy}; this one is for the cases it cannot script.
 */
final class TunnelProxy implements AutoCloseable {
    /** A rule's answer: say nothing, keep the connection open. */
    static final String SILENT = "";

    private final ServerSocket server;
    private final int targetPort;
    private final Function<List<String>, String> rule;
    private final List<List<String>> heads = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private TunnelProxy(int targetPort, Function<List<String>, String> rule) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.rule = rule;
        thread(this::acceptLoop, "tunnel-proxy-accept");
    }

    /** @param rule given the request line and header lines, returns null to open the tunnel, else the answer */
    static TunnelProxy start(int targetPort, Function<List<String>, String> rule) throws IOException {
        return new TunnelProxy(targetPort, rule);
    }

    /** Opens every tunnel. */
    static TunnelProxy start(int targetPort) throws IOException {
        return start(targetPort, head -> null);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every request head received: the request line first, then the header lines as sent. */
    List<List<String>> heads() {
        return heads;
    }

    /** Closes every tunnel now (both sides), as a proxy that drops its connections. */
    void dropAll() {
        sockets.forEach(TunnelProxy::closeQuietly);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                thread(() -> serve(client), "tunnel-proxy-conn");
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = client.getInputStream();
            List<String> head = new ArrayList<>();
            for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
                head.add(line);
            }
            if (head.isEmpty()) {
                closeQuietly(client);
                return;
            }
            heads.add(List.copyOf(head));
            String answer = rule.apply(head);
            OutputStream out = client.getOutputStream();
            if (answer == null) {
                Socket target = new Socket();
                sockets.add(target);
                target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                thread(() -> pipe(target, client), "tunnel-proxy-down");
                pipe(client, target);
            } else if (!answer.equals(SILENT)) {
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                closeQuietly(client);
            }
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** Copies until either side ends, then closes both (a tunnel lives and dies as one). */
    private static void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return null;
    }

    private static void thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropAll();
    }
}
