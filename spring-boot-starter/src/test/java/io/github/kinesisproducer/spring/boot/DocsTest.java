package io.github.kinesisproducer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot examples of the README and docs/spring-boot.md are parts of files the build runs: each block after
 * {@code <!-- spring-example: path -->} must appear in that file as it is (the YAML is what SpringBootApplicationIT
 * loads, the Java is compiled and used by the tests).
 */
class DocsTest {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- spring-example: (\\S+) -->\\n```(?:java|yaml)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theReadmesExamplesAreFilesTheTestsRun() throws IOException {
        assertThat(examples("README.md")).containsExactly("kinesis-app.yml", "OrderEvents.java");
    }

    @Test
    void theGuidesExamplesAreFilesTheTestsRun() throws IOException {
        assertThat(examples("docs/spring-boot.md")).containsExactly("kinesis-app.yml", "OrderEvents.java",
                "TrustOurCa.java", "OrderEventsTest.java");
    }

    private static List<String> examples(String document) throws IOException {
        String text = Files.readString(ROOT.resolve(document));
        Matcher m = EXAMPLE.matcher(text);
        List<String> files = new ArrayList<>();
        while (m.find()) {
            Path source = ROOT.resolve(m.group(1));
            assertThat(source).as(document + " example source").isRegularFile();
            assertThat(Files.readString(source)).as(document + "'s block for " + m.group(1)
                    + " is stale: copy it from the file").contains(m.group(2));
            files.add(source.getFileName().toString());
        }
        return files;
    }
}
