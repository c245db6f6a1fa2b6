package io.github.kinesisproducer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of the emulator that passes everything until a request contains
 * {@code stallOn} (e.g. {@code PutRecords}); from then on that connection forwards nothing more, so the call hangs
 * as in an outage, while other calls (the stream check's ListShards) still get through.
 */
final class StallingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final byte[] stallOn;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    StallingProxy(URI target, String stallOn) throws IOException {
        this.target = new InetSocketAddress(target.getHost(), target.getPort());
        this.stallOn = stallOn.getBytes(StandardCharsets.US_ASCII);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "stalling-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(upstream);
                pump(client.getInputStream(), upstream.getOutputStream(), true);
                pump(upstream.getInputStream(), client.getOutputStream(), false);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(InputStream from, OutputStream to, boolean requests) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            boolean stalled = false;
            try {
                int n;
                while ((n = from.read(buf)) > 0) {
                    stalled = stalled || (requests && contains(buf, n, stallOn));
                    if (!stalled) {
                        to.write(buf, 0, n);
                        to.flush();
                    }
                }
            } catch (IOException e) {
                // a side closed: this connection is over
            }
        }, "stalling-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static boolean contains(byte[] buf, int n, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= n; i++) {
            for (int j = 0; j < what.length; j++) {
                if (buf[i + j] != what[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
