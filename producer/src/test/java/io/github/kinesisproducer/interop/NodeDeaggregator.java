package io.github.kinesisproducer.interop;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deaggregates records with the npm package aws-kinesis-agg (pinned in {@code src/test/node}), checksum
 * verification on, by piping them through {@code deagg.js}. On first use it copies that directory to
 * {@code target/node-deagg} and runs {@code npm ci} there, under a file lock so parallel test JVMs don't
 * install over each other. Needs {@code node} and {@code npm} on the PATH (override with the system
 * properties {@code node.executable} and {@code npm.executable}).
 *
 * <p>What aws-kinesis-agg does differs from the KCL: no hash-range filtering; an invalid MD5 is an error
 * ("Invalid record checksum"), not a plain record; see {@code NodeDeaggregatorTest}.
 */
public final class NodeDeaggregator {

    private static final List<String> FILES = List.of("package.json", "package-lock.json", "deagg.js");
    private static final long NPM_TIMEOUT_SECONDS = 300;
    private static final long NODE_TIMEOUT_SECONDS = 120;
    /**
     * A thread per pipe task, never the common pool: on Java 25 CompletableFuture's default executor is the common
     * pool even with one worker, so the stderr reader held it and the stdin writer never ran (node waited for its
     * input, the test for node's output: a hang).
     */
    private static final java.util.concurrent.Executor OWN_THREAD = task -> {
        Thread t = new Thread(task, "node-deagg-pipe");
        t.setDaemon(true);
        t.start();
    };
    private static final Object JVM_LOCK = new Object();
    private static volatile Path installed;

    private NodeDeaggregator() {
    }

    /** Thrown when deagg.js exits non-zero; the message carries its stderr. */
    public static final class DeaggregationFailed extends IOException {
        DeaggregationFailed(String message) {
            super(message);
        }
    }

    /** The user records, in order; plain (non-aggregated) records come back with a null subSequenceNumber. */
    public static List<UserRecord> deaggregate(List<InteropRecord> records) throws IOException {
        Path dir = install();
        StringBuilder in = new StringBuilder();
        for (InteropRecord r : records) {
            in.append("{\"partitionKey\":").append(Json.quote(r.partitionKey()))
                    .append(",\"data\":\"").append(Base64.getEncoder().encodeToString(r.data())).append('"')
                    .append(",\"sequenceNumber\":")
                    .append(r.sequenceNumber() == null ? "null" : Json.quote(r.sequenceNumber()))
                    .append("}\n");
        }
        Process p = new ProcessBuilder(executable("node"), "deagg.js").directory(dir.toFile()).start();
        CompletableFuture<byte[]> stderr = readAsync(p.getErrorStream());
        CompletableFuture<Void> stdin = CompletableFuture.runAsync(() -> {
            try (OutputStream os = p.getOutputStream()) {
                os.write(in.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // deagg.js may exit early on an error and close its stdin; its exit code tells the story.
            }
        }, OWN_THREAD);
        List<UserRecord> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    try {
                        out.add(toUserRecord(Json.parseObject(line)));
                    } catch (RuntimeException e) {
                        p.destroyForcibly();
                        throw new IOException("unexpected output from deagg.js: " + line, e);
                    }
                }
            }
        }
        try {
            if (!p.waitFor(NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("deagg.js did not finish within " + NODE_TIMEOUT_SECONDS + " s");
            }
            stdin.join();
            String err = new String(stderr.join(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new DeaggregationFailed("deagg.js exited with " + p.exitValue() + ": " + err);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    private static UserRecord toUserRecord(Map<String, Object> m) {
        Object sub = m.get("subSequenceNumber");
        return new UserRecord((String) m.get("partitionKey"), (String) m.get("explicitHashKey"),
                Base64.getDecoder().decode((String) m.get("data")), (String) m.get("sequenceNumber"),
                sub == null ? null : ((Number) sub).longValue());
    }

    /** Copies src/test/node to target/node-deagg and runs npm ci there once; returns that directory. */
    static Path install() throws IOException {
        Path done = installed;
        if (done != null) {
            return done;
        }
        synchronized (JVM_LOCK) { // FileLock is per process: threads of one JVM must queue here first
            if (installed != null) {
                return installed;
            }
            Path base = moduleDir();
            Path src = base.resolve("src/test/node");
            Path work = base.resolve("target/node-deagg");
            Files.createDirectories(work);
            try (FileChannel ch = FileChannel.open(base.resolve("target/node-deagg.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                assert lock.isValid(); // held until the install below is complete
                boolean changed = false;
                for (String f : FILES) {
                    byte[] want = Files.readAllBytes(src.resolve(f));
                    Path dst = work.resolve(f);
                    if (!Files.exists(dst) || !Arrays.equals(want, Files.readAllBytes(dst))) {
                        Files.write(dst, want);
                        changed = true;
                    }
                }
                Path stamp = work.resolve("node_modules/.npm-ci-done");
                if (changed || !Files.exists(stamp)) {
                    Files.deleteIfExists(stamp);
                    run(work, NPM_TIMEOUT_SECONDS, executable("npm"), "ci", "--ignore-scripts", "--no-audit",
                            "--no-fund", "--loglevel=error");
                    Files.writeString(stamp, "ok\n");
                }
            }
            installed = work;
            return work;
        }
    }

    /** The module directory: Surefire's basedir, else the working directory or its producer/ child. */
    private static Path moduleDir() {
        String basedir = System.getProperty("basedir");
        Path base = Paths.get(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath();
        if (Files.isDirectory(base.resolve("src/test/node"))) {
            return base;
        }
        if (Files.isDirectory(base.resolve("producer/src/test/node"))) {
            return base.resolve("producer");
        }
        throw new UncheckedIOException(new IOException("src/test/node not found under " + base));
    }

    private static String executable(String name) {
        return System.getProperty(name + ".executable", name);
    }

    private static void run(Path dir, long timeoutSeconds, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> output = readAsync(p.getInputStream());
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " timed out after " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed with " + p.exitValue() + " in " + dir + ": "
                    + new String(output.join(), StandardCharsets.UTF_8));
        }
    }

    private static CompletableFuture<byte[]> readAsync(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in; ByteArrayOutputStream bos = new ByteArrayOutputStream()) {
                in.transferTo(bos);
                return bos.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, OWN_THREAD);
    }

    /** Just enough JSON for deagg.js's flat output objects; no dependency needed. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static String quote(String v) {
            StringBuilder b = new StringBuilder(v.length() + 2).append('"');
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20 || c > 0x7E) {
                    b.append(String.format("\\u%04x", (int) c)); // surrogates stay paired as two escapes
                } else {
                    b.append(c);
                }
            }
            return b.append('"').toString();
        }

        static Map<String, Object> parseObject(String line) {
            Json j = new Json(line);
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            j.expect('{');
            j.ws();
            if (j.peek() == '}') {
                j.i++;
                return m;
            }
            do {
                j.ws();
                String key = j.string();
                j.ws();
                j.expect(':');
                j.ws();
                m.put(key, j.value());
                j.ws();
            } while (j.s.charAt(j.i++) == ',');
            if (j.s.charAt(j.i - 1) != '}') {
                throw new IllegalArgumentException("bad JSON object: " + line);
            }
            return m;
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String num = s.substring(start, i);
            if (num.isEmpty()) {
                throw new IllegalArgumentException("unsupported JSON value at " + start + ": " + s);
            }
            return num.matches("-?\\d+") ? (Number) Long.valueOf(num) : (Number) Double.valueOf(num);
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e); // \" \\ \/
                }
            }
        }

        private char peek() {
            return s.charAt(i);
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i + " in " + s);
            }
            i++;
        }
    }
}
