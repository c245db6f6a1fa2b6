package io.github.kinesisproducer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InboxTest {
    private static final long MS = 1_000_000L;
    private static final long START = 5_000 * MS;
    private static final long BUFFER = 100 * MS;

    private static PendingRecord record(long arrivalNanos) {
        return new PendingRecord("k", null, new byte[1], arrivalNanos, 30_000 * MS);
    }

    @Test
    void recordsWaitForTheFirstShardMapUntilTheFirstSecondIsOverAndTheirBufferTimeHasPassed() {
        Inbox inbox = new Inbox(START, BUFFER, false);
        assertThat(inbox.heldUntilNanos()).isEqualTo(START + Inbox.FIRST_MAP_WAIT_NANOS);
        inbox.offer(record(START));
        assertThat(inbox.mayDrain(false, START + 999 * MS)).isFalse();
        assertThat(inbox.heldWakeNanos(false, START)).isEqualTo(START + Inbox.FIRST_MAP_WAIT_NANOS);
        assertThat(inbox.mayDrain(false, START + Inbox.FIRST_MAP_WAIT_NANOS)).isTrue();

        Inbox late = new Inbox(START, BUFFER, false);
        long arrival = START + 2_000 * MS; // after the first second only the buffer time counts
        late.offer(record(arrival));
        assertThat(late.mayDrain(false, arrival + BUFFER - 1)).isFalse();
        assertThat(late.heldWakeNanos(false, arrival)).isEqualTo(arrival + BUFFER);
        assertThat(late.mayDrain(false, arrival + BUFFER)).isTrue();
    }

    @Test
    void aSettledShardMapEndsTheWait_aQueuedMarkerOnceTheFirstSecondIsOver() {
        Inbox inbox = new Inbox(START, BUFFER, false);
        inbox.offer(record(START));
        assertThat(inbox.mayDrain(true, START)).isTrue();
        assertThat(inbox.heldWakeNanos(true, START)).isEqualTo(Long.MAX_VALUE);

        inbox.offer(new Engine.Marker(new CompletableFuture<>(), false));
        assertThat(inbox.mayDrain(false, START + 999 * MS)).as("a flush right after build() still waits").isFalse();
        assertThat(inbox.heldWakeNanos(false, START)).isEqualTo(START + Inbox.FIRST_MAP_WAIT_NANOS);
        assertThat(inbox.mayDrain(false, START + Inbox.FIRST_MAP_WAIT_NANOS)).isTrue();
        assertThat(inbox.poll()).isInstanceOf(PendingRecord.class);
        assertThat(inbox.poll()).isInstanceOf(Engine.Marker.class);
        inbox.taken(2);
        assertThat(inbox.count()).isZero();
        assertThat(inbox.isEmpty()).isTrue();
        // The marker was taken: a new record waits again.
        inbox.offer(record(START));
        assertThat(inbox.mayDrain(false, START)).isFalse();
        // Strict ordering too: a marker ends its wait after the first second (else a close could wait forever).
        Inbox strict = new Inbox(START, BUFFER, true);
        strict.offer(record(START));
        strict.offer(new Engine.Marker(null, true));
        assertThat(strict.mayDrain(false, START + 999 * MS)).isFalse();
        assertThat(strict.mayDrain(false, START + Inbox.FIRST_MAP_WAIT_NANOS)).isTrue();

        inbox.shardMapSettled();
        assertThat(inbox.heldUntilNanos()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void strictOrderingWaitsForTheShardMapHoweverLongAndLooksAgainEveryTenMilliseconds() {
        Inbox inbox = new Inbox(START, BUFFER, true);
        assertThat(inbox.heldUntilNanos()).isEqualTo(Long.MIN_VALUE); // callers wake the sender as usual
        inbox.offer(record(START));
        assertThat(inbox.mayDrain(false, START + 60_000 * MS)).isFalse();
        assertThat(inbox.heldWakeNanos(false, START)).isEqualTo(START + 10 * MS);
        assertThat(inbox.mayDrain(true, START)).isTrue();
    }

    @Test
    void anEmptyInboxHoldsNothing() {
        Inbox inbox = new Inbox(START, BUFFER, false);
        assertThat(inbox.heldWakeNanos(false, START)).isEqualTo(Long.MAX_VALUE);
        assertThat(inbox.mayDrain(false, START)).isTrue();
        assertThat(inbox.poll()).isNull();
    }
}
