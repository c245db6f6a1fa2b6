package io.github.kinesisproducer.internal.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

/**
 * The {@code User-Agent} the producer's own client sends: the library and its version, then Java's and the OS's, so
 * that AWS support and CloudTrail ({@code userAgent}) can tell this producer's calls from others'. Not signed (as in
 * the AWS SDK), so a proxy that appends to it does not break the signature.
 */
public final class UserAgent {
    /** The library's version from the build (src/main/resources, filtered by Maven). */
    static final String VERSION = version();
    public static final String VALUE = "kinesis-producer/" + VERSION + " java/" + System.getProperty("java.version")
            + " os/" + System.getProperty("os.name", "unknown").replace(' ', '_').toLowerCase(Locale.ROOT);

    private UserAgent() {
    }

    private static String version() {
        Properties p = new Properties();
        try (InputStream in = UserAgent.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // the version is informative only
        }
        String v = p.getProperty("version", "");
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }
}
