package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The API compatibility baseline: every public and protected signature of the public API (the classes
 * {@link PublicApiTest} finds) as of release 0.1.0, committed in src/test/resources/api/kinesis-producer.api. The
 * build fails when a signature in the file is gone or changed (a breaking change: keep the old signature, deprecate
 * it, or make it a deliberate major change), and when a new one is not in the file yet (adding is fine, but deliberate:
 * run with {@code -Dapi.update=true} to rewrite the file and commit it with the change). No release is published yet,
 * so a committed description stands where japicmp's baseline jar will (CONTRIBUTING.md).
 */
class ApiBaselineTest {
    static final Path FILE = Paths.get("src/test/resources/api/kinesis-producer.api");

    static List<String> currentApi() throws Exception {
        TreeSet<String> lines = new TreeSet<>();
        for (Class<?> c : PublicApiTest.publicApiClasses()) {
            String type = c.isInterface() ? "interface" : c.isEnum() ? "enum" : c.isRecord() ? "record" : "class";
            StringBuilder head = new StringBuilder(Modifier.toString(c.getModifiers() & ~Modifier.INTERFACE))
                    .append(' ').append(type).append(' ').append(c.getName());
            if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
                head.append(" extends ").append(c.getGenericSuperclass().getTypeName());
            }
            for (var i : c.getGenericInterfaces()) {
                head.append(" implements ").append(i.getTypeName());
            }
            lines.add(c.getName() + ": " + head.toString().trim());
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers()) && !f.isSynthetic()) {
                    lines.add(c.getName() + ": " + f.toGenericString());
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k.getModifiers()) && !k.isSynthetic()) {
                    lines.add(c.getName() + ": " + k.toGenericString());
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    lines.add(c.getName() + ": " + m.toGenericString());
                }
            }
        }
        return new ArrayList<>(lines);
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    @Test
    void thePublicApiIsTheBaselinesPlusDeliberateAdditions() throws Exception {
        List<String> current = currentApi();
        if (Boolean.getBoolean("api.update")) {
            Files.write(FILE, current, StandardCharsets.UTF_8);
        }
        List<String> baseline = Files.readAllLines(FILE, StandardCharsets.UTF_8);
        List<String> removed = new ArrayList<>(baseline);
        removed.removeAll(current);
        List<String> added = new ArrayList<>(current);
        added.removeAll(baseline);
        assertThat(removed).as("signatures of the 0.1.0 API that are gone or changed: a breaking change for users "
                + "(keep the old signature, or make the break deliberate and rewrite " + FILE + " with -Dapi.update=true)")
                .isEmpty();
        assertThat(added).as("new public signatures: add them to " + FILE + " (run with -Dapi.update=true) so the "
                + "addition is deliberate and reviewed").isEmpty();
    }
}
