package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SendSummaryTest {

    @Test
    void aCleanRunShowsCountsRatioAndThroughput() {
        SendSummary s = new SendSummary(10_000, 0, Map.of(), 0, 44, 3, 0, Map.of(), 2_000_000, Duration.ofSeconds(2));
        assertThat(s.allSucceeded()).isTrue();
        assertThat(s.userRecordsPerKinesisRecord()).isCloseTo(227.27, org.assertj.core.data.Offset.offset(0.01));
        assertThat(s.render()).isEqualTo("""
                  user records        10,000 sent, 0 failed
                  Kinesis records     44 (227.3 user records per Kinesis record)
                  PutRecords calls    3
                  retries             0
                  failures            none
                  elapsed             2.0 s
                  throughput          5,000 records/s, 0.95 MiB/s
                """);
    }

    @Test
    void failuresAndRetriedErrorsAreListedByCode() {
        SendSummary s = new SendSummary(90, 15, Map.of("ResourceNotFoundException", 12L, "Expired", 3L), 2, 90, 4, 7,
                Map.of("ProvisionedThroughputExceededException", 7L), 9_000, Duration.ofMillis(500));
        assertThat(s.allSucceeded()).isFalse();
        String text = s.render();
        assertThat(text).contains("user records        90 sent, 15 failed")
                .contains("Kinesis records     90 (1.0 user records per Kinesis record)")
                .contains("retries             7 (errors seen: ProvisionedThroughputExceededException 7)")
                .contains("failures            Expired 3, ResourceNotFoundException 12")
                .contains("may be stored       2 of the failed records: a request got no answer")
                .contains("elapsed             500 ms")
                .contains("throughput          180 records/s, 0.02 MiB/s");
    }

    @Test
    void nothingPutIsNotADivisionByZero() {
        SendSummary s = new SendSummary(0, 1, Map.of("NoPartitionKey", 1L), 0, 0, 0, 0, Map.of(), 0, Duration.ZERO);
        assertThat(s.userRecordsPerKinesisRecord()).isZero();
        assertThat(s.render()).doesNotContain("may be stored");
        assertThat(s.render()).contains("Kinesis records     0\n").contains("0.0 records/s, 0.00 MiB/s");
    }

    @Test
    void formatHelpers() {
        assertThat(Format.count(1234567)).isEqualTo("1,234,567");
        assertThat(Format.duration(Duration.ofMillis(999))).isEqualTo("999 ms");
        assertThat(Format.duration(Duration.ofSeconds(125))).isEqualTo("2 min 05 s");
        assertThat(Format.clock(7)).isEqualTo("0:07");
        assertThat(Format.clock(3723)).isEqualTo("1:02:03");
        assertThat(Format.megabytes(2_640_000)).isEqualTo("2.64 MB");
    }
}
