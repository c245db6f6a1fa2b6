package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.internal.engine.FakeKinesis;
import io.github.kinesisproducer.internal.engine.TransportOverride;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The decision: every exception the library throws for a reason of its own is a {@link KinesisProducerException}
 * (config and invalid-record errors too), so one catch covers them.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExceptionHierarchyTest {

    @Test
    void everyPublicExceptionTypeOfTheApiIsAKinesisProducerException() throws Exception {
        Path api = Path.of(KinesisProducer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/github/kinesisproducer");
        List<Class<?>> exceptions = new ArrayList<>();
        try (Stream<Path> files = Files.list(api)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = f.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName("io.github.kinesisproducer." + name);
                if (Throwable.class.isAssignableFrom(c) && Modifier.isPublic(c.getModifiers())) {
                    exceptions.add(c);
                }
            }
        }
        assertThat(exceptions).extracting(Class::getSimpleName).contains("ConfigException", "InvalidRecordException",
                "BufferFullException", "ProducerClosedException", "RecordFailedException",
                "IncompatibleStreamException", "KinesisProducerException");
        assertThat(exceptions).allMatch(KinesisProducerException.class::isAssignableFrom);
        assertThat(RuntimeException.class).isAssignableFrom(KinesisProducerException.class);
    }

    @Test
    void configErrorsFromEveryEntryPoint() {
        assertThatThrownBy(() -> new KinesisProducer(Map.of("aws_region", "us-east-1")))
                .isInstanceOf(KinesisProducerException.class).isInstanceOf(ConfigException.class)
                .hasMessageContaining("stream_name is required");
        assertThatThrownBy(() -> new KinesisProducer(Map.of("stream_name", "s", "no_such_key", 1)))
                .isInstanceOf(KinesisProducerException.class).hasMessageContaining("no_such_key");
        assertThatThrownBy(() -> ProducerConfig.builder("s").maxConcurrency(0))
                .isInstanceOf(KinesisProducerException.class).hasMessageContaining("kinesis_concurrency");
        assertThatThrownBy(() -> Aggregation.parse("zip")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("kpl, delimited, none");
        assertThatThrownBy(() -> RecordDistribution.parse("round_robin")).isInstanceOf(ConfigException.class);
        Properties p = new Properties();
        try {
            p.load(new StringReader("AggregationEnabled = maybe\n"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> ConfigFile.fromProperties(p, "kpl.properties"))
                .isInstanceOf(KinesisProducerException.class).hasMessageStartingWith("kpl.properties: ");
    }

    @Test
    void sendErrorsAndFutureErrors() {
        FakeKinesis fake = new FakeKinesis(1).hold(true);
        KinesisProducer p = TransportOverride.use(KinesisProducer.builder().streamName("s").region("us-east-1"), fake)
                .maxBufferedTime(Duration.ofHours(1)).configure(c -> c.maxBufferedRecords(1)).build();
        assertThatThrownBy(() -> p.send("", new byte[1])).isInstanceOf(KinesisProducerException.class)
                .isInstanceOf(InvalidRecordException.class);
        CompletableFuture<RecordResult> held = p.send("k", new byte[1]);
        assertThatThrownBy(() -> p.trySend("k", new byte[1])).isInstanceOf(KinesisProducerException.class)
                .isInstanceOf(BufferFullException.class);
        assertThat(p.close(Duration.ZERO)).isFalse();
        assertThatThrownBy(held::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(KinesisProducerException.class);
        assertThatThrownBy(() -> p.send("k", new byte[1])).isInstanceOf(KinesisProducerException.class)
                .isInstanceOf(ProducerClosedException.class);
    }
}
