package io.github.kinesisproducer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerTableTest {
    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void readsDriversAndClassPathsRelativeToTheTable(@TempDir Path dir) {
        RunnerTable t = RunnerTable.parse(props(
                "ours.driver", "a.Ours", "ours.classpath", "inherit",
                "kpl.driver", "b.Kpl", "kpl.classpath", "target/runner.jar, kpl-1x/target/kpl/*", "kpl.about", "KPL"),
                dir, "own.jar:lib/x.jar", dir.resolve("t.properties"));
        assertThat(t.get("ours").inherit()).isTrue();
        assertThat(t.get("ours").classpathArgument()).isEqualTo("own.jar:lib/x.jar");
        RunnerTable.Runner kpl = t.get("kpl");
        assertThat(kpl.inherit()).isFalse();
        assertThat(kpl.driver()).isEqualTo("b.Kpl");
        assertThat(kpl.about()).isEqualTo("KPL");
        assertThat(kpl.classpathArgument()).isEqualTo(dir.resolve("target/runner.jar") + File.pathSeparator
                + dir.resolve("kpl-1x/target/kpl/*"));
    }

    @Test
    void mistakesAreNamed(@TempDir Path dir) {
        Path src = dir.resolve("t.properties");
        assertThatThrownBy(() -> RunnerTable.parse(props("x.driver", "A"), dir, "", src))
                .hasMessageContaining("x.classpath is missing");
        assertThatThrownBy(() -> RunnerTable.parse(props("x.classpath", "inherit"), dir, "", src))
                .hasMessageContaining("x.classpath without x.driver");
        assertThatThrownBy(() -> RunnerTable.parse(props("x.driver", "A", "x.classpath", "inherit", "x.cp", "y"), dir,
                "", src)).hasMessageContaining("unknown key x.cp");
        RunnerTable t = RunnerTable.parse(props("x.driver", "A", "x.classpath", "inherit"), dir, "", src);
        assertThatThrownBy(() -> t.get("kpl")).hasMessageContaining("unknown producer 'kpl'").hasMessageContaining("[x]");
    }

    @Test
    void aMissingBuildIsReportedBeforeAnyRun(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("t.properties");
        RunnerTable t = RunnerTable.parse(props("k.driver", "A", "k.classpath", "r.jar, lib/*"), dir, "", src);
        assertThatThrownBy(() -> t.checkBuilt("k")).hasMessageContaining("r.jar is missing")
                .hasMessageContaining("mvn -B -q -pl bench -am -amd package");
        Files.createFile(dir.resolve("r.jar"));
        Files.createDirectories(dir.resolve("lib"));
        assertThatThrownBy(() -> t.checkBuilt("k")).hasMessageContaining("lib/* is missing");
        Files.createFile(dir.resolve("lib/a.jar"));
        t.checkBuilt("k");
    }

    /** The committed table: every producer the docs name, each KPL on a class path of its own. */
    @Test
    void theCommittedTableGivesEachKplItsOwnClassPath() throws IOException {
        Path file = Path.of("runners.properties"); // surefire runs in bench/
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        RunnerTable t = RunnerTable.parse(p, file.toAbsolutePath().getParent(), "own", file);
        for (String name : new String[] {"null", "ours", "naive"}) {
            assertThat(t.get(name).inherit()).as(name).isTrue();
        }
        RunnerTable.Runner kpl = t.get("kpl");
        RunnerTable.Runner kpl015 = t.get("kpl015");
        assertThat(kpl.driver()).isEqualTo("io.github.kinesisproducer.bench.kpl1.Kpl1Runner");
        assertThat(kpl015.driver()).isEqualTo("io.github.kinesisproducer.bench.kpl015.Kpl015Runner");
        assertThat(kpl.classpathArgument()).contains("kpl-1x").doesNotContain("kpl-015").doesNotContain("target/lib");
        assertThat(kpl015.classpathArgument()).contains("kpl-015").doesNotContain("kpl-1x").doesNotContain("target/lib");
        // kpl-compat: the same compiled KPL 1.x runner, on the kpl-compat module's jar and dependencies instead of a KPL
        RunnerTable.Runner compat = t.get("kpl-compat");
        assertThat(compat.driver()).isEqualTo(kpl.driver());
        assertThat(compat.classpathArgument()).contains("kinesis-producer-bench-kpl1x.jar")
                .contains("kinesis-producer-kpl-compat.jar").doesNotContain("kpl-1x/target/kpl");
    }
}
