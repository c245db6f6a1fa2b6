package io.github.kinesisproducer.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.ProducerClosedException;
import io.github.kinesisproducer.emulator.Kinesalite;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension used from code, on a static field: streams of the class and of each test. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProgrammaticUseIT {
    @RegisterExtension
    static final LocalKinesisExtension KINESIS = new LocalKinesisExtension();

    private static LocalStream classStream;
    private static KinesisProducer testProducer;

    @BeforeAll
    static void streamForTheClass() {
        classStream = KINESIS.createStream("class", 2);
    }

    @AfterAll
    static void theClassStreamLivesUntilHere() {
        assertThat(classStream.producer().send("k", "last".getBytes(StandardCharsets.UTF_8)).join()).isNotNull();
    }

    @Test
    @Order(1)
    void streamsFromCode() {
        assertThat(KINESIS.endpoint()).isEqualTo(Kinesalite.shared().endpoint());
        assertThat(KINESIS.emulator()).isSameAs(Kinesalite.shared());
        classStream.producer().send("k", "one".getBytes(StandardCharsets.UTF_8)).join();

        LocalStream mine = KINESIS.createStream("mine", 1);
        testProducer = mine.producer();
        testProducer.send("k", "two".getBytes(StandardCharsets.UTF_8)).join();
        assertThat(mine.reader().records()).extracting(UserRecord::dataAsUtf8).containsExactly("two");

        // A stream the code under test made itself: a handle reads it, and it is not deleted.
        String name = StreamAdmin.uniqueStreamName("theirs");
        try (StreamAdmin admin = StreamAdmin.forEndpoint(KINESIS.endpoint())) {
            admin.createStream(name, 1);
        }
        LocalStream theirs = KINESIS.stream(name);
        theirs.producer().send("k", "three".getBytes(StandardCharsets.UTF_8)).join();
        assertThat(theirs.reader().records()).extracting(UserRecord::dataAsUtf8).containsExactly("three");
    }

    @Test
    @Order(2)
    void theClassStreamOutlivesATest_theTestsOwnDoesNot() {
        assertThat(classStream.reader().records()).extracting(UserRecord::dataAsUtf8).containsExactly("one");
        assertThatThrownBy(() -> testProducer.send("k", new byte[1])).isInstanceOf(ProducerClosedException.class);
    }

    @Test
    void exactNames() {
        String name = StreamAdmin.uniqueStreamName("exact");
        LocalStream s = KINESIS.createStreamNamed(name, 1);
        assertThat(s.name()).isEqualTo(name);
        assertThat(s.shardIds()).containsExactly("shardId-000000000000");
    }
}
