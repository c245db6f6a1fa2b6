package io.github.kinesisproducer.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Decides that an emulator is ready by sending it a real {@code ListStreams} call, not by a TCP connect: an open
 * port only proves the socket exists, while a 200 to a signed-looking request proves the whole request path works.
 */
final class ReadinessProbe {
    static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    // kinesalite parses but never verifies SigV4; it only requires the parts to be present.
    private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=" + EmulatorClients.ACCESS_KEY_ID
            + "/20250101/us-east-1/kinesis/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target,"
            + " Signature=0000000000000000000000000000000000000000000000000000000000000000";
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    private ReadinessProbe() {
    }

    /** One {@code ListStreams} round trip with short timeouts; true only for HTTP 200. */
    static boolean ping(URI endpoint, Duration timeout) {
        HttpURLConnection conn = null;
        try {
            conn = (HttpURLConnection) endpoint.resolve("/").toURL().openConnection();
            conn.setConnectTimeout((int) timeout.toMillis());
            conn.setReadTimeout((int) timeout.toMillis());
            conn.setUseCaches(false);
            conn.setDoOutput(true);
            conn.setRequestMethod("POST");
            conn.setRequestProperty("Content-Type", "application/x-amz-json-1.1");
            conn.setRequestProperty("X-Amz-Target", "Kinesis_20131202.ListStreams");
            conn.setRequestProperty("X-Amz-Date", "20250101T000000Z");
            conn.setRequestProperty("Authorization", AUTHORIZATION);
            // No pooled keep-alive socket left behind: it would outlive a kill and confuse the next probe.
            conn.setRequestProperty("Connection", "close");
            conn.setFixedLengthStreamingMode(BODY.length);
            try (OutputStream out = conn.getOutputStream()) {
                out.write(BODY);
            }
            int status = conn.getResponseCode();
            try (InputStream in = status < 400 ? conn.getInputStream() : conn.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            return status == 200;
        } catch (IOException e) {
            return false;
        } finally {
            if (conn != null) {
                conn.disconnect();
            }
        }
    }

    /**
     * Polls every {@link #POLL_INTERVAL} until {@link #ping} succeeds; fails fast if {@code process} dies.
     *
     * @param diagnostics supplies the process output for the error message
     */
    static void await(URI endpoint, Process process, Duration timeout, Supplier<String> diagnostics)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kinesalite (pid " + process.pid() + ") exited with code "
                        + process.exitValue() + " while waiting for readiness. Output:\n" + diagnostics.get());
            }
            if (ping(endpoint, Duration.ofSeconds(2))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("kinesalite at " + endpoint + " did not answer ListStreams with 200 within "
                        + timeout + ". Output:\n" + diagnostics.get());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }
}
