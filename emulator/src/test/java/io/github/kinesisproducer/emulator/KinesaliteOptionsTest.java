package io.github.kinesisproducer.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KinesaliteOptionsTest {

    @Test
    void defaultsAreInMemoryRandomPortAndFastStateChanges() {
        Kinesalite.Options options = Kinesalite.Options.defaults();

        assertThat(options.dataDir()).isNull();
        assertThat(options.port()).isZero();
        assertThat(options.wrapperArgs(options.port())).containsExactly(
                "--port", "0",
                "--shardLimit", "1000",
                "--createStreamMs", "50",
                "--deleteStreamMs", "50",
                "--updateStreamMs", "50",
                "--exitWithStdin");
    }

    @Test
    void everySettingReachesTheWrapper() {
        Path data = Path.of("target", "kinesalite-data");
        Kinesalite.Options options = Kinesalite.Options.defaults()
                .withDataDir(data)
                .withPort(4567)
                .withShardLimit(20)
                .withCreateStreamMs(0)
                .withDeleteStreamMs(7)
                .withUpdateStreamMs(300);

        assertThat(options.dataDir()).isAbsolute().isEqualTo(data.toAbsolutePath());
        assertThat(options.wrapperArgs(options.port())).containsExactly(
                "--port", "4567",
                "--path", data.toAbsolutePath().toString(),
                "--shardLimit", "20",
                "--createStreamMs", "0",
                "--deleteStreamMs", "7",
                "--updateStreamMs", "300",
                "--exitWithStdin");
    }

    @Test
    void restartPortOverridesTheConfiguredOne() {
        assertThat(Kinesalite.Options.defaults().wrapperArgs(41234)).startsWith("--port", "41234");
    }

    @Test
    void withersDoNotModifyTheOriginal() {
        Kinesalite.Options original = Kinesalite.Options.defaults();
        original.withPort(1234).withDataDir(Path.of("x")).withStartTimeout(Duration.ofSeconds(3));

        assertThat(original.port()).isZero();
        assertThat(original.dataDir()).isNull();
        assertThat(original.startTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rejectsOutOfRangeValues() {
        Kinesalite.Options o = Kinesalite.Options.defaults();
        assertThatThrownBy(() -> o.withPort(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withPort(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withShardLimit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withCreateStreamMs(-5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withStartTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
