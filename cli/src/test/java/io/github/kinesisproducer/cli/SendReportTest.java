package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.KinesisProducer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a send prints at its end when not all the input was sent: summary first, then where and why. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendReportTest {
    private static final String NL = System.lineSeparator();
    private final ByteArrayOutputStream outBuf = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBuf, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBuf, true, StandardCharsets.UTF_8);

    private SendReport report(Sender sender, KinesisProducer p) {
        return new SendReport("s", sender, p::metrics, out, err, Duration.ofSeconds(10));
    }

    private String out() {
        return outBuf.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBuf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aReadErrorComesAfterTheFullSummaryAndSaysWhereReadingStoppedWithExitCode1EvenIfRecordsFailed()
            throws Exception {
        InputException bad = new InputException("f.txt record 4 (line 5)",
                new CliException("the line is longer than 10,485,760 bytes"));
        try (KinesisProducer p = FakeKinesis.working().producer()) {
            Sender sender = new Sender(p, PartitionKeys.parse("json:id"), err);
            sender.sendAll(FakeKinesis.source(bad, "{\"id\":\"a\"}", "no key", "{\"id\":\"b\"}"));
            errBuf.reset();
            assertThat(report(sender, p).print(false)).isEqualTo(ExitCode.ERROR); // not 3: the input comes first
        }
        assertThat(out()).startsWith("Sent to stream s:" + NL).contains("2 sent, 1 failed").contains("throughput");
        assertThat(err()).isEqualTo("error: cannot read f.txt record 4 (line 5): the line is longer than 10,485,760 "
                + "bytes. Reading stopped there: the 3 records before it were handed over (see the summary); it and "
                + "the rest of the input were not sent: fix it, then send only from there on, or records are sent "
                + "twice" + NL);
    }

    @Test
    void interruptedAfterAllInputWasReadSaysSoAndCountsTheRecordsTheDeadlineFailed() throws Exception {
        try (KinesisProducer p = FakeKinesis.unresponsive().producer()) {
            Sender sender = new Sender(p, PartitionKeys.parse("random"), err);
            Thread main = new Thread(() -> {
                try {
                    sender.sendAll(FakeKinesis.source(null, "a", "b", "c")); // waits: Kinesis does not answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            main.start();
            while (!sender.readingFinished()) {
                Thread.sleep(5);
            }
            p.close(Duration.ofMillis(200)); // the Ctrl-C hook
            main.join(10_000);
            assertThat(main.isAlive()).as("the main thread's flush wait ends when the producer is closed").isFalse();
            assertThat(report(sender, p).print(true)).isEqualTo(ExitCode.INTERRUPTED);
        }
        assertThat(out()).contains("0 sent, 3 failed").contains("Interrupted 3").contains("throughput");
        assertThat(err()).isEqualTo("interrupted: 0 records sent, 3 failed (3 not acknowledged within the 10 s "
                + "deadline: they may or may not have been stored); all the input had been read" + NL);
    }

    @Test
    void interruptedWhileBlockedReadingSaysAfterWhichRecordReadingStopped() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (KinesisProducer p = FakeKinesis.working().producer()) {
            Sender sender = new Sender(p, PartitionKeys.parse("random"), err);
            Sender.Source twoThenWait = new Sender.Source() {
                int i;

                @Override
                public byte[] next() throws java.io.InterruptedIOException {
                    if (i == 2) {
                        blocked.countDown();
                        try {
                            release.await(); // a pipe with nothing more to say yet
                        } catch (InterruptedException e) {
                            throw new java.io.InterruptedIOException();
                        }
                        return null;
                    }
                    return ("r" + ++i).getBytes(StandardCharsets.UTF_8);
                }

                @Override
                public String position() {
                    return "stdin record " + i;
                }
            };
            Thread main = new Thread(() -> {
                try {
                    sender.sendAll(twoThenWait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            main.start();
            blocked.await();
            p.close(Duration.ofSeconds(5));
            sender.awaitCallbacks(Duration.ofSeconds(2));
            report(sender, p).print(true); // by the hook: the main thread is still blocked
            release.countDown();
            main.join(10_000);
        }
        assertThat(out()).contains("2 sent, 0 failed");
        assertThat(err()).isEqualTo("interrupted: 2 records sent, 0 failed; reading stopped after stdin record 2: "
                + "the rest of the input was not sent" + NL);
    }

    @Test
    void interruptedBeforeSendingARecordReadNamesIt() throws Exception {
        try (KinesisProducer p = FakeKinesis.working().producer()) {
            Sender sender = new Sender(p, PartitionKeys.parse("random"), err);
            Sender.Source closesOnThird = new Sender.Source() {
                int i;

                @Override
                public byte[] next() {
                    if (++i == 3) {
                        p.close(Duration.ofSeconds(5));
                    }
                    return ("r" + i).getBytes(StandardCharsets.UTF_8);
                }

                @Override
                public String position() {
                    return "f.txt record " + i;
                }
            };
            sender.sendAll(closesOnThird);
            report(sender, p).print(true);
        }
        assertThat(err()).isEqualTo("interrupted: 2 records sent, 0 failed; reading stopped at f.txt record 3: it and "
                + "the rest of the input were not sent" + NL);
    }
}
