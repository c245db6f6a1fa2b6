package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The library's runtime class path, as Maven resolved it for this build (target/runtime-class-path.txt, written by the
 * dependency plugin before the tests), stays what the README states: no HTTP client library (the producer speaks HTTP
 * itself), and a known number of jars for users who do not pass their own SDK client. A change here is deliberate:
 * update the README's "Runtime dependencies" with it.
 */
class RuntimeClassPathTest {
    /** Optional dependencies: the SDK's Kinesis module (kinesisClient) and Micrometer, with what only they bring. */
    private static final Pattern OPTIONAL = Pattern.compile("(kinesis|aws-cbor-protocol|third-party-jackson-dataformat-cbor"
            + "|aws-json-protocol|protocol-core|micrometer-.*|jspecify|HdrHistogram)-[0-9][^/]*\\.jar");
    private static final Pattern HTTP_CLIENTS = Pattern.compile(
            "(netty-.*|apache-client|apache5-client|httpclient.*|httpcore.*|url-connection-client|aws-crt.*)-[0-9][^/]*\\.jar");
    /** The jars a user of the default path gets besides kinesis-producer itself (README: 26 jars with it). */
    static final int DEPENDENCY_JARS = 25;

    private static List<String> jars() throws Exception {
        Path file = Paths.get("target/runtime-class-path.txt");
        assertThat(file).as("written by the dependency plugin (mvn generate-test-resources)").exists();
        String cp = Files.readString(file).trim();
        return Arrays.stream(cp.split(File.pathSeparator)).map(p -> Paths.get(p).getFileName().toString()).toList();
    }

    @Test
    void noHttpClientLibraryIsOnTheRuntimeClassPath() throws Exception {
        assertThat(jars()).noneMatch(j -> HTTP_CLIENTS.matcher(j).matches());
    }

    @Test
    void theDefaultPathNeedsTheJarsTheReadmeStates() throws Exception {
        List<String> required = jars().stream().filter(j -> !OPTIONAL.matcher(j).matches()).toList();
        assertThat(required).as("runtime jars without the optional modules; update the README if this changes")
                .hasSize(DEPENDENCY_JARS)
                .anyMatch(j -> j.startsWith("auth-")).anyMatch(j -> j.startsWith("regions-"))
                .anyMatch(j -> j.startsWith("slf4j-api-"));
    }
}
