package io.github.kinesisproducer.internal.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.kinesisproducer.internal.protocol.KinesisErrors;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP/1.1 conformance of the producer's own client, each case against a scripted server: the answer to a request
 * is its own final response and nothing else; a response whose framing is ambiguous, oversized or cut short fails the
 * call as "may have been stored" and its connection is never used again (the next request arrives on a new one).
 */
class HttpConformanceTest {
    private ScriptedServer server;
    private HttpTransport client;

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * Connection 1 answers its first request with {@code bad}; every other request gets "ok:" and its body.
     */
    private void startWithFirstAnswer(String bad) throws IOException {
        startWithFirstAnswer(bad, false);
    }

    /** As above; with {@code thenClose} connection 1 is closed right after that answer. */
    private void startWithFirstAnswer(String bad, boolean thenClose) throws IOException {
        server = ScriptedServer.start((r, x) -> {
            if (r.connection() == 1 && r.onConnection() == 0) {
                x.send(bad);
                if (thenClose) {
                    x.close();
                }
            } else {
                x.ok("ok:" + r.bodyText());
            }
        });
        client = new Http11Client(server.endpoint(), 2, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private String post(String body) throws Exception {
        HttpTransport.Response r = Http11ClientTest.post(client, body.getBytes(StandardCharsets.UTF_8))
                .get(20, TimeUnit.SECONDS);
        return r.status() + " " + new String(r.body(), StandardCharsets.UTF_8);
    }

    /** The first call fails as "may have been stored"; the second one goes out on a new connection and succeeds. */
    private Throwable assertUnknownOutcomeAndConnectionDropped() throws Exception {
        Throwable e = catchThrowable(() -> post("first"));
        assertThat(e).as("the first call fails").isNotNull();
        assertThat(Http11ClientTest.mayHaveBeenStored(e)).as("outcome unknown: " + e).isTrue();
        assertThat(post("second")).isEqualTo("200 ok:second");
        assertThat(server.requests()).extracting(ScriptedServer.Request::connection).containsExactly(1, 2);
        return KinesisErrors.unwrap(e);
    }

    @ParameterizedTest
    @ValueSource(strings = {"100 Continue\r\n\r\n", "103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n",
            "100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 103 Early Hints\r\n\r\n"})
    void interimResponsesAreSkippedAndNeverTakenForTheAnswer(String interim) throws Exception {
        startWithFirstAnswer("HTTP/1.1 " + interim + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal");
        assertThat(post("first")).isEqualTo("200 final");
        // Nothing of the first exchange is left on the connection for the next call to read as its answer.
        assertThat(post("second")).isEqualTo("200 ok:second");
        assertThat(server.connections()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {HttpResponseReader.MAX_INTERIM_RESPONSES + 1})
    void endlessInterimResponsesAreAnError(int count) throws Exception {
        startWithFirstAnswer("HTTP/1.1 100 Continue\r\n\r\n".repeat(count) + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertThat(assertUnknownOutcomeAndConnectionDropped()).hasMessageContaining("interim (1xx) responses");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n"})
    void aProtocolSwitchNobodyAskedForIsAnError(String answer) throws Exception {
        startWithFirstAnswer(answer);
        assertThat(assertUnknownOutcomeAndConnectionDropped()).hasMessageContaining("101");
    }

    @ParameterizedTest
    @ValueSource(ints = {HttpResponseReader.MAX_HEADERS + 1, 10_000})
    void theNumberOfHeaderLinesIsBounded(int count) throws Exception {
        startWithFirstAnswer("HTTP/1.1 200 OK\r\n" + "X-A: 1\r\n".repeat(count) + "Content-Length: 0\r\n\r\n");
        assertThat(assertUnknownOutcomeAndConnectionDropped()).hasMessageContaining("more than 128 header lines");
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 1000})
    void theBytesOfTheHeadAreBounded(int headersOf4KiB) throws Exception {
        startWithFirstAnswer("HTTP/1.1 200 OK\r\n" + ("X-Big: " + "b".repeat(4096) + "\r\n").repeat(headersOf4KiB)
                + "Content-Length: 0\r\n\r\n");
        assertThat(assertUnknownOutcomeAndConnectionDropped()).hasMessageContaining("head larger than 64 KiB");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\nok\r\n0\r\n\r\n",
        "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"})
    void transferEncodingTogetherWithContentLengthIsAnError(String rest) throws Exception {
        startWithFirstAnswer("HTTP/1.1 200 OK\r\n" + rest);
        assertThat(assertUnknownOutcomeAndConnectionDropped())
                .hasMessageContaining("both Transfer-Encoding and Content-Length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 2\r\nContent-Length: 2\r\n", "Content-Length: 2\r\nContent-Length: 3\r\n"})
    void aRepeatedContentLengthIsAnError(String lengths) throws Exception {
        startWithFirstAnswer("HTTP/1.1 200 OK\r\n" + lengths + "\r\nok!");
        assertThat(assertUnknownOutcomeAndConnectionDropped()).hasMessageContaining("2 Content-Length headers");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+2", "-1", "2, 2", "0x2", "2 2", "", "99999999999", "two", "２"})
    void anInvalidContentLengthIsAnError(String value) throws Exception {
        startWithFirstAnswer("HTTP/1.1 200 OK\r\nContent-Length: " + value + "\r\n\r\nok");
        assertThat(assertUnknownOutcomeAndConnectionDropped()).hasMessageContaining("Content-Length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "gzip, chunked", "identity"})
    void aTransferCodingOtherThanChunkedIsAnError(String coding) throws Exception {
        startWithFirstAnswer("HTTP/1.1 200 OK\r\nTransfer-Encoding: " + coding + "\r\n\r\n2\r\nok\r\n0\r\n\r\n");
        assertThat(assertUnknownOutcomeAndConnectionDropped()).hasMessageContaining("unsupported Transfer-Encoding");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+2", "-2", "0x2", "g", "123456789", ""})
    void aBadChunkSizeIsAnError(String size) throws Exception {
        startWithFirstAnswer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\nok\r\n0\r\n\r\n");
        assertThat(assertUnknownOutcomeAndConnectionDropped()).hasMessageContaining("chunk size");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Name : value", " folded", "No colon", "Bad\u0001Name: v"})
    void aMalformedHeaderLineIsAnError(String line) throws Exception {
        startWithFirstAnswer("HTTP/1.1 200 OK\r\nX-A: 1\r\n" + line + "\r\nContent-Length: 0\r\n\r\n");
        assertThat(assertUnknownOutcomeAndConnectionDropped()).hasMessageContaining("malformed header line");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ICY 200 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 20 OK", "HTTP/2 200", "HTTP/1.1 099 Low"})
    void aBadStatusLineIsAnError(String line) throws Exception {
        startWithFirstAnswer(line + "\r\nContent-Length: 0\r\n\r\n");
        assertThat(assertUnknownOutcomeAndConnectionDropped()).hasMessageContaining("status");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 9})
    void aBodyShorterThanDeclaredIsAnError(int sent) throws Exception {
        startWithFirstAnswer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n" + "0123456789".substring(0, sent), true);
        assertThat(assertUnknownOutcomeAndConnectionDropped())
                .hasMessageContaining("connection closed after " + sent + " of 10 body bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3\r\nabc\r\n", "3\r\nab", "3\r\nabc\r\n0\r\n"})
    void aChunkedBodyCutShortIsAnError(String sent) throws Exception {
        startWithFirstAnswer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + sent, true);
        assertThat(assertUnknownOutcomeAndConnectionDropped()).hasMessageContaining("closed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "garbage"})
    void bytesAfterTheAnswerAreNeverReadAsTheNextAnswer(String extra) throws Exception {
        // A second response nobody asked for (or garbage) right behind the first answer: the connection is dropped,
        // and the next request gets its own answer on a new one.
        startWithFirstAnswer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst" + extra);
        assertThat(post("first")).isEqualTo("200 first");
        assertThat(post("second")).isEqualTo("200 ok:second");
        assertThat(server.requests()).extracting(ScriptedServer.Request::connection).containsExactly(1, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Connection: close\r\n", "Connection: keep-alive, close\r\n"})
    void connectionCloseIsHonoured(String header) throws Exception {
        startWithFirstAnswer("HTTP/1.1 200 OK\r\n" + header + "Content-Length: 2\r\n\r\nok");
        assertThat(post("first")).isEqualTo("200 ok");
        assertThat(post("second")).isEqualTo("200 ok:second");
        assertThat(server.requests()).extracting(ScriptedServer.Request::connection).containsExactly(1, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 200 OK\r\n\r\nclose-delimited", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"})
    void aResponseWithoutKeepAliveEndsItsConnection(String answer) throws Exception {
        startWithFirstAnswer(answer, true);
        assertThat(post("first")).startsWith("200 ");
        assertThat(post("second")).isEqualTo("200 ok:second");
        assertThat(server.connections()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: t\r\n\r\n",
            "Transfer-Encoding: Chunked\r\n\r\n00c\r\nhello, world\r\n0\r\n\r\n"})
    void chunkedBodiesAreReadAndTheConnectionStaysUsable(String rest) throws Exception {
        startWithFirstAnswer("HTTP/1.1 400 Bad Request\r\nx-amzn-ErrorType: Oops:http://x\r\n" + rest);
        HttpTransport.Response r = Http11ClientTest.post(client, new byte[0]).get(20, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.reason()).isEqualTo("Bad Request");
        assertThat(r.headers()).containsEntry("x-amzn-errortype", "Oops:http://x");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("hello, world");
        assertThat(post("second")).isEqualTo("200 ok:second");
        assertThat(server.connections()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/vpce/kinesis", "/gateway/kinesis/", "/a/./b/../kinesis", "//double//slash", "/a%20b"})
    void theEndpointsPathIsKept(String path) throws Exception {
        server = ScriptedServer.start((r, x) -> x.ok("ok"));
        client = new Http11Client(server.endpoint(path), 1, Duration.ofSeconds(2), Duration.ofSeconds(5));
        post("x");
        String expected = EndpointPath.normalize(path);
        assertThat(server.requests().get(0).requestLine()).isEqualTo("POST " + expected + " HTTP/1.1");
        assertThat(client.path()).isEqualTo(expected);
        assertThat(expected).isIn("/vpce/kinesis", "/gateway/kinesis/", "/a/kinesis", "/double/slash", "/a%20b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:1/x?q=1", "http://127.0.0.1:1/x#f"})
    void anEndpointWithAQueryOrFragmentIsRefused(String endpoint) {
        assertThat(catchThrowable(() -> new Http11Client(URI.create(endpoint), 1, Duration.ofSeconds(1),
                Duration.ofSeconds(1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query or a fragment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nInjected: 1", "a\nb", "caf\u00e9"})
    void aHeaderValueThatHttpCannotCarryFailsTheCallBeforeAnythingIsSent(String value) throws Exception {
        server = ScriptedServer.start((r, x) -> x.ok("ok"));
        client = new Http11Client(server.endpoint(), 1, Duration.ofSeconds(2), Duration.ofSeconds(5));
        var headers = new java.util.LinkedHashMap<>(Http11ClientTest.headers(client, 0));
        headers.put("X-Amz-Security-Token", value);
        Throwable e = catchThrowable(() -> client.post(headers, new byte[0], 0).get(5, TimeUnit.SECONDS));
        assertThat(KinesisErrors.unwrap(e)).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.connections()).isZero();
    }
}
