package io.github.kinesisproducer.internal.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The HTTP layer's share of reading a PutRecords answer, per response: status line, the headers Kinesis sends and the
 * body (500 results of an un-aggregated call, ≈ 45 KB, or 100 results of a call of aggregates, ≈ 9 KB), from a
 * buffered stream as on a socket. The JSON is not parsed here ({@code PutRecordsReadBench} measures that). Lives in
 * the producer's internal package because the reader is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class HttpResponseReadBench {
    @Param({"ok500", "ok100"})
    public String shape;

    private HttpResponseReader reader;

    @Setup
    public void setup() throws IOException {
        int n = shape.endsWith("100") ? 100 : 500;
        StringBuilder json = new StringBuilder("{\"EncryptionType\":\"NONE\",\"Records\":[");
        for (int i = 0; i < n; i++) {
            json.append(i > 0 ? "," : "").append("{\"SequenceNumber\":\"49590000000000000000000000000000000000")
                    .append(String.format("%018d", i)).append("\",\"ShardId\":\"")
                    .append(String.format("shardId-%012d", i % 4)).append("\"}");
        }
        byte[] body = json.append("],\"FailedRecordCount\":0}").toString().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 200 OK\r\n"
                + "x-amzn-RequestId: f2a6b8c0-1d2e-4f5a-9b8c-7d6e5f4a3b2c\r\n"
                + "x-amz-id-2: kX3mN8pQ2rT5vW9yZ1aB4cD7eF0gH3iJ6kL9mN2oP5qR8sT1uV4wX7yZ0aB3cD6eF9gH2iJ5kL8m\r\n"
                + "Content-Type: application/x-amz-json-1.1\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Date: Sun, 06 Dec 2026 09:00:00 GMT\r\n"
                + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] response = new byte[h.length + body.length];
        System.arraycopy(h, 0, response, 0, h.length);
        System.arraycopy(body, 0, response, h.length, body.length);
        reader = new HttpResponseReader(new BufferedInputStream(new Replay(response), 8192), () -> false);
        HttpTransport.Response r = reader.read();
        if (r.status() != 200 || r.body().length != body.length || !r.keepAlive()) {
            throw new IllegalStateException("read " + r.status() + " with " + r.body().length + " of " + body.length
                    + " body bytes");
        }
    }

    @Benchmark
    public HttpTransport.Response read() throws IOException {
        return reader.read();
    }

    /**
     * The same response over and over, as a socket would deliver answers on a keep-alive connection. A read never
     * crosses from one copy into the next, like a server that writes one answer per request.
     */
    private static final class Replay extends InputStream {
        private final byte[] bytes;
        private int pos;

        Replay(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            if (pos == bytes.length) {
                pos = 0;
            }
            return bytes[pos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos == bytes.length) {
                pos = 0;
            }
            int n = Math.min(len, bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
