package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.internal.engine.FakeKinesis;
import io.github.kinesisproducer.internal.engine.TransportOverride;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RecordValidation} refuses exactly what {@code KinesisProducer.send} refuses, with the same message, and every
 * message starts with the argument that was wrong.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecordValidationTest {
    private static final int MIB = 1024 * 1024;

    /** One way to call send, on the producer and on the validation. */
    private record Case(String name, Consumer<Producer> send, Consumer<RecordValidation> check) {
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        keyed(c, "null key", null, null, new byte[1]);
        keyed(c, "empty key", "", null, new byte[1]);
        keyed(c, "257-char key", "k".repeat(257), null, new byte[1]);
        keyed(c, "256-char key", "k".repeat(256), null, new byte[1]);
        keyed(c, "unpaired surrogate", "a\uD800b", null, new byte[1]);
        keyed(c, "emoji key", "\uD83D\uDE00", null, new byte[1]);
        keyed(c, "null data", "k", null, null);
        keyed(c, "data + key = limit", "k", null, new byte[MIB - 1]);
        keyed(c, "data + key > limit", "kk", null, new byte[MIB - 1]);
        keyed(c, "multi-byte key counted in bytes", "\u00e9", null, new byte[MIB - 1]);
        keyed(c, "leading zero", "k", "01", new byte[1]);
        keyed(c, "negative", "k", "-1", new byte[1]);
        keyed(c, "2^128", "k", "340282366920938463463374607431768211456", new byte[1]);
        keyed(c, "swapped keys", "12345", "order-17", new byte[1]);
        keyed(c, "max hash key", "k", "340282366920938463463374607431768211455", new byte[1]);
        keyed(c, "delimiter inside", "k", null, "a\nb".getBytes(StandardCharsets.UTF_8));
        keyless(c, "keyless null data", null);
        keyless(c, "keyless at the limit (random key counted as 12 bytes)", new byte[MIB - 12]);
        keyless(c, "keyless over the limit", new byte[MIB - 11]);
        keyless(c, "keyless delimiter inside", "\n".getBytes(StandardCharsets.UTF_8));
        record(c, "record too large", KinesisRecord.of("kk", new byte[MIB - 1]));
        record(c, "keyless record too large", KinesisRecord.of(new byte[MIB - 11]));
        record(c, "record fits", KinesisRecord.of("k", new byte[MIB - 1]).withExplicitHashKey("7"));
        record(c, "record with the delimiter", KinesisRecord.of("k", "x\n".getBytes(StandardCharsets.UTF_8)));
        return c;
    }

    private static void keyed(List<Case> c, String name, String key, String hashKey, byte[] data) {
        c.add(new Case(name, p -> {
            if (hashKey == null) {
                p.send(key, data);
            } else {
                p.send(key, hashKey, data);
            }
        }, v -> v.check(key, hashKey, data)));
    }

    private static void keyless(List<Case> c, String name, byte[] data) {
        c.add(new Case(name, p -> p.send(data), v -> v.checkKeyless(data)));
    }

    private static void record(List<Case> c, String name, KinesisRecord r) {
        c.add(new Case(name, p -> p.send(r), v -> v.check(r)));
    }

    @Test
    void theValidationRefusesWhatTheProducerRefuses_withTheSameMessage_inEveryAggregationMode() {
        for (Aggregation mode : Aggregation.values()) {
            ProducerConfig config = ProducerConfig.builder("s").region("us-east-1").aggregation(mode)
                    .maxBufferedTime(Duration.ofHours(1))
                    // No DescribeStreamSummary: the size limit stays max_record_size, as the validation's.
                    .recordDistribution(RecordDistribution.USER_PARTITION_KEY).build();
            RecordValidation validation = RecordValidation.of(config);
            int refused = 0;
            try (KinesisProducer p = TransportOverride.use(KinesisProducer.builder().config(config), new FakeKinesis(2)).build()) {
                for (Case c : cases()) {
                    Throwable real = thrown(() -> c.send().accept(p));
                    Throwable checked = thrown(() -> c.check().accept(validation));
                    String what = mode + ", " + c.name();
                    if (real == null) {
                        assertThat(checked).as(what).isNull();
                    } else {
                        refused++;
                        assertThat(real).as(what).isInstanceOf(InvalidRecordException.class);
                        assertThat(checked).as(what).isInstanceOf(InvalidRecordException.class)
                                .hasMessage(real.getMessage());
                    }
                }
            }
            assertThat(refused).as(mode + ": refusals").isEqualTo(mode == Aggregation.DELIMITED ? 21 : 15);
        }
    }

    @Test
    void everyMessageStartsWithTheArgumentThatWasWrong() {
        RecordValidation v = RecordValidation.of(ProducerConfig.builder("s").build());
        assertThatThrownBy(() -> v.check(null, null, new byte[1]))
                .hasMessageStartingWith("partitionKey must not be null; for a random key use send(byte[])");
        assertThatThrownBy(() -> v.check("", null, new byte[1])).hasMessageStartingWith("partitionKey must be");
        assertThatThrownBy(() -> v.check("k", "x1", new byte[1])).hasMessageStartingWith("explicitHashKey is invalid");
        assertThatThrownBy(() -> v.check("k", null, null)).hasMessageStartingWith("data must not be null");
        assertThatThrownBy(() -> v.check("k", null, new byte[MIB]))
                .hasMessageStartingWith("record too large (data + partitionKey): 1048576 data bytes + 1 partition key "
                        + "bytes = 1048577 > max_record_size 1048576");
        // The two adjacent strings of send(partitionKey, explicitHashKey, data) swapped: the message says so.
        assertThatThrownBy(() -> v.check("12345", "order-17", new byte[1]))
                .hasMessageStartingWith("explicitHashKey is invalid")
                .hasMessageContaining("Was a partition key passed as the explicit hash key?")
                .hasMessageContaining("KinesisRecord.of(partitionKey, data).withExplicitHashKey(hashKey)");
        assertThatThrownBy(() -> v.check("k", "01", new byte[1])).message()
                .doesNotContain("Was a partition key passed");
        RecordValidation delimited = RecordValidation.of(ProducerConfig.builder("s").aggregation(Aggregation.DELIMITED)
                .recordDelimiter("||").build());
        assertThatThrownBy(() -> delimited.checkKeyless("a|".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("data ends with the start of the record_delimiter (from byte 1)");
        assertThatThrownBy(() -> delimited.checkKeyless(new byte[MIB - 13]))
                .hasMessageStartingWith("record too large (data + partitionKey): 1048563 data bytes + 12 partition key "
                        + "bytes + 2 delimiter bytes = 1048577");
    }

    @Test
    void aRecordWithoutAStreamNeedsAConfigurationWithOne_sendToNeedsAValidStream() {
        RecordValidation none = RecordValidation.of(ProducerConfig.builder().build());
        assertThatThrownBy(() -> none.check("k", null, new byte[1])).isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("stream is missing");
        assertThatThrownBy(() -> none.check(KinesisRecord.of("k", new byte[1])))
                .hasMessageStartingWith("stream is missing");
        none.check(KinesisRecord.of("k", new byte[1]).withStream("orders"));
        none.checkSendTo("orders", "k", null, new byte[1]);
        assertThatThrownBy(() -> none.checkSendTo("no spaces", "k", null, new byte[1]))
                .hasMessageStartingWith("stream is invalid");
        assertThatThrownBy(() -> none.checkSendTo("orders", null, null, new byte[1]))
                .hasMessageStartingWith("partitionKey");
        RecordValidation withDefault = RecordValidation.of(ProducerConfig.builder("s").build());
        withDefault.check("k", null, new byte[1]);
        withDefault.checkKeyless(new byte[1]);
    }

    @Test
    void theSizeLimitIsTheConfiguredOne() {
        RecordValidation v = RecordValidation.of(ProducerConfig.builder("s").maxRecordSize(2 * MIB).build());
        v.check("k", null, new byte[2 * MIB - 1]);
        assertThatThrownBy(() -> v.check("k", null, new byte[2 * MIB])).hasMessageContaining("max_record_size 2097152");
    }

    private static Throwable thrown(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
