package io.github.kinesisproducer.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Which class drives each producer name and on which class path its runner JVM starts (bench/runners.properties).
 * Each KPL gets a class path of its own: the KPL 0.15 and 1.x jars carry the native daemon at the same resource path
 * and must never share one, and the KPL 1.x runner, compiled against the KPL API only, runs unchanged on any class path
 * that provides that API (KPL 1.1.1 today, kpl-compat later).
 *
 * <pre>
 *   NAME.driver    = class implementing ProducerDriver (public, no-argument constructor)
 *   NAME.classpath = inherit            (the orchestrator's own class path)
 *                  | entry, entry, ...  (paths relative to the bench/ directory; dir/* = every jar in dir)
 *   NAME.about     = one line for the run's header (optional)
 * </pre>
 */
final class RunnerTable {
    static final String FILE_NAME = "runners.properties";

    /** @param inherit true when the runner uses the orchestrator's own class path */
    record Runner(String name, String driver, List<String> classpath, boolean inherit, String about) {
        /** The class path a runner JVM gets: -cp's argument. */
        String classpathArgument() {
            return String.join(java.io.File.pathSeparator, classpath);
        }
    }

    private final Map<String, Runner> runners;
    private final Path source;

    private RunnerTable(Map<String, Runner> runners, Path source) {
        this.runners = runners;
        this.source = source;
    }

    /** The table at {@code file}, or bench/runners.properties beside the build when null. */
    static RunnerTable load(String file) throws IOException {
        Path path = file != null ? Path.of(file) : BenchPaths.benchDirectory().resolve(FILE_NAME);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("runner table " + path + " not found: pass --runners FILE");
        }
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            return parse(p, path.toAbsolutePath().getParent(), System.getProperty("java.class.path"), path);
        }
    }

    /** Reads the table; relative class path entries are resolved against {@code base}. */
    static RunnerTable parse(Properties p, Path base, String ownClasspath, Path source) {
        Map<String, Runner> m = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames().stream().sorted().toList()) {
            if (!key.endsWith(".driver")) {
                if (!key.endsWith(".classpath") && !key.endsWith(".about")) {
                    throw new IllegalArgumentException(source + ": unknown key " + key
                            + " (expected NAME.driver, NAME.classpath, NAME.about)");
                }
                continue;
            }
            String name = key.substring(0, key.length() - ".driver".length());
            String cp = p.getProperty(name + ".classpath");
            if (cp == null || cp.isBlank()) {
                throw new IllegalArgumentException(source + ": " + name + ".classpath is missing");
            }
            List<String> entries = new ArrayList<>();
            boolean inherit = cp.trim().equals("inherit");
            if (inherit) {
                entries.add(ownClasspath);
            } else {
                for (String e : cp.split(",", 0)) {
                    if (!e.isBlank()) {
                        entries.add(base.resolve(e.trim()).normalize().toString());
                    }
                }
            }
            m.put(name, new Runner(name, p.getProperty(key).trim(), List.copyOf(entries), inherit,
                    p.getProperty(name + ".about", name).trim()));
        }
        for (String key : p.stringPropertyNames()) {
            String name = key.substring(0, key.lastIndexOf('.'));
            if (!m.containsKey(name)) {
                throw new IllegalArgumentException(source + ": " + key + " without " + name + ".driver");
            }
        }
        return new RunnerTable(m, source);
    }

    /** The runner of {@code name}; an error naming the known ones otherwise. */
    Runner get(String name) {
        Runner r = runners.get(name);
        if (r == null) {
            throw new IllegalArgumentException("unknown producer '" + name + "': " + source + " has " + runners.keySet());
        }
        return r;
    }

    /**
     * Checks that every class path entry of the runner exists (a directory with /* must hold jars), so that a missing
     * build shows up before any run starts rather than as a NoClassDefFoundError in a runner JVM.
     */
    void checkBuilt(String name) {
        Runner r = get(name);
        for (String cp : r.classpath()) {
            for (String entry : cp.split(java.io.File.pathSeparator, 0)) {
                if (entry.isEmpty()) {
                    continue;
                }
                boolean ok;
                if (entry.endsWith("*")) {
                    Path dir = Path.of(entry.substring(0, entry.length() - 1));
                    ok = hasJars(dir);
                } else {
                    ok = Files.exists(Path.of(entry));
                }
                if (!ok) {
                    throw new IllegalArgumentException("producer " + name + ": class path entry " + entry
                            + " is missing; build the bench modules first (from the repository root):"
                            + " mvn -B -q -pl bench -am -amd package -DskipTests");
                }
            }
        }
    }

    private static boolean hasJars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".jar"));
        } catch (IOException e) {
            return false;
        }
    }
}
