package software.amazon.kinesis.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutstandingRecordsTest {
    @Test
    void theOldestAgeFollowsTheOldestRecordNotYetFinished() {
        OutstandingRecords o = new OutstandingRecords(true);
        OutstandingRecords.Entry a = o.add(1000);
        OutstandingRecords.Entry b = o.add(1000);
        OutstandingRecords.Entry c = o.add(1005);
        assertThat(o.count()).isEqualTo(3);
        assertThat(o.oldestAgeMillis(1010)).isEqualTo(10);
        o.finish(b);
        assertThat(o.oldestAgeMillis(1010)).isEqualTo(10);
        o.finish(a);
        assertThat(o.oldestAgeMillis(1010)).isEqualTo(5);
        o.finish(c);
        assertThat(o.oldestAgeMillis(1010)).isZero();
        assertThat(o.count()).isZero();
    }

    @Test
    void aRecordFinishesOnce_whicheverOfResultAndTimeoutComesFirst() {
        OutstandingRecords o = new OutstandingRecords(true);
        OutstandingRecords.Entry e = o.add(1);
        assertThat(o.finish(e)).isTrue();
        assertThat(o.finish(e)).isFalse();
        assertThat(o.isFinished(e)).isTrue();
        assertThat(o.count()).isZero();
    }

    @Test
    void emptyBucketsAreDropped_soMemoryFollowsWhatIsOutstanding() {
        OutstandingRecords o = new OutstandingRecords(true);
        OutstandingRecords.Entry first = o.add(0);
        List<OutstandingRecords.Entry> later = new ArrayList<>();
        for (int ms = 1; ms <= 10_000; ms++) {
            OutstandingRecords.Entry e = o.add(ms);
            o.finish(e);
            later.add(e);
        }
        assertThat(o.oldestAgeMillis(10_000)).isEqualTo(10_000);
        o.finish(first);
        assertThat(o.oldestAgeMillis(10_000)).isZero();
        assertThat(o.count()).isZero();
        assertThat(o.buckets()).isEqualTo(1);
    }

    @Test
    void untrackedAgesAreZero() {
        OutstandingRecords o = new OutstandingRecords(false);
        o.add(0);
        assertThat(o.count()).isEqualTo(1);
        assertThat(o.oldestAgeMillis(5000)).isZero();
    }

    @Test
    void awaitEmptyReturnsOnceTheLastRecordFinishes() throws Exception {
        OutstandingRecords o = new OutstandingRecords(true);
        OutstandingRecords.Entry e = o.add(0);
        assertThat(o.awaitEmpty(1)).isFalse();
        Thread finisher = new Thread(() -> o.finish(e));
        finisher.start();
        assertThat(o.awaitEmpty(10_000)).isTrue();
        finisher.join(10_000);
    }
}
