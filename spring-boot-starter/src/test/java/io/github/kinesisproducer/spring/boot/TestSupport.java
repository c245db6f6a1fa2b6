package io.github.kinesisproducer.spring.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** What the starter's tests share: a context runner with the auto-configurations, static credentials, ports. */
final class TestSupport {
    static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIASPRINGTEST000000", "spring-test-secret"));

    private TestSupport() {
    }

    /**
     * The starter's auto-configurations with a static credentials bean, so no test reaches the SDK's default chains
     * (and never instance metadata); region and endpoint are the test's to set.
     */
    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KinesisProducerAutoConfiguration.class,
                        KinesisProducerActuatorAutoConfiguration.class))
                .withBean(AwsCredentialsProvider.class, () -> CREDENTIALS);
    }

    /**
     * A loopback endpoint that refuses connections, for producers that must send nowhere: a port bound by a socket that
     * never listens, held for the life of the test JVM so that no other process can take it meanwhile.
     */
    static final String REFUSED_ENDPOINT = "http://127.0.0.1:" + refusedPort().getLocalPort();

    @SuppressWarnings("resource") // held open on purpose until the JVM exits
    private static Socket refusedPort() {
        try {
            Socket s = new Socket();
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The live threads of kinesis-producer (the producers' own and the starter's). */
    static Set<Thread> producerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("kinesis-producer-"))
                .collect(Collectors.toSet());
    }

    /** Waits (bounded) for each thread to end; true if all did. Joining, not sleeping: it returns as they end. */
    static boolean joined(Set<Thread> threads, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, left / 1_000_000));
            }
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }
}
