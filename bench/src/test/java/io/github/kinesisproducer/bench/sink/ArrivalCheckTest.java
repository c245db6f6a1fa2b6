package io.github.kinesisproducer.bench.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.kinesis.producer.protobuf.Messages;
import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArrivalCheckTest {
    static byte[] record(long index, int size) {
        return ByteBuffer.allocate(size).putLong(index).array();
    }

    private static void see(ArrivalCheck c, long index) {
        byte[] r = record(index, 20);
        c.seen(r, 0, r.length);
    }

    @Test
    void everyRecordOnceIsAllArrived() {
        ArrivalCheck c = new ArrivalCheck();
        c.expect(200);
        for (long i = 199; i >= 0; i--) {
            see(c, i);
        }
        assertThat(c.report(200)).isEqualTo(Map.of("expected", 200L, "arrived", 200L, "missing", 0L,
                "unexpected", 0L, "duplicates", 0L));
    }

    @Test
    void aLostRecordAndADuplicateDoNotCancelOut() {
        ArrivalCheck c = new ArrivalCheck();
        c.expect(100);
        for (long i = 0; i < 100; i++) {
            see(c, i == 42 ? 41 : i); // 42 lost, 41 twice: 100 records arrived all the same
        }
        Map<String, Long> r = c.report(100);
        assertThat(r).containsEntry("arrived", 99L).containsEntry("missing", 1L).containsEntry("duplicates", 1L);
    }

    @Test
    void recordsBeyondWhatWasSentOrTheWindowOrTooShortAreUnexpected() {
        ArrivalCheck c = new ArrivalCheck();
        c.expect(130); // three words of bits, the middle one split by sent = 70
        for (long i = 0; i < 70; i++) {
            see(c, i);
        }
        see(c, 70);   // not sent (sent = 70): unexpected
        see(c, 129);  // idem, in the last word
        see(c, 130);  // beyond the window
        see(c, -1);   // an index no bench record has
        c.seen(new byte[7], 0, 7);
        assertThat(c.report(70)).containsEntry("arrived", 70L).containsEntry("missing", 0L)
                .containsEntry("unexpected", 5L).containsEntry("duplicates", 0L);
    }

    @Test
    void withoutAWindowNothingIsTrackedAndANewWindowForgetsTheOld() {
        ArrivalCheck c = new ArrivalCheck();
        see(c, 0);
        assertThat(c.report(1)).isEmpty();
        c.expect(10);
        see(c, 3);
        c.expect(10);
        see(c, 3);
        assertThat(c.report(10)).containsEntry("arrived", 1L).containsEntry("duplicates", 0L);
        c.stop();
        assertThat(c.report(10)).isEmpty();
    }

    @Test
    void theDecoderReportsEachSubRecordOfAnAggregate() throws Exception {
        Messages.AggregatedRecord.Builder agg = Messages.AggregatedRecord.newBuilder();
        agg.addPartitionKeyTable("k");
        for (long i = 0; i < 10; i++) {
            agg.addRecords(Messages.Record.newBuilder().setPartitionKeyIndex(0)
                    .setData(ByteString.copyFrom(record(i * 3, 100))));
        }
        byte[] pb = agg.build().toByteArray();
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        blob.write(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2});
        blob.write(pb);
        blob.write(MessageDigest.getInstance("MD5").digest(pb));
        byte[] b = blob.toByteArray();
        ArrivalCheck c = new ArrivalCheck();
        c.expect(30);
        AggregateDecoder d = new AggregateDecoder();
        assertThat(d.count(b, 0, b.length, true, c)).isTrue();
        byte[] raw = record(1, 100);
        assertThat(d.count(raw, 0, raw.length, true, c)).isTrue();
        // indexes 0, 3, ..., 27 from the aggregate and 1 raw: 11 of 30
        assertThat(c.report(30)).containsEntry("arrived", 11L).containsEntry("missing", 19L)
                .containsEntry("duplicates", 0L).containsEntry("unexpected", 0L);
    }
}
