package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's quick start, in-process and small: it must pass verification and stop its emulator. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DemoIT {

    @Test
    void demoSendsReadsBackAndVerifiesEveryRecord() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"demo", "--records", "800", "--shards", "3", "--progress", "none"},
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).contains("verified 800/800 records, 0 lost, 0 duplicated")
                .contains("[5/5]").contains("user records sent   800").contains("aggregation ratio")
                .contains("shardId-000000000002").contains("Stopping the emulator ... done.");
        // Aggregation must really have happened: far fewer Kinesis records than orders.
        String kinesisRecords = text.replaceAll("(?s).*Kinesis records\\s+([0-9,]+).*", "$1").replace(",", "");
        assertThat(Integer.parseInt(kinesisRecords)).isLessThan(100);
    }

    @Test
    void demoJsonIsOneObjectOnStdoutWithTheStepsOnStderr() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"demo", "--records", "300", "--shards", "2", "--progress", "none", "--json"},
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(json.lines().count()).isEqualTo(1);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> j = (java.util.Map<String, Object>) io.github.kinesisproducer.emulator.JsonValues
                .parse(json);
        assertThat(j).containsEntry("command", "demo").containsEntry("passed", true).containsKeys("send", "lost",
                "duplicated", "durationSeconds");
        assertThat(((Number) j.get("sent")).intValue()).isEqualTo(300);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("[5/5]").contains("verified 300/300 records");
    }
}
