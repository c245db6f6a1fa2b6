package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.emulator.Kinesalite;
import io.github.kinesisproducer.emulator.StreamAdmin;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One kinesalite on 127.0.0.1 for a test class, with a client to create streams; stopped after the class. Register
 * it as a static field with {@code @RegisterExtension}.
 */
final class LocalKinesis implements BeforeAllCallback, AfterAllCallback {
    private Kinesalite emulator;
    private StreamAdmin admin;

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator = Kinesalite.start();
        admin = StreamAdmin.forEndpoint(emulator.endpoint());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (admin != null) {
            admin.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    Kinesalite emulator() {
        return emulator;
    }

    StreamAdmin admin() {
        return admin;
    }

    /** The emulator's endpoint, as the CLI's --endpoint takes it. */
    String endpoint() {
        return emulator.endpoint().toString();
    }
}
