package io.github.kinesisproducer.bench.sink;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Warms the sink's JIT (JSON scanning, base64, aggregate decoding, TLS) with its own loopback traffic before the
 * measured runs, so that a cold sink does not tax the first producer. Bounded: {@code requests} calls per port.
 */
public final class SinkWarmup {
    private SinkWarmup() {
    }

    public static void run(NullSinkServer sink, int requests) throws Exception {
        String plainBody = body(false);
        String aggregateBody = body(true);
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpClient tls = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trustAll()).build();
        for (int i = 0; i < requests; i++) {
            post(plain, "http://127.0.0.1:" + sink.plainPort(), i % 2 == 0 ? plainBody : aggregateBody);
            if (sink.tlsPort() > 0) {
                post(tls, "https://127.0.0.1:" + sink.tlsPort(), i % 2 == 0 ? aggregateBody : plainBody);
            }
        }
    }

    private static void post(HttpClient c, String url, String body) throws Exception {
        HttpResponse<Void> r = c.send(HttpRequest.newBuilder(URI.create(url + "/"))
                .header("X-Amz-Target", "Kinesis_20131202.PutRecords")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("sink warm-up: HTTP " + r.statusCode());
        }
    }

    /** 500 plain 100-byte records, or 4 KPL aggregates of 300 records each. */
    private static String body(boolean aggregated) throws Exception {
        StringBuilder sb = new StringBuilder("{\"StreamName\":\"warmup\",\"Records\":[");
        Base64.Encoder b64 = Base64.getEncoder();
        int n = aggregated ? 4 : 500;
        for (int i = 0; i < n; i++) {
            byte[] data = aggregated ? aggregate(300) : new byte[100];
            sb.append(i == 0 ? "" : ",").append("{\"Data\":\"").append(b64.encodeToString(data))
                    .append("\",\"PartitionKey\":\"").append(UUID.randomUUID()).append('"');
            if (aggregated) {
                sb.append(",\"ExplicitHashKey\":\"").append(12345678901234567L * (i + 1)).append('"');
            }
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    private static byte[] aggregate(int records) throws Exception {
        ByteArrayOutputStream pb = new ByteArrayOutputStream();
        byte[] pk = UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        pb.write(0x0A);
        pb.write(pk.length);
        pb.write(pk);
        for (int i = 0; i < records; i++) {
            // Record { 1: pk index 0, 3: 100 bytes } = 08 00 1A 64 <100 bytes>, 104 bytes
            pb.write(0x1A);
            pb.write(104);
            pb.write(new byte[] {0x08, 0x00, 0x1A, 100});
            pb.write(new byte[100]);
        }
        byte[] proto = pb.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2});
        out.write(proto);
        out.write(MessageDigest.getInstance("MD5").digest(proto));
        return out.toByteArray();
    }

    private static SSLContext trustAll() throws Exception {
        TrustManager tm = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {tm}, new SecureRandom());
        return ctx;
    }
}
