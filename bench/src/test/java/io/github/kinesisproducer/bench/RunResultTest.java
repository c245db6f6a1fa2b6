package io.github.kinesisproducer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunResultTest {
    static final String OURS = "RESULT producer=ours transport=http complete=true records=1000000 size=100 failed=0 pending=0"
            + " wallS=0.5 jvmCpuMs=3000 helperCpuMs=0 machineBusyMs=3000 p50Us=1000 p99Us=2000 p999Us=3000"
            + " baseRssKib=10240 jvmHwmKib=204800 helperHwmKib=0 sink.userRecords=1000000 sink.badAggregates=0"
            + " sink.kinesisRecords=4000 sink.kinesisDataBytes=108000000 sink.partitionKeyBytes=4000 sink.putPayloadUnits=8000"
            + " sink.onDemandKb=108000 sink.putPayloadUnitsDataOnly=8000 sink.onDemandKbDataOnly=108000 sink.sinkCpuMs=0"
            + " arrival.expected=1000000 arrival.arrived=1000000 arrival.missing=0 arrival.unexpected=0 arrival.duplicates=0";
    static final String NULL = "RESULT producer=null transport=none complete=true records=1000000 size=100 failed=0"
            + " pending=0 wallS=0.01 jvmCpuMs=1000 helperCpuMs=0 machineBusyMs=1000 p50Us=10 p99Us=20 p999Us=30"
            + " baseRssKib=10240 jvmHwmKib=184320 helperHwmKib=0 sink.userRecords=0 sink.sinkCpuMs=0";

    @Test
    void everyRecordOnceIsOk() {
        RunResult r = RunResult.parse("ours", OURS, 0);
        assertThat(r.ok(true)).isTrue();
        assertThat(r.sinkProblems()).isEmpty();
        assertThat(r.perMillionUserRecords("sink.putPayloadUnits")).isEqualTo(8000);
        assertThat(r.kinesisRecordsPerMillion()).isEqualTo(4000);
        assertThat(r.bytesPerKinesisRecord()).isEqualTo(27001);
    }

    @Test
    void aMissingRecordAndADuplicateFailEvenWhenTheCountIsRight() {
        RunResult r = RunResult.parse("ours", OURS.replace("arrival.arrived=1000000 arrival.missing=0",
                "arrival.arrived=999999 arrival.missing=1").replace("arrival.duplicates=0", "arrival.duplicates=1"), 0);
        assertThat(r.num("sink.userRecords")).isEqualTo(1_000_000);
        assertThat(r.ok(true)).isFalse();
        assertThat(r.ok(false)).isTrue(); // without decoding the sink cannot tell
        assertThat(r.sinkProblems()).contains("missing=1").contains("twice=1");
    }

    @Test
    void withoutTheSinksVerdictARunThatShouldHaveOneFails() {
        RunResult r = RunResult.parse("ours", OURS.substring(0, OURS.indexOf(" arrival.")), 0);
        assertThat(r.ok(true)).isFalse();
        assertThat(RunResult.parse("ours", OURS.replace("sink.badAggregates=0", "sink.badAggregates=1"), 0).ok(true))
                .isFalse();
    }

    @Test
    void theNullProducerNeedsNoSinkVerdict() {
        RunResult r = RunResult.parse("null", NULL, 0);
        assertThat(r.sendsNothing()).isTrue();
        assertThat(r.ok(true)).isTrue();
    }

    @Test
    void tablesPutTheNullProducersFigureBesideAndBillEachProducer() {
        List<RunResult> runs = List.of(RunResult.parse("null", NULL, 0), RunResult.parse("ours", OURS, 0),
                RunResult.parse("kpl", OURS.replace("producer=ours", "producer=kpl").replace("jvmCpuMs=3000",
                        "jvmCpuMs=10000").replace("machineBusyMs=3000", "machineBusyMs=10000"), 0));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ResultTable.print(out, runs, true);
        BillingTable.print(out, runs);
        String text = bytes.toString(StandardCharsets.UTF_8);
        // ours: 3.00 CPU-s/M, 2.00 above the null producer's 1.00; the KPL 10.00, 9.00 above: 0.22x of it
        assertThat(text).contains("3.00 (3.00+0.00)").contains(" 2.00 ").contains("null producer: 1.00 CPU-s/M");
        assertThat(text).containsPattern("ours\\s+1\\.00x\\s+0\\.30x\\s+0\\.22x");
        assertThat(text).contains("ceil(s / 25,600)").contains("sends nothing");
        assertThat(text).containsPattern("ours\\s+1000000\\s+4000\\s+27001\\s+8000\\s+108000");
    }
}
