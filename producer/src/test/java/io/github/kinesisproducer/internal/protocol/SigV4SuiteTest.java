package io.github.kinesisproducer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.internal.http.EndpointPath;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our SigV4 against AWS's published test suite (src/test/resources/sigv4-test-suite): for every case, the canonical
 * request, the string to sign and the signature, each compared with the suite's expected text.
 */
class SigV4SuiteTest {
    private static final Path SUITE = suite();

    private static Path suite() {
        try {
            return Path.of(SigV4SuiteTest.class.getResource("/sigv4-test-suite").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(SUITE)) {
            List<String> names = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).as("the suite's cases").hasSize(38);
            return names.stream();
        }
    }

    /** A request of the suite: method, target, headers in order (folded lines joined), body. */
    private record Request(String method, String path, String query, List<Map.Entry<String, String>> headers,
            byte[] body) {
        static Request parse(byte[] raw) {
            String text = new String(raw, StandardCharsets.UTF_8);
            int split = text.indexOf("\n\n");
            String head = split < 0 ? text : text.substring(0, split);
            byte[] body = split < 0 ? new byte[0]
                    : text.substring(split + 2).getBytes(StandardCharsets.UTF_8);
            String[] lines = head.split("\n");
            String first = lines[0];
            String method = first.substring(0, first.indexOf(' '));
            String target = first.substring(first.indexOf(' ') + 1, first.lastIndexOf(' '));
            int q = target.indexOf('?');
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                String l = lines[i];
                if (l.isEmpty()) {
                    continue;
                }
                if (l.startsWith(" ") || l.startsWith("\t")) { // a folded continuation of the previous value
                    Map.Entry<String, String> last = headers.remove(headers.size() - 1);
                    headers.add(Map.entry(last.getKey(), last.getValue() + "\n" + l));
                    continue;
                }
                int colon = l.indexOf(':');
                headers.add(Map.entry(l.substring(0, colon), l.substring(colon + 1)));
            }
            return new Request(method, q < 0 ? target : target.substring(0, q), q < 0 ? "" : target.substring(q + 1),
                    headers, body);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void canonicalRequestStringToSignAndSignatureMatchTheSuite(String name) throws IOException {
        Path dir = SUITE.resolve(name);
        Map<?, ?> context = (Map<?, ?>) Json.parse(Files.readAllBytes(dir.resolve("context.json")),
                (int) Files.size(dir.resolve("context.json")));
        Map<?, ?> credentials = (Map<?, ?>) context.get("credentials");
        Request r = Request.parse(Files.readAllBytes(dir.resolve("request.txt")));
        String amzDate = SigV4.AMZ_DATE.format(Instant.parse((String) context.get("timestamp")));

        List<Map.Entry<String, String>> headers = new ArrayList<>(r.headers());
        headers.add(Map.entry("X-Amz-Date", amzDate));
        String payloadHash = SigV4.hex(SigV4.sha256(r.body(), -1));
        if (Boolean.TRUE.equals(context.get("sign_body"))) {
            headers.add(Map.entry("x-amz-content-sha256", payloadHash));
        }
        Object token = credentials.get("token");
        if (token != null && !Boolean.TRUE.equals(context.get("omit_session_token"))) {
            headers.add(Map.entry("X-Amz-Security-Token", (String) token));
        }
        String path = Boolean.TRUE.equals(context.get("normalize")) ? EndpointPath.normalize(r.path()) : r.path();

        SigV4.Canonical canonical = SigV4.canonicalRequest(r.method(), SigV4.uriEncode(path, false),
                SigV4.canonicalQuery(r.query()), headers, payloadHash);
        assertThat(canonical.request()).isEqualTo(read(dir, "header-canonical-request.txt"));

        String region = (String) context.get("region");
        String scope = amzDate.substring(0, 8) + "/" + region + "/" + context.get("service") + "/aws4_request";
        String toSign = SigV4.stringToSign(amzDate, scope, canonical.request());
        assertThat(toSign).isEqualTo(read(dir, "header-string-to-sign.txt"));

        String signature = new SigV4(region, (String) context.get("service"))
                .signature((String) credentials.get("secret_access_key"), amzDate, toSign);
        assertThat(signature).isEqualTo(read(dir, "header-signature.txt").trim());
    }

    private static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
    }
}
