package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.KinesisProducer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The send loop's bookkeeping, against an in-memory one-shard transport. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SenderTest {
    private final ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBuf, true, StandardCharsets.UTF_8);

    private static KinesisProducer producer(FakeKinesis fake) {
        return fake.producer();
    }

    private static Sender.Source of(String... records) {
        return FakeKinesis.source(null, records);
    }

    @Test
    void countsSuccessesAndLocalFailuresByCode() throws Exception {
        FakeKinesis fake = FakeKinesis.working();
        Sender sender;
        try (KinesisProducer p = producer(fake)) {
            sender = new Sender(p, PartitionKeys.parse("json:id"), err);
            sender.sendAll(of("{\"id\":\"a\"}", "{\"id\":\"b\"}", "{\"nope\":1}", "garbage"));
            p.close();
            sender.awaitCallbacks(Duration.ofSeconds(10));
        }
        assertThat(sender.succeeded()).isEqualTo(2);
        assertThat(sender.failed()).isEqualTo(2);
        assertThat(sender.submitted()).isEqualTo(2);
        assertThat(sender.failuresByCode()).containsEntry(PartitionKeys.NO_KEY, 2L).hasSize(1);
        assertThat(sender.stopReason()).isNull();
        assertThat(fake.stored).containsExactlyInAnyOrder("{\"id\":\"a\"}", "{\"id\":\"b\"}");
        assertThat(errBuf.toString(StandardCharsets.UTF_8))
                .contains("error: test record 3: JSON has no field 'id'")
                .contains("error: test record 4: not valid JSON");
    }

    @Test
    void oversizedRecordsAreRefusedLocally() throws Exception {
        FakeKinesis fake = FakeKinesis.working();
        Sender sender;
        try (KinesisProducer p = producer(fake)) {
            sender = new Sender(p, PartitionKeys.parse("random"), err);
            sender.sendAll(of("small", "x".repeat(1024 * 1024 + 1)));
            p.close();
            sender.awaitCallbacks(Duration.ofSeconds(10));
        }
        assertThat(sender.succeeded()).isEqualTo(1);
        assertThat(sender.failuresByCode()).containsEntry(Sender.INVALID_RECORD, 1L);
        assertThat(errBuf.toString(StandardCharsets.UTF_8)).contains("test record 2: record too large");
    }

    @Test
    void aNonRetriableFailureStopsReadingTheRestOfTheInput() throws Exception {
        FakeKinesis fake = FakeKinesis.working();
        Sender sender;
        int[] handedOut = {0};
        try (KinesisProducer p = producer(fake)) {
            sender = new Sender(p, PartitionKeys.parse("random"), err);
            Sender.Source endless = new Sender.Source() {
                @Override
                public byte[] next() throws java.io.IOException {
                    handedOut[0]++;
                    try {
                        Thread.sleep(1); // give the failure time to come back
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                    return (handedOut[0] == 1 ? "bad" : "good").getBytes(StandardCharsets.UTF_8);
                }

                @Override
                public String position() {
                    return "record " + handedOut[0];
                }
            };
            sender.sendAll(endless);
            p.close();
            sender.awaitCallbacks(Duration.ofSeconds(10));
        }
        assertThat(sender.stopReason()).isEqualTo("InvalidArgumentException");
        assertThat(sender.failuresByCode()).containsEntry("InvalidArgumentException", 1L);
        assertThat(sender.succeeded()).isEqualTo(sender.submitted() - 1);
        assertThat(errBuf.toString(StandardCharsets.UTF_8)).contains("stopping: InvalidArgumentException");
    }

    @Test
    void aRecordThatCannotBeReadStopsReadingButWhatWasHandedOverIsStillDeliveredAndCounted() throws Exception {
        FakeKinesis fake = FakeKinesis.working();
        InputException bad = new InputException("f.txt record 3 (line 4)", new CliException("the line is too long"));
        Sender sender;
        try (KinesisProducer p = producer(fake)) {
            sender = new Sender(p, PartitionKeys.parse("random"), err);
            sender.sendAll(FakeKinesis.source(bad, "a", "b")); // returns: the records before are flushed
        }
        assertThat(sender.succeeded()).isEqualTo(2);
        assertThat(fake.stored).containsExactly("a", "b");
        assertThat(sender.readError()).isSameAs(bad);
        assertThat(sender.stopReason()).isEqualTo(Sender.READ_ERROR);
        assertThat(sender.allInputRead()).isFalse();
        assertThat(sender.readingFinished()).isTrue();
        assertThat(sender.recordsRead()).isEqualTo(2);
    }

    @Test
    void aProducerClosedUnderTheSenderCountsTheDeadlineFailuresQuietlyAndNamesTheRecordNotSent() throws Exception {
        FakeKinesis outage = FakeKinesis.unresponsive();
        Sender sender;
        try (KinesisProducer p = producer(outage)) {
            sender = new Sender(p, PartitionKeys.parse("random"), err);
            Sender.Source source = new Sender.Source() {
                int i;

                @Override
                public byte[] next() {
                    if (++i == 4) {
                        p.close(Duration.ofMillis(300)); // what the Ctrl-C hook does, meanwhile
                    }
                    return ("r" + i).getBytes(StandardCharsets.UTF_8);
                }

                @Override
                public String position() {
                    return "test record " + i;
                }
            };
            sender.sendAll(source);
        }
        assertThat(sender.stopReason()).isEqualTo(Sender.CLOSED);
        assertThat(sender.unsentPosition()).isEqualTo("test record 4");
        assertThat(sender.failuresByCode()).containsExactlyEntriesOf(java.util.Map.of(Sender.INTERRUPTED, 3L));
        assertThat(sender.allInputRead()).isFalse();
        assertThat(errBuf.toString(StandardCharsets.UTF_8)).doesNotContain("record failed"); // one line says it all
    }
}
