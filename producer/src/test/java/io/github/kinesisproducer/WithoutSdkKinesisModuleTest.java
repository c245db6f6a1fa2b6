package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SDK's Kinesis module (and netty, Apache HTTP) are optional: a user who does not pass {@code kinesisClient(...)}
 * runs without them. Proved by running a producer in a class loader whose class path is this test's minus those jars:
 * it is built (region endpoint rules, credentials, the producer's own client), takes records, and closes.
 */
class WithoutSdkKinesisModuleTest {
    /** Jars a user of the default path does not have. */
    private static final Pattern ABSENT = Pattern.compile(
            ".*/(kinesis|netty-[^/]*|apache5?-client|httpclient5|httpcore5[^/]*|aws-cbor-protocol|aws-json-protocol"
                    + "|url-connection-client|kinesis-producer-emulator)-[^/]*\\.jar");

    private static URLClassLoader withoutTheModule() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Paths.get(entry).toAbsolutePath();
            if (!ABSENT.matcher(p.toString()).matches()) {
                urls.add(p.toUri().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    @Test
    void aProducerRunsWithoutTheSdksKinesisModuleOnTheClassPath() throws Exception {
        try (URLClassLoader loader = withoutTheModule();
                ServerSocket nothingListens = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> loader.loadClass("software.amazon.awssdk.services.kinesis.KinesisAsyncClient"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> loader.loadClass("io.netty.channel.Channel"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> driver = loader.loadClass(Driver.class.getName());
            Method run = driver.getMethod("run", int.class);
            // The port is bound, and closes its backlog of one at once: calls fail fast, records stay buffered.
            Object outcome = run.invoke(null, nothingListens.getLocalPort());
            assertThat(outcome).isEqualTo("built; endpoint rules ok; 1 record accepted; closed");
        }
    }

    /** Runs inside the restricted class loader (loaded by it, so everything it touches comes from there). */
    public static final class Driver {
        public static String run(int port) throws Exception {
            StringBuilder out = new StringBuilder();
            software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials =
                    software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIATEST", "secret"));
            try (KinesisProducer p = KinesisProducer.builder().streamName("s").region("us-east-1")
                    .endpointOverride(java.net.URI.create("http://127.0.0.1:" + port)).credentialsProvider(credentials)
                    .recordDistribution(RecordDistribution.USER_PARTITION_KEY).build()) {
                out.append("built; ");
                Class<?> endpoints = Class.forName("io.github.kinesisproducer.internal.protocol.Endpoints");
                Method rules = endpoints.getDeclaredMethod("regionEndpoint", software.amazon.awssdk.regions.Region.class,
                        boolean.class, boolean.class);
                rules.setAccessible(true);
                Object fips = rules.invoke(null, software.amazon.awssdk.regions.Region.EU_WEST_1, true, true);
                out.append(fips.toString().equals("https://kinesis-fips.eu-west-1.api.aws") ? "endpoint rules ok; "
                        : "endpoint rules gave " + fips + "; ");
                p.send("k", new byte[] {1});
                out.append("1 record accepted; ");
                p.close(java.time.Duration.ofMillis(200));
                out.append("closed");
            }
            return out.toString();
        }
    }
}
