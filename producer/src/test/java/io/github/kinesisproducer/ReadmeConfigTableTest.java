package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.internal.config.ConfigReference;
import io.github.kinesisproducer.internal.config.SeedConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's configuration table is generated from the code; this keeps the two from drifting apart. */
class ReadmeConfigTableTest {

    @Test
    void readmeTableMatchesTheCode() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String start = "<!-- config-table:start -->\n";
        String end = "<!-- config-table:end -->";
        String table = text.substring(text.indexOf(start) + start.length(), text.indexOf(end));
        assertThat(table)
                .as("README.md config table is stale: regenerate it with "
                        + "java -cp producer/target/classes io.github.kinesisproducer.internal.config.ConfigReference")
                .isEqualTo(ConfigReference.markdownTable());
    }

    @Test
    void everyMapKeyIsDocumentedAndEveryDocumentedKeyIsAccepted() {
        assertThat(ConfigReference.ENTRIES.stream().map(ConfigReference.Entry::key).collect(Collectors.toSet()))
                .isEqualTo(SeedConfig.KEYS);
    }
}
