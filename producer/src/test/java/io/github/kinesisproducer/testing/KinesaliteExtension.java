package io.github.kinesisproducer.testing;

import io.github.kinesisproducer.emulator.EmulatorClients;
import io.github.kinesisproducer.emulator.Kinesalite;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JVM's shared in-memory kinesalite ({@link Kinesalite#shared()}) for the producer's own integration tests.
 *
 * <pre>{@code
 * @ExtendWith(KinesaliteExtension.class)
 * class ProducerIT {
 *     @Test void sends(Kinesalite kinesalite) { ... kinesalite.endpoint() ... }
 *     // or, e.g. in @BeforeAll: KinesaliteExtension.endpoint()
 * }
 * }</pre>
 *
 * <p>Users get the same, plus streams, a producer and a deaggregating reader, from the test kit's
 * {@code LocalKinesisExtension} (module test-kit). These tests cannot use it: the test kit depends on this module, and
 * a test dependency back on it would be a cycle in the build. So this adapter stays, and the part both need (one
 * emulator per JVM) lives in the emulator module. Tests that kill, pause or restart the emulator must start their own
 * {@code Kinesalite} instead of this shared one.
 */
public final class KinesaliteExtension implements BeforeAllCallback, ParameterResolver {
    private static StreamAdmin sharedAdmin;
    private static URI adminEndpoint;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Kinesalite.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return start();
    }

    /** The shared emulator. */
    public static Kinesalite kinesalite() {
        return start();
    }

    public static URI endpoint() {
        return kinesalite().endpoint();
    }

    /** A stream admin on the shared emulator, shared by every test class and closed when the JVM exits. */
    public static synchronized StreamAdmin admin() {
        URI endpoint = endpoint();
        if (sharedAdmin == null || !endpoint.equals(adminEndpoint)) {
            sharedAdmin = StreamAdmin.forEndpoint(endpoint);
            adminEndpoint = endpoint;
            Runtime.getRuntime().addShutdownHook(new Thread(sharedAdmin::close));
        }
        return sharedAdmin;
    }

    private static Kinesalite start() {
        // Before any client exists: the producer under test builds its own SDK clients, and kinesalite needs JSON.
        EmulatorClients.disableCbor();
        return Kinesalite.shared();
    }
}
