package io.github.kinesisproducer.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponseReaderTest {

    private static HttpResponseReader reader(InputStream in) {
        return new HttpResponseReader(in, () -> false);
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Head followed by n bytes of 'x', made as they are read (so a test of a huge body does not hold it). */
    private static InputStream headThenBytes(String head, long n) {
        InputStream body = new InputStream() {
            long left = n;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int k = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + k, (byte) 'x');
                left -= k;
                return k;
            }
        };
        return new SequenceInputStream(text(head), body);
    }

    @Test
    void readsContentLengthChunkedAndCloseDelimitedBodies() throws IOException {
        HttpResponseReader r = reader(text("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: 1\r\nx-a: 2\r\n\r\nok"
                + "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n1\r\nd\r\n0\r\nT: x\r\n\r\n"
                + "HTTP/1.0 200 OK\r\n\r\nrest of the stream"));
        HttpTransport.Response a = r.read();
        assertThat(a.status()).isEqualTo(200);
        assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
        assertThat(a.headers()).containsEntry("x-a", "1,2");
        assertThat(a.keepAlive()).isTrue();
        HttpTransport.Response b = r.read();
        assertThat(b.status()).isEqualTo(400);
        assertThat(b.reason()).isEqualTo("Bad Request");
        assertThat(new String(b.body(), StandardCharsets.UTF_8)).isEqualTo("abcd");
        HttpTransport.Response c = r.read();
        assertThat(new String(c.body(), StandardCharsets.UTF_8)).isEqualTo("rest of the stream");
        assertThat(c.keepAlive()).isFalse();
    }

    @Test
    void tellsWhetherTheResponseHadStarted() {
        HttpResponseReader r = reader(text(""));
        assertThatThrownBy(r::read).isInstanceOf(EOFException.class)
                .hasMessage("connection closed by the server before a response");
        assertThat(r.started()).isFalse();
        HttpResponseReader half = reader(text("HTTP/1.1 200 OK\r\nContent-Le"));
        assertThatThrownBy(half::read).isInstanceOf(EOFException.class).hasMessage("connection closed mid-response");
        assertThat(half.started()).isTrue();
        half.reset();
        assertThat(half.started()).isFalse();
    }

    @Test
    void bodiesAreBoundedHoweverTheyAreFramed() {
        long tooBig = HttpResponseReader.MAX_BODY_BYTES + 1L;
        assertThatThrownBy(() -> reader(headThenBytes("HTTP/1.1 200 OK\r\nContent-Length: " + tooBig + "\r\n\r\n", 0))
                .read()).isInstanceOf(IOException.class).hasMessageContaining("larger than 32 MiB");
        assertThatThrownBy(() -> reader(headThenBytes("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", tooBig)).read())
                .isInstanceOf(IOException.class).hasMessageContaining("larger than 32 MiB");
        String hugeChunk = Integer.toHexString(HttpResponseReader.MAX_BODY_BYTES) + "\r\n";
        assertThatThrownBy(() -> reader(headThenBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n"
                + hugeChunk, tooBig)).read()).isInstanceOf(IOException.class).hasMessageContaining("larger than 32 MiB");
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() throws IOException {
        int max = HttpResponseReader.MAX_BODY_BYTES;
        HttpTransport.Response r = reader(headThenBytes("HTTP/1.1 200 OK\r\n\r\n", max)).read();
        assertThat(r.body()).hasSize(max);
    }

    @Test
    void malformedFramingIsAnIoErrorThatSaysWhatWasWrong() {
        assertThatThrownBy(() -> reader(text("SMTP ready\r\n\r\n")).read()).hasMessageStartingWith("not an HTTP/1.x status line");
        assertThatThrownBy(() -> reader(text("HTTP/1.1 2x0 OK\r\n\r\n")).read()).hasMessageStartingWith("bad HTTP status line");
        assertThatThrownBy(() -> reader(text("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")).read())
                .hasMessage("bad Content-Length: -1");
        assertThatThrownBy(() -> reader(text("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab")).read())
                .isInstanceOf(EOFException.class).hasMessage("connection closed after 2 of 5 body bytes");
        assertThatThrownBy(() -> reader(text("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n")).read())
                .hasMessage("chunk of 2 bytes not followed by CRLF");
        assertThatThrownBy(() -> reader(text("HTTP/1.1 200 OK\r\nX-A: " + "a".repeat(70_000) + "\r\n\r\n")).read())
                .hasMessage("HTTP response head larger than 64 KiB");
    }

    /** Delivers at most {@code step} bytes per read, as a slow socket might. */
    private static InputStream trickle(String s, int step) {
        InputStream all = text(s);
        return new InputStream() { // not a ByteArrayInputStream subclass: its readNBytes relies on its own read
            @Override
            public int read() throws IOException {
                return all.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return all.read(b, off, Math.min(len, step));
            }
        };
    }

    @Test
    void linesAndBodiesSpanningManyReadsAndRefillsReadTheSame() throws IOException {
        String longValue = "v".repeat(20_000) + "\u00e9"; // beyond one 8 KiB buffer, a Latin-1 byte at the end
        String body = "b".repeat(30_000);
        String stream = "HTTP/1.1 200 OK\r\nX-Long: " + longValue + "\r\nContent-Length: 30000\n\r\n" + body
                + "HTTP/1.1 204 No Content\r\n\r\n";
        for (int step : new int[] {1, 7, 8191, 100_000}) {
            HttpResponseReader r = reader(trickle(stream, step));
            HttpTransport.Response a = r.read();
            assertThat(a.headers()).as("step %d", step).containsEntry("x-long", longValue);
            assertThat(new String(a.body(), StandardCharsets.ISO_8859_1)).as("step %d", step).isEqualTo(body);
            assertThat(r.read().status()).as("step %d", step).isEqualTo(204);
            assertThat(r.buffered()).isZero();
        }
    }

    @Test
    void bytesThatArriveAfterAResponseAreReportedAsBuffered() throws IOException {
        HttpResponseReader r = reader(text("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokJUNK"));
        assertThat(new String(r.read().body(), StandardCharsets.UTF_8)).isEqualTo("ok");
        assertThat(r.buffered()).isEqualTo(4); // HttpConnection.fitForReuse then drops the connection
    }
}
