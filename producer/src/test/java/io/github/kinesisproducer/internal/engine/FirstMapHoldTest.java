package io.github.kinesisproducer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FirstMapHoldTest {
    private static final long MS = 1_000_000L;
    private static final long START = 5_000 * MS;
    private static final long BUFFER = 100 * MS;

    private static PendingRecord record(long arrivalNanos) {
        return new PendingRecord("k", null, new byte[1], arrivalNanos, 30_000 * MS);
    }

    @Test
    void recordsWaitForTheFirstShardMapUntilTheFirstSecondIsOverAndTheirBufferTimeHasPassed() {
        FirstMapHold hold = new FirstMapHold(START, BUFFER, false);
        assertThat(hold.heldUntilNanos()).isEqualTo(START + FirstMapHold.FIRST_MAP_WAIT_NANOS);
        assertThat(hold.hold(record(START))).isTrue();
        assertThat(hold.mayRelease(false, START + 999 * MS)).isFalse();
        assertThat(hold.wakeNanos(false, START)).isEqualTo(START + FirstMapHold.FIRST_MAP_WAIT_NANOS);
        assertThat(hold.mayRelease(false, START + FirstMapHold.FIRST_MAP_WAIT_NANOS)).isTrue();

        FirstMapHold late = new FirstMapHold(START, BUFFER, false);
        long arrival = START + 2_000 * MS; // after the first second only the buffer time counts
        late.hold(record(arrival));
        assertThat(late.mayRelease(false, arrival + BUFFER - 1)).isFalse();
        assertThat(late.wakeNanos(false, arrival)).isEqualTo(arrival + BUFFER);
        assertThat(late.mayRelease(false, arrival + BUFFER)).isTrue();
    }

    @Test
    void aSettledShardMapEndsTheWait_aFlushOnceTheFirstSecondIsOver() {
        FirstMapHold hold = new FirstMapHold(START, BUFFER, false);
        hold.hold(record(START));
        assertThat(hold.mayRelease(true, START + 999 * MS)).as("a flush right after build() still waits").isFalse();
        assertThat(hold.wakeNanos(true, START)).isEqualTo(START + FirstMapHold.FIRST_MAP_WAIT_NANOS);
        assertThat(hold.mayRelease(true, START + FirstMapHold.FIRST_MAP_WAIT_NANOS)).isTrue();
        assertThat(hold.poll()).isNotNull();
        assertThat(hold.poll()).isNull();
        assertThat(hold.isEmpty()).isTrue();

        hold.hold(record(START));
        hold.settle();
        assertThat(hold.mayRelease(false, START)).isTrue();
        assertThat(hold.wakeNanos(false, START)).isEqualTo(Long.MAX_VALUE);
        assertThat(hold.heldUntilNanos()).isEqualTo(Long.MIN_VALUE);
        hold.poll();
        assertThat(hold.hold(record(START))).as("settled and nothing held: records go on at once").isFalse();

        // Strict ordering too: a flush or close ends its wait after the first second (else a close could wait forever).
        FirstMapHold strict = new FirstMapHold(START, BUFFER, true);
        strict.hold(record(START));
        assertThat(strict.mayRelease(true, START + 999 * MS)).isFalse();
        assertThat(strict.mayRelease(true, START + FirstMapHold.FIRST_MAP_WAIT_NANOS)).isTrue();
    }

    @Test
    void strictOrderingWaitsForTheShardMapHoweverLongAndLooksAgainEveryTenMilliseconds() {
        FirstMapHold hold = new FirstMapHold(START, BUFFER, true);
        assertThat(hold.heldUntilNanos()).isEqualTo(Long.MIN_VALUE); // callers wake the sender as usual
        hold.hold(record(START));
        assertThat(hold.mayRelease(false, START + 60_000 * MS)).isFalse();
        assertThat(hold.wakeNanos(false, START)).isEqualTo(START + 10 * MS);
        hold.settle();
        assertThat(hold.mayRelease(false, START)).isTrue();
    }

    @Test
    void nothingHeldHoldsNothing() {
        FirstMapHold hold = new FirstMapHold(START, BUFFER, false);
        assertThat(hold.wakeNanos(false, START)).isEqualTo(Long.MAX_VALUE);
        assertThat(hold.mayRelease(false, START)).isFalse();
        assertThat(hold.poll()).isNull();
    }
}
