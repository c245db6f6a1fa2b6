package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.internal.engine.ProducerRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout of {@code internal} as docs/architecture.md draws it, checked on the compiled classes (jdeps, so only
 * real references count, not comments): the groups depend on each other only downwards (the engine on the others,
 * never the reverse, and no cycles), only {@code internal.protocol.sdk} touches the SDK's Kinesis module (an optional
 * dependency), and every class stays under 500 lines.
 */
class ArchitectureTest {
    private static final String INTERNAL = "io.github.kinesisproducer.internal.";
    /** What each group may use besides itself (and the public API, whose types are the shared vocabulary). */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "http", Set.of(),
            "aggregation", Set.of(),
            "config", Set.of(),
            "protocol", Set.of("http"),
            "protocol.sdk", Set.of("protocol", "http"),
            "shards", Set.of("protocol", "http"),
            "engine", Set.of("aggregation", "shards", "protocol", "http", "config"));

    private static final List<String[]> EDGES = new ArrayList<>();

    @BeforeAll
    static void readTheClasses() throws Exception {
        Path classes = Paths.get(ProducerRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:class", "-filter:none",
                "--multi-release", "17", classes.toString());
        assertThat(rc).as(out.toString()).isZero();
        Pattern edge = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)", Pattern.MULTILINE);
        Matcher m = edge.matcher(out.toString());
        while (m.find()) {
            EDGES.add(new String[] {m.group(1), m.group(2)});
        }
        assertThat(EDGES).as("jdeps found the classes' dependencies").hasSizeGreaterThan(100);
    }

    /** The group of an internal class ({@code engine}, {@code protocol.sdk}, ...), or null outside internal. */
    static String group(String className) {
        if (!className.startsWith(INTERNAL)) {
            return null;
        }
        String rest = className.substring(INTERNAL.length());
        String pkg = rest.substring(0, rest.lastIndexOf('.'));
        return pkg;
    }

    @Test
    void theGroupsDependOnlyDownwardsSoTheEngineDependsOnTheOthersAndNeverTheReverse() {
        Set<String> violations = new TreeSet<>();
        for (String[] e : EDGES) {
            String from = group(e[0]);
            String to = group(e[1]);
            if (from == null || to == null || from.equals(to)) {
                continue;
            }
            assertThat(ALLOWED).as("a group docs/architecture.md names: " + from).containsKey(from);
            if (!ALLOWED.get(from).contains(to)) {
                violations.add(e[0] + " -> " + e[1]);
            }
        }
        assertThat(violations).as("dependencies against the layout").isEmpty();
    }

    @Test
    void onlyTheSdkTransportTouchesTheSdksKinesisModule() {
        Set<String> users = new TreeSet<>();
        for (String[] e : EDGES) {
            if (e[1].startsWith("software.amazon.awssdk.services.kinesis.")) {
                users.add(e[0].replaceAll("\\$.*", ""));
            }
        }
        // KinesisProducer names KinesisAsyncClient in kinesisClient(...) and hands it to SdkTransport.
        assertThat(users).containsExactlyInAnyOrder("io.github.kinesisproducer.KinesisProducer",
                "io.github.kinesisproducer.internal.protocol.sdk.SdkTransport");
    }

    @Test
    void everyClassIsUnder500Lines() throws IOException {
        // The main code of every module of the build (the producer's and the engine modules' alike).
        Path root = Paths.get("..").toAbsolutePath().normalize();
        List<String> tooLong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(ArchitectureTest::isMainSource)::iterator) {
                long lines = Files.readAllLines(f).size();
                if (lines >= 500) {
                    tooLong.add(root.relativize(f) + ": " + lines);
                }
            }
        }
        assertThat(tooLong).isEmpty();
    }

    private static boolean isMainSource(Path p) {
        String s = p.toString().replace('\\', '/');
        return s.endsWith(".java") && s.contains("/src/main/java/") && !s.contains("/target/")
                && !s.contains("/node_modules/");
    }
}
