package io.github.kinesisproducer.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pure-Java parts of the harness: no node needed. */
class HarnessInternalsTest {

    @Test
    void nodeResourcesShipInTheJarAndPinKinesalite() {
        for (String name : NodeInstallation.RESOURCES) {
            assertThat(NodeInstallation.readResource(name)).as(name).isNotEmpty();
        }
        String pkg = new String(NodeInstallation.readResource("package.json"), StandardCharsets.UTF_8);
        String lock = new String(NodeInstallation.readResource(NodeInstallation.LOCK_FILE), StandardCharsets.UTF_8);
        assertThat(pkg).contains("\"kinesalite\": \"3.3.3\"");
        assertThat(lock).contains("\"node_modules/kinesalite\": {\n      \"version\": \"3.3.3\"");
        assertThat(new String(NodeInstallation.readResource(NodeInstallation.WRAPPER), StandardCharsets.UTF_8))
                .contains("'127.0.0.1'").contains("PORT=");
    }

    @Test
    void theForwardProxysResourcesShipInTheJarAndPinNpmProxy() {
        NodeInstallation.Bundle b = NodeInstallation.FORWARD_PROXY;
        for (String name : b.resources()) {
            assertThat(NodeInstallation.readResource(b, name)).as(name).isNotEmpty();
        }
        String lock = new String(NodeInstallation.readResource(b, NodeInstallation.LOCK_FILE), StandardCharsets.UTF_8);
        assertThat(lock).contains("\"node_modules/proxy\": {\n      \"version\": \"4.1.0\"");
        assertThat(new String(NodeInstallation.readResource(b, "forward-proxy.mjs"), StandardCharsets.UTF_8))
                .contains("'127.0.0.1'").contains("PORT=");
        assertThat(NodeInstallation.shortHash(NodeInstallation.readResource(b, NodeInstallation.LOCK_FILE)))
                .as("its own cache directory").isNotEqualTo(NodeInstallation.shortHash(
                        NodeInstallation.readResource(NodeInstallation.LOCK_FILE)));
    }

    @Test
    void cacheDirNameIsAStableShortHashOfTheLockFile() {
        byte[] lock = NodeInstallation.readResource(NodeInstallation.LOCK_FILE);
        assertThat(NodeInstallation.shortHash(lock)).hasSize(16).isEqualTo(NodeInstallation.shortHash(lock.clone()));
        assertThat(NodeInstallation.shortHash("other".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(NodeInstallation.shortHash(lock));
    }

    @Test
    void findsTheFirstExecutableOnPath(@TempDir Path tmp) throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(a.resolve("node"), "not executable");
        Path real = Files.writeString(b.resolve("node"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxr-xr-x"));
        String path = a + File.pathSeparator + File.pathSeparator + b;

        assertThat(NodeInstallation.findExecutable("node", path)).contains(real.toAbsolutePath());
        assertThat(NodeInstallation.findExecutable("npm", path)).isEmpty();
        assertThat(NodeInstallation.findExecutable("node", null)).isEmpty();
    }

    @Test
    void parsesThePortLine() {
        assertThat(ProcessOutput.parsePort("PORT=40309")).isEqualTo(40309);
        assertThatThrownBy(() -> ProcessOutput.parsePort("PORT=abc")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ProcessOutput.parsePort("PORT=0")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void uniqueStreamNamesAreValidAndDistinct() {
        String a = StreamAdmin.uniqueStreamName("it");
        String b = StreamAdmin.uniqueStreamName("it");
        assertThat(a).matches("it-[0-9a-f]{12}").isNotEqualTo(b);
        assertThat(StreamAdmin.uniqueStreamName(null)).startsWith("stream-");
        assertThatThrownBy(() -> StreamAdmin.uniqueStreamName("bad name")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamAdmin.uniqueStreamName("x".repeat(116)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storedRecordComparesBytesNotArrays() {
        StoredRecord r1 = new StoredRecord("shardId-000000000000", "1", "k", new byte[] {1, 2}, null);
        StoredRecord r2 = new StoredRecord("shardId-000000000000", "1", "k", new byte[] {1, 2}, null);
        assertThat(r1).isEqualTo(r2).hasSameHashCodeAs(r2);
        byte[] copy = r1.data();
        copy[0] = 9;
        assertThat(r1.data()).containsExactly(1, 2);
    }
}
