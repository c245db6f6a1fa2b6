package io.github.kinesisproducer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.internal.shards.HashKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PendingRecordTest {
    @Test
    void theKeysUtf8BytesAreEncodedOnceAndCountTowardTheReservation() {
        PendingRecord r = new PendingRecord("\u00e9\ud83d\ude00", null, new byte[7], 0, 1);
        assertThat(r.keyUtf8).isEqualTo("\u00e9\ud83d\ude00".getBytes(StandardCharsets.UTF_8));
        assertThat(r.keyBytes).isEqualTo(6);
        assertThat(r.reservedBytes).isEqualTo(7 + 6);
        assertThat(HashKey.ofUtf8(r.keyUtf8)).isEqualTo(HashKey.ofPartitionKey(r.partitionKey));
    }
}
