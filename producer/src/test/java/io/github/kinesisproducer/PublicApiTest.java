package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.micrometer.MicrometerMetrics;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API is the classes of {@code io.github.kinesisproducer} and {@code io.github.kinesisproducer.micrometer};
 * none of their public or protected signatures may mention an internal type (checked by reflection on every
 * public class there, nested ones included), so internals can change without breaking users.
 */
class PublicApiTest {
    static List<Class<?>> publicApiClasses() throws Exception {
        Path root = Paths.get(KinesisProducer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> out = new ArrayList<>();
        for (String pkg : List.of("io/github/kinesisproducer", "io/github/kinesisproducer/micrometer")) {
            try (Stream<Path> files = Files.list(root.resolve(pkg))) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                    Class<?> c = Class.forName(name, false, PublicApiTest.class.getClassLoader());
                    if (isVisible(c)) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }

    private static boolean isVisible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void noPublicSignatureMentionsAnInternalType() throws Exception {
        TreeSet<String> leaks = new TreeSet<>();
        for (Class<?> c : publicApiClasses()) {
            List<Type> types = new ArrayList<>();
            types.add(c.getGenericSuperclass());
            types.addAll(List.of(c.getGenericInterfaces()));
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers())) {
                    check(leaks, c.getName() + "." + f.getName(), List.of(f.getGenericType()));
                }
            }
            List<Executable> members = new ArrayList<>(List.of(c.getDeclaredMethods()));
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                members.add(k);
            }
            for (Executable m : members) {
                if (!visible(m.getModifiers()) || m.isSynthetic()) {
                    continue;
                }
                List<Type> sig = new ArrayList<>(List.of(m.getGenericParameterTypes()));
                sig.addAll(List.of(m.getGenericExceptionTypes()));
                if (m instanceof Method method) {
                    sig.add(method.getGenericReturnType());
                }
                check(leaks, m.toGenericString(), sig);
            }
            check(leaks, c.getName(), types);
        }
        assertThat(leaks).as("public signatures that mention internal types").isEmpty();
    }

    @Test
    void theApiIsTheseClasses() throws Exception {
        // Adding a public class is a decision: it becomes API (and japicmp holds later releases to it).
        assertThat(publicApiClasses()).extracting(Class::getName).contains(
                KinesisProducer.class.getName(), KinesisProducer.Builder.class.getName(), Producer.class.getName(),
                ProducerConfig.class.getName(), MicrometerMetrics.class.getName())
                .noneMatch(n -> n.contains(".internal."));
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(TreeSet<String> leaks, String where, List<Type> types) {
        for (Type t : types) {
            if (t != null && t.getTypeName().contains("io.github.kinesisproducer.internal.")) {
                leaks.add(where + ": " + t.getTypeName());
            }
        }
    }

    static {
        try {
            Paths.get(KinesisProducer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
