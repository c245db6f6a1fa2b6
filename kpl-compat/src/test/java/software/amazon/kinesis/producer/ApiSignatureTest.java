package software.amazon.kinesis.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * This module's public API against the real KPL 1.1.1 jar's, loaded in a class loader of its own: every public class
 * a KPL program can name exists here with every public constructor and method (name, parameter types, return type,
 * static or not), except those listed below with the reason they have no equivalent. Additions of ours are listed too.
 */
class ApiSignatureTest {
    /** Public KPL classes with no counterpart: the daemon's plumbing. */
    static final Set<String> NOT_PROVIDED = Set.of(
            "Daemon", // the native process
            "HashedFileCopier", // extracts the native binary
            "LogInputStreamReader", // reads the daemon's log pipe
            "GlueSchemaRegistrySerializerInstance"); // links the GSR serializer; GSR serialization is not supported
    /** Public or protected members with no counterpart. */
    static final Set<String> MEMBERS_NOT_PROVIDED = Set.of(
            "KinesisProducer.<init>(java.io.File,java.io.File)", // connects to a running daemon's pipes (KPL tests)
            "Metric.<init>(software.amazon.kinesis.producer.protobuf.Messages$Metric)"); // the daemon's protobuf
    /** Our additions. */
    static final Set<String> ADDED = Set.of(
            "KinesisProducerConfiguration.setProducerProperty(java.lang.String,java.lang.String)"
                    + "->software.amazon.kinesis.producer.KinesisProducerConfiguration",
            "KinesisProducerConfiguration.getProducerProperties()->java.util.Map");

    private static URLClassLoader kpl;
    private static List<String> kplClasses;

    @BeforeAll
    static void loadKpl() throws Exception {
        String jar = System.getProperty("kpl.api.jar");
        assertThat(jar).as("system property kpl.api.jar (set by the build)").isNotNull();
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of(jar).toUri().toURL()); // first: its classes win over ours of the same names
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL()); // Guava, the SDK, GSR: the types its signatures name
        }
        kpl = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        try (ZipFile zip = new ZipFile(jar)) {
            kplClasses = zip.stream().map(e -> e.getName())
                    .filter(n -> n.matches("software/amazon/kinesis/producer/[A-Za-z]+(\\$[A-Za-z]+)?\\.class"))
                    .map(n -> n.substring(0, n.length() - 6).replace('/', '.')).sorted().toList();
        }
    }

    @AfterAll
    static void close() throws Exception {
        kpl.close();
    }

    @Test
    void everyPublicKplClassAndMemberExistsHere() throws Exception {
        List<String> missing = new ArrayList<>();
        int compared = 0;
        for (String name : kplClasses) {
            Class<?> theirs = Class.forName(name, false, kpl);
            if (!Modifier.isPublic(theirs.getModifiers())) {
                continue;
            }
            String simple = name.substring(name.lastIndexOf('.') + 1);
            if (NOT_PROVIDED.contains(simple.replaceAll("\\$.*", ""))) {
                continue;
            }
            Class<?> ours;
            try {
                ours = Class.forName(name, false, ApiSignatureTest.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                missing.add("class " + name);
                continue;
            }
            compared++;
            assertThat(ours.isInterface()).as(name + " is an interface").isEqualTo(theirs.isInterface());
            assertThat(ours.isEnum()).as(name + " is an enum").isEqualTo(theirs.isEnum());
            assertThat(ours.getSuperclass() == null ? null : ours.getSuperclass().getName())
                    .as(name + "'s superclass").isEqualTo(theirs.getSuperclass() == null ? null
                            : theirs.getSuperclass().getName());
            if (theirs.isEnum()) {
                assertThat(Arrays.stream(ours.getEnumConstants()).map(Object::toString).toList())
                        .as(name + "'s constants").isEqualTo(Arrays.stream(theirs.getEnumConstants())
                                .map(Object::toString).toList());
            }
            Set<String> ourMembers = members(ours);
            for (String member : members(theirs)) {
                if (!ourMembers.contains(member) && !MEMBERS_NOT_PROVIDED.contains(member.replaceAll("->.*", ""))) {
                    missing.add(member);
                }
            }
            for (String member : ourMembers) {
                if (!members(theirs).contains(member) && !ADDED.contains(member) && !overridesJdk(member)) {
                    missing.add("extra: " + member);
                }
            }
        }
        assertThat(compared).as("public KPL classes compared").isGreaterThanOrEqualTo(15);
        assertThat(missing).as("KPL 1.1.1 API not matched (or not listed as an addition)").isEmpty();
    }

    /** Public and protected constructors and methods declared by {@code c}: {@code Class.name(params)->return}. */
    private static Set<String> members(Class<?> c) {
        Set<String> out = new TreeSet<>();
        String simple = c.getSimpleName();
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k.getModifiers()) && !c.isEnum()) {
                out.add(simple + ".<init>(" + params(k.getParameterTypes()) + ")");
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (visible(m.getModifiers()) && !m.isSynthetic()) {
                out.add((Modifier.isStatic(m.getModifiers()) ? "static " : "") + simple + "." + m.getName() + "("
                        + params(m.getParameterTypes()) + ")->" + m.getReturnType().getName());
            }
        }
        out.removeIf(s -> s.contains("fromProtobufMessage") || s.contains("toProtobufMessage")
                || s.contains("additionalConfigsToProtobuf")); // protected bridges to the daemon's protobuf
        return out;
    }

    /** toString() and getMessage() overrides say more than the KPL's; they add nothing a program could call. */
    private static boolean overridesJdk(String member) {
        return member.endsWith(".toString()->java.lang.String") || member.endsWith(".getMessage()->java.lang.String");
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String params(Class<?>[] types) {
        return String.join(",", Arrays.stream(types).map(Class::getName).toList());
    }
}
