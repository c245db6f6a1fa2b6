package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.internal.engine.FakeKinesis;
import io.github.kinesisproducer.internal.engine.TransportOverride;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Producer} covers the producer's day-to-day API; {@code send(KinesisRecord)} works end to end. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProducerInterfaceTest {

    private static KinesisProducer.Builder builder(FakeKinesis fake) {
        return TransportOverride.use(KinesisProducer.builder().streamName("s").region("us-east-1"), fake)
                .maxBufferedTime(Duration.ofHours(1));
    }

    @Test
    void everyPublicInstanceMethodOfTheClassIsOnTheInterface_butConfigStreamMetricsAndJoin() {
        Set<String> onInterface = Arrays.stream(Producer.class.getMethods()).map(ProducerInterfaceTest::signature)
                .collect(Collectors.toSet());
        List<String> classOnly = new ArrayList<>();
        for (Method m : KinesisProducer.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                    && !onInterface.contains(signature(m))) {
                classOnly.add(signature(m));
            }
        }
        assertThat(classOnly).as("public methods of KinesisProducer missing from Producer")
                .containsExactlyInAnyOrder("config()", "join()", "metrics(String)");
        assertThat(Producer.class).isAssignableFrom(KinesisProducer.class);
        assertThat(AutoCloseable.class).isAssignableFrom(Producer.class);
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    @Test
    void sendAKinesisRecord_keyedRoutedAndKeyless() {
        FakeKinesis fake = new FakeKinesis(4);
        Producer p = builder(fake).aggregation(Aggregation.NONE).build();
        String lastShardStart = "255211775190703847597530955573826158592"; // 3 * 2^128 / 4
        CompletableFuture<RecordResult> keyed = p.send(KinesisRecord.of("order-17", utf8("a")));
        CompletableFuture<RecordResult> routed = p.send(KinesisRecord.of("order-17", utf8("b"))
                .withExplicitHashKey(lastShardStart));
        CompletableFuture<RecordResult> keyless = p.trySend(KinesisRecord.of(utf8("c")));
        p.close();
        assertThat(routed.join().shardId()).isEqualTo("shardId-000000000003");
        assertThat(keyed.join().shardId()).isEqualTo(shardOf(KinesisRecord.of("order-17", utf8("a")), 4));
        assertThat(keyless.join().attemptCount()).isEqualTo(1);
        assertThat(fake.stored()).extracting(FakeKinesis.Stored::partitionKey, FakeKinesis.Stored::explicitHashKey,
                s -> new String(s.data(), StandardCharsets.UTF_8))
                .contains(org.assertj.core.groups.Tuple.tuple("order-17", null, "a"),
                        org.assertj.core.groups.Tuple.tuple("order-17", lastShardStart, "b"));
        FakeKinesis.Stored c = fake.stored().stream().filter(s -> s.data()[0] == 'c').findFirst().orElseThrow();
        assertThat(c.partitionKey()).as("a random key, as send(byte[])").matches("[0-9]{1,12}");
    }

    @Test
    void sendARecord_refusedAsTheOtherOverloads() {
        FakeKinesis fake = new FakeKinesis(1);
        try (KinesisProducer p = builder(fake).aggregation(Aggregation.DELIMITED).build()) {
            assertThatThrownBy(() -> p.send(KinesisRecord.of("k", utf8("a\nb")))).isInstanceOf(InvalidRecordException.class)
                    .hasMessageStartingWith("data contains the record_delimiter at byte 1");
            assertThatThrownBy(() -> p.trySend(KinesisRecord.of("k", new byte[1024 * 1024])))
                    .hasMessageStartingWith("record too large (data + partitionKey)");
            assertThatThrownBy(() -> p.send((KinesisRecord) null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("record");
        }
        assertThat(fake.stored()).isEmpty();
    }

    @Test
    void kplAggregatesReadBackThroughThePublicFormat() {
        FakeKinesis fake = new FakeKinesis(1);
        List<KinesisRecord> sent = new ArrayList<>();
        try (KinesisProducer p = builder(fake).aggregation(Aggregation.KPL).build()) {
            for (int i = 0; i < 50; i++) {
                KinesisRecord r = KinesisRecord.of("k" + (i % 5), utf8("v" + i));
                sent.add(i % 7 == 0 ? r.withExplicitHashKey(String.valueOf(i)) : r);
                p.send(sent.get(i));
            }
        }
        List<KinesisRecord> read = new ArrayList<>();
        for (FakeKinesis.Stored s : fake.stored()) {
            read.addAll(KplFormat.decode(s.data()).orElseThrow());
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(KplFormat.decode(utf8("plain text"))).isEqualTo(Optional.empty());
        assertThat(KplFormat.decode(new byte[0])).isEmpty();
    }

    /** The shard of a 4-way even split, as FakeKinesis and CreateStream lay shards out. */
    private static String shardOf(KinesisRecord r, int shards) {
        int i = r.hashKey().multiply(java.math.BigInteger.valueOf(shards)).shiftRight(128).intValue();
        return String.format("shardId-%012d", i);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
