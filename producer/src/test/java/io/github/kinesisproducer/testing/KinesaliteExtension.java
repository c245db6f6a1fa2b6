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
 * One in-memory kinesalite for the whole test JVM, started by the first test class that uses this extension.
 *
 * <pre>{@code
 * @ExtendWith(KinesaliteExtension.class)
 * class ProducerIT {
 *     @Test void sends(Kinesalite kinesalite) { ... kinesalite.endpoint() ... }
 *     // or, e.g. in @BeforeAll: KinesaliteExtension.endpoint()
 * }
 * }</pre>
 *
 * <p>Why once per JVM: a start costs ~0.4 s and streams are isolated by unique names
 * ({@code StreamAdmin.uniqueStreamName}), so per-class emulators would only add time. It lives in the root store,
 * which JUnit closes (AutoCloseable) after the last test; Kinesalite's own shutdown hook is the backstop.
 * Tests that kill, pause or restart the emulator must start their own {@code Kinesalite} instead of this shared one.
 */
public final class KinesaliteExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KinesaliteExtension.class);
    private static volatile Kinesalite shared;
    private static StreamAdmin sharedAdmin;

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Kinesalite.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return start(context);
    }

    /** The shared emulator; only valid inside a class annotated with this extension. */
    public static Kinesalite kinesalite() {
        Kinesalite k = shared;
        if (k == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(KinesaliteExtension.class)");
        }
        return k;
    }

    public static URI endpoint() {
        return kinesalite().endpoint();
    }

    /** A stream admin on the shared emulator, shared by every test class and closed with the emulator. */
    public static synchronized StreamAdmin admin() {
        if (sharedAdmin == null) {
            sharedAdmin = StreamAdmin.forEndpoint(endpoint());
            Runtime.getRuntime().addShutdownHook(new Thread(sharedAdmin::close));
        }
        return sharedAdmin;
    }

    private static Kinesalite start(ExtensionContext context) {
        // Before any client exists: the producer under test builds its own SDK clients, and kinesalite needs JSON.
        EmulatorClients.disableCbor();
        Kinesalite k = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Kinesalite.class, key -> Kinesalite.start(), Kinesalite.class);
        shared = k;
        return k;
    }
}
