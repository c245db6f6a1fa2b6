package io.github.kinesisproducer.bench.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.internal.aggregation.KplAggregate;
import org.junit.jupiter.api.Test;

class AggregateDecoderTest {
    @Test
    void countsTheSubRecordsOfOurProducersAggregates() {
        KplAggregate a = new KplAggregate();
        long bytes = 0;
        for (int i = 0; i < 300; i++) {
            byte[] data = new byte[i % 17];
            a.add("key-" + (i % 40), i % 3 == 0 ? Integer.toString(i * 1000) : null, data);
            bytes += data.length;
        }
        byte[] blob = a.encode();
        AggregateDecoder d = new AggregateDecoder();
        assertThat(d.count(blob, 0, blob.length, true)).isTrue();
        assertThat(d.aggregated).isTrue();
        assertThat(d.userRecords).isEqualTo(300);
        assertThat(d.userBytes).isEqualTo(bytes);

        blob[blob.length - 1] ^= 1; // MD5 mismatch
        assertThat(d.count(blob, 0, blob.length, true)).isFalse();
    }

    @Test
    void plainDataIsOneUserRecord() {
        AggregateDecoder d = new AggregateDecoder();
        assertThat(d.count(new byte[100], 0, 100, true)).isTrue();
        assertThat(d.aggregated).isFalse();
        assertThat(d.userRecords).isEqualTo(1);
        assertThat(d.userBytes).isEqualTo(100);
    }
}
