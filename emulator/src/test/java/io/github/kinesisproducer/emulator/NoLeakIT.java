package io.github.kinesisproducer.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The emulator must not outlive its JVM, even when that JVM is SIGKILLed and no shutdown hook runs. */
@Timeout(90)
class NoLeakIT {

    @Test
    void emulatorExitsWhenItsJvmIsKilled() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // java.class.path is failsafe's manifest-only jar here; its Class-Path still reaches every test dependency.
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                OrphanMain.class.getName())
                .redirectErrorStream(true)
                .start();
        long nodePid = -1;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("NODEPID=")) {
                    nodePid = Long.parseLong(line.substring("NODEPID=".length()));
                    break;
                }
            }
            assertThat(nodePid).as("child JVM reported the emulator PID").isPositive();
            assertThat(isRunning(nodePid)).isTrue();

            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(ProcessSignals.waitForExit(jvm, Duration.ofSeconds(10))).isTrue();

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (isRunning(nodePid) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(isRunning(nodePid)).as("kinesalite pid %d outlived its JVM", nodePid).isFalse();
        } finally {
            jvm.destroyForcibly();
        }
    }

    /** A zombie (exited, not yet reaped by its new parent) counts as gone. */
    private static boolean isRunning(long pid) throws IOException {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return true;
        }
        try {
            String s = Files.readString(stat);
            return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }
}
