package io.github.kinesisproducer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Which delimiter {@code send --aggregation delimited} used for a stream, so that {@code read} can split the joined
 * records again without being told.
 *
 * <p>Nothing can be stored in the stream itself without changing its data, so this is a note on this machine, in
 * {@code $KINESIS_PRODUCER_HOME/delimiters.properties} (default {@code ~/.cache/kinesis-producer}), keyed by endpoint
 * and stream. It helps the same user on the same machine; anyone else passes {@code read --delimiter D}. Failing to
 * write it never fails a send.
 */
final class DelimiterMemory {
    static final String FILE = "delimiters.properties";
    /** Where the notes go instead (tests keep them out of the user's cache). */
    static final String FILE_PROPERTY = "kinesis.producer.delimiters.file";

    private DelimiterMemory() {
    }

    static Path file() {
        String override = System.getProperty(FILE_PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        String home = System.getenv("KINESIS_PRODUCER_HOME");
        Path root = home != null && !home.isBlank() ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".cache", "kinesis-producer");
        return root.resolve(FILE);
    }

    private static String key(AwsOptions aws, String stream) {
        return aws.endpointLabel(aws.resolveRegion()) + " " + stream;
    }

    /** Notes the delimiter of a delimited send; a problem is one warning line, never an error. */
    static void remember(AwsOptions aws, String stream, byte[] delimiter, PrintStream err) {
        update(aws, stream, HexFormat.of().formatHex(delimiter), err);
    }

    /** Forgets a stream's delimiter (the stream was deleted or created anew). */
    static void forget(AwsOptions aws, String stream, PrintStream err) {
        update(aws, stream, null, err);
    }

    /** The delimiter {@code send} noted for this stream on this machine, or null. */
    static byte[] recall(AwsOptions aws, String stream) {
        Path f = file();
        if (!Files.isRegularFile(f)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(f)) {
            p.load(in);
            String hex = p.getProperty(key(aws, stream));
            return hex == null ? null : HexFormat.of().parseHex(hex);
        } catch (IOException | IllegalArgumentException e) {
            return null; // an unreadable note is no note
        }
    }

    private static void update(AwsOptions aws, String stream, String hex, PrintStream err) {
        Path f = file();
        try {
            Files.createDirectories(f.getParent());
            try (FileChannel lock = FileChannel.open(f.resolveSibling(f.getFileName() + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                // Another send may note its stream's delimiter at the same time: read, change and replace the file
                // under the lock (released when the channel closes).
                FileLock held = lock.lock();
                if (!held.isValid()) {
                    throw new IOException("the lock on " + f + " was lost");
                }
                Properties p = new Properties();
                if (Files.isRegularFile(f)) {
                    try (InputStream in = Files.newInputStream(f)) {
                        p.load(in);
                    }
                }
                String key = key(aws, stream);
                if (hex == null ? p.remove(key) == null : hex.equals(p.setProperty(key, hex))) {
                    return; // nothing changes
                }
                Path tmp = Files.createTempFile(f.getParent(), f.getFileName().toString(), ".tmp");
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    p.store(out, "Delimiters of streams written with kinesis-producer send --aggregation delimited");
                }
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            err.println("warning: could not note the delimiter for kinesis-producer read in " + f + " ("
                    + Main.describe(e) + "); read it with --delimiter");
        }
    }
}
