package io.github.kinesisproducer.bench;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where the bench's files are at run time. */
public final class BenchPaths {
    private BenchPaths() {
    }

    /**
     * bench/: the directory above the target/ that holds this class (target/kinesis-producer-bench.jar, or
     * target/classes when run from the build), else ./bench.
     */
    public static Path benchDirectory() {
        try {
            Path code = Path.of(BenchPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = code.getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")) {
                return target.getParent();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through: not from a file (unusual class loader)
        }
        return Path.of("bench");
    }
}
