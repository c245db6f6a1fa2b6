package io.github.kinesisproducer.test.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Testing your code" examples are these test sources, verbatim: each {@code java} block preceded by
 * {@code <!-- example: path -->} is a part of that file, which the build compiles and runs (OrderEventsTest as a unit
 * test, OrderEventsIT as an integration test).
 */
class ReadmeExamplesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent(); // surefire runs in test-kit/
    private static final Pattern EXAMPLE = Pattern.compile("<!-- example: (\\S+) -->\\n```java\\n(.*?)```",
            Pattern.DOTALL);

    @Test
    void everyExampleIsPartOfASourceThatTheBuildCompilesAndRuns() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = EXAMPLE.matcher(readme);
        List<String> files = new ArrayList<>();
        while (m.find()) {
            Path source = ROOT.resolve(m.group(1));
            files.add(source.getFileName().toString());
            assertThat(source).as("README example source").isRegularFile();
            assertThat(Files.readString(source)).as("README block for " + m.group(1) + " is stale: copy it from the file")
                    .contains(m.group(2));
        }
        assertThat(files).containsExactly("OrderEvents.java", "OrderEventsTest.java", "OrderEventsIT.java");
    }
}
