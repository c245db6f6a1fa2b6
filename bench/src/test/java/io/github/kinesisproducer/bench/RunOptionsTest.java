package io.github.kinesisproducer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunOptionsTest {
    private static RunOptions parse(String... args) {
        return RunOptions.parse(args, 0);
    }

    @Test
    void defaults() {
        RunOptions o = parse();
        assertThat(o.records).isEqualTo(1_000_000);
        assertThat(o.size).isEqualTo(100);
        assertThat(o.shards).isEqualTo(4);
        assertThat(o.rate).isZero();
        assertThat(o.durationSeconds).isZero();
        assertThat(o.producers).containsExactly("ours", "kpl", "naive");
        assertThat(o.decode).isTrue();
    }

    @Test
    void wholeNumbersTakeSeparatorsAndSuffixes() {
        assertThat(parse("--records", "1_000_000").records).isEqualTo(1_000_000);
        assertThat(parse("--records", "1,000,000").records).isEqualTo(1_000_000);
        assertThat(parse("--records", "2M").records).isEqualTo(2_000_000);
        assertThat(parse("--warmup=20k").warmup).isEqualTo(20_000);
        assertThat(parse("--rate", "10k").rate).isEqualTo(10_000);
        assertThat(parse("--shards", "512").shards).isEqualTo(512);
        assertThat(parse("--size", "102400").size).isEqualTo(102_400);
    }

    @Test
    void sizeMaxIsTheLargestRecordWithItsKey() {
        RunOptions o = parse("--size", "max");
        o.resolveSize(1024 * 1024);
        assertThat(o.size).isEqualTo(1024 * 1024 - 36);
        assertThat(o.toRunnerArgs()).containsSequence("--size", Integer.toString(1024 * 1024 - 36));
        RunOptions fixed = parse("--size", "1024");
        fixed.resolveSize(1024 * 1024);
        assertThat(fixed.size).isEqualTo(1024);
    }

    @Test
    void durationWithARateSetsTheRecordsUnlessTheyAreGiven() {
        RunOptions o = parse("--rate", "1000", "--duration", "30");
        assertThat(o.records).isEqualTo(30_000);
        assertThat(o.durationNanos()).isEqualTo(30_000_000_000L);
        assertThat(parse("--rate", "1000", "--duration", "30", "--records", "5000").records).isEqualTo(5000);
        assertThat(parse("--duration", "2m").durationSeconds).isEqualTo(120);
        assertThat(parse("--duration", "1.5s").durationSeconds).isEqualTo(1.5);
        assertThat(parse("--duration", "10").records).isEqualTo(1_000_000); // unpaced: records stay the cap
    }

    @Test
    void smokeIsShortAndRunsTheNullProducerTooUnlessToldOtherwise() {
        RunOptions o = parse("--smoke");
        assertThat(o.smoke).isTrue();
        assertThat(o.records).isEqualTo(20_000);
        assertThat(o.producers).containsExactly("null", "ours", "naive");
        assertThat(parse("--smoke", "--producers", "null, ours,kpl,kpl015").producers)
                .containsExactly("null", "ours", "kpl", "kpl015");
    }

    @Test
    void runnerArgumentsParseBackToTheSameOptions() {
        RunOptions o = parse("--records", "12345", "--size", "1024", "--shards", "64", "--rate", "1000",
                "--duration", "12.5", "--lazy-data", "--tls", "--no-decode", "--aggregation", "none",
                "--rate-limit", "100", "--max-buffered-ms", "50", "--warmup", "7");
        o.plainPort = 1111;
        o.tlsPort = 2222;
        RunOptions back = RunOptions.parse(o.toRunnerArgs().toArray(String[]::new), 0);
        assertThat(back).usingRecursiveComparison().ignoringFields("producers", "trustStoreJvmOptions").isEqualTo(o);
    }

    @Test
    void badInputSaysWhatWasWrong() {
        assertThatThrownBy(() -> parse("--records", "lots")).hasMessageContaining("--records")
                .hasMessageContaining("lots");
        assertThatThrownBy(() -> parse("--records", "0")).hasMessageContaining("between 1");
        assertThatThrownBy(() -> parse("--size", "7")).hasMessageContaining("--size");
        assertThatThrownBy(() -> parse("--duration", "-1")).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> parse("--duration", "soon")).hasMessageContaining("seconds");
        assertThatThrownBy(() -> parse("--shard", "4")).hasMessageContaining("unknown option --shard");
        assertThatThrownBy(() -> parse("--records")).hasMessageContaining("missing value for --records");
        assertThatThrownBy(() -> parse("records")).hasMessageContaining("unexpected argument");
        assertThatThrownBy(() -> parse("--aggregation", "zip")).hasMessageContaining("KPL, DELIMITED or NONE");
        assertThatThrownBy(() -> parse("--producers", ",")).hasMessageContaining("empty");
    }

    @Test
    void flagsTakeNoValue() {
        RunOptions o = parse("--lazy-data", "--records", "10");
        assertThat(o.lazyData).isTrue();
        assertThat(o.records).isEqualTo(10);
        assertThat(parse("--tls=false").tls).isFalse();
        assertThat(List.of(parse("--no-decode").decode, parse("--no-decode=false").decode)).containsExactly(false, true);
    }
}
