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

/**
 * Compares a module's public API with a KPL jar's, loaded in a class loader of its own: every public class of the
 * KPL's package exists here with every public or protected constructor and method (name, parameter types, return type,
 * static or not), except those listed as not provided; members we add must be listed too. Used by this module's
 * ApiSignatureTest (KPL 1.1.1) and by the 0.x module's (KPL 0.15.12).
 */
public final class ApiComparison {
    private final Set<String> notProvided;
    private final Set<String> membersNotProvided;
    private final Set<String> added;

    /**
     * @param notProvided simple names of public KPL classes with no counterpart (their nested classes too)
     * @param membersNotProvided {@code Class.name(params)} of members with no counterpart
     * @param added {@code Class.name(params)->return} of members we add
     */
    public ApiComparison(Set<String> notProvided, Set<String> membersNotProvided, Set<String> added) {
        this.notProvided = notProvided;
        this.membersNotProvided = membersNotProvided;
        this.added = added;
    }

    /**
     * What differs between the KPL jar's public API in {@code packageName} and the same classes as {@code ours} loads
     * them; empty when they match. Asserts that at least {@code minClasses} classes were compared.
     */
    public List<String> differences(String jar, String packageName, ClassLoader ours, int minClasses)
            throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of(jar).toUri().toURL()); // first: its classes win over ours of the same names
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL()); // Guava, the SDKs, GSR: the types its signatures name
        }
        String dir = packageName.replace('.', '/');
        List<String> kplClasses;
        try (ZipFile zip = new ZipFile(jar)) {
            kplClasses = zip.stream().map(e -> e.getName())
                    .filter(n -> n.matches(dir + "/[A-Za-z_]+(\\$[A-Za-z]+)?\\.class"))
                    .map(n -> n.substring(0, n.length() - 6).replace('/', '.')).sorted().toList();
        }
        List<String> missing = new ArrayList<>();
        int compared = 0;
        try (URLClassLoader kpl = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            for (String name : kplClasses) {
                Class<?> theirs = Class.forName(name, false, kpl);
                String simple = name.substring(name.lastIndexOf('.') + 1);
                if (!Modifier.isPublic(theirs.getModifiers()) || notProvided.contains(simple.replaceAll("\\$.*", ""))) {
                    continue;
                }
                Class<?> mine;
                try {
                    mine = Class.forName(name, false, ours);
                } catch (ClassNotFoundException e) {
                    missing.add("class " + name);
                    continue;
                }
                compared++;
                compareClass(name, theirs, mine, missing);
            }
        }
        assertThat(compared).as("public KPL classes compared").isGreaterThanOrEqualTo(minClasses);
        return missing;
    }

    private void compareClass(String name, Class<?> theirs, Class<?> ours, List<String> missing) {
        assertThat(ours.isInterface()).as(name + " is an interface").isEqualTo(theirs.isInterface());
        assertThat(ours.isEnum()).as(name + " is an enum").isEqualTo(theirs.isEnum());
        assertThat(ours.getSuperclass() == null ? null : ours.getSuperclass().getName()).as(name + "'s superclass")
                .isEqualTo(theirs.getSuperclass() == null ? null : theirs.getSuperclass().getName());
        if (theirs.isEnum()) {
            assertThat(Arrays.stream(ours.getEnumConstants()).map(Object::toString).toList()).as(name + "'s constants")
                    .isEqualTo(Arrays.stream(theirs.getEnumConstants()).map(Object::toString).toList());
        }
        Set<String> ourMembers = members(ours);
        Set<String> theirMembers = members(theirs);
        for (String member : theirMembers) {
            if (!ourMembers.contains(member) && !membersNotProvided.contains(member.replaceAll("->.*", ""))) {
                missing.add(member);
            }
        }
        for (String member : ourMembers) {
            if (!theirMembers.contains(member) && !added.contains(member) && !overridesJdk(member)) {
                missing.add("extra: " + member);
            }
        }
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
