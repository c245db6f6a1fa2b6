package io.github.kinesisproducer.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.emulator.Kinesalite;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A class with an emulator of its own: fixed stream names, stopped after the class. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OwnEmulatorIT {
    @RegisterExtension
    static final LocalKinesisExtension KINESIS = LocalKinesisExtension.withOwnEmulator();

    private static Kinesalite emulator;

    @BeforeAll
    static void started() {
        emulator = KINESIS.emulator();
        assertThat(emulator.isAlive()).isTrue();
        assertThat(emulator).isNotSameAs(Kinesalite.shared());
    }

    @Test
    void fixedNamesInAnEmulatorOfItsOwn() {
        LocalStream orders = KINESIS.createStreamNamed("orders", 2);
        orders.producer().send("k", "x".getBytes(StandardCharsets.UTF_8)).join();
        assertThat(orders.reader().records()).hasSize(1);
        assertThat(orders.endpoint()).isEqualTo(emulator.endpoint());
    }

    @AfterAll
    static void stillRunningUntilTheClassEnds() {
        // The extension stops it after this (its class scope closes after the @AfterAll methods).
        assertThat(emulator.isAlive()).isTrue();
    }
}
