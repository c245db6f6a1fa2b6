package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.KplFormat;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads every shard of a stream (ListShards, GetShardIterator, then GetRecords round-robin over the shards) and
 * hands out user records: KPL aggregates are de-aggregated, and with a delimiter other records are split on it.
 *
 * <p>It stops once every shard is caught up (an empty batch at the tip, {@code millisBehindLatest == 0}, or the end
 * of a closed shard), unless it follows: then it polls, sleeping about a second whenever a whole round found nothing
 * (the service allows 5 GetRecords per second per shard), picks up the child shards of a resharding when their parent
 * ends, and stops only after {@code untilIdle} without a record (if set), at {@code maxRecords}, or when stopped.
 */
final class StreamReader {
    private static final int BATCH_LIMIT = 10_000;
    private static final Duration THROTTLE_BACKOFF = Duration.ofSeconds(1);

    /** One user record and where it was found. */
    @SuppressWarnings("ArrayRecordComponent") // the data as read, handed to one sink; records are never compared
    record UserRecord(String shardId, String sequenceNumber, long subSequenceNumber, String partitionKey,
            String explicitHashKey, Instant arrival, byte[] data) {
    }

    /** Receives each user record. */
    interface Sink {
        void accept(UserRecord r) throws IOException;

        /** Called once per Kinesis record, after its user records. */
        default void kinesisRecord(String shardId, int userRecords) {
        }

        /** Called after each batch, e.g. to flush output while following. */
        default void batchDone() throws IOException {
        }
    }

    /** Where to start in each shard. */
    record Start(ShardIteratorType type, Instant timestamp, String sequenceNumber) {
        static final Start TRIM_HORIZON = new Start(ShardIteratorType.TRIM_HORIZON, null, null);
        static final Start LATEST = new Start(ShardIteratorType.LATEST, null, null);

        static Start atTimestamp(Instant t) {
            return new Start(ShardIteratorType.AT_TIMESTAMP, t, null);
        }

        static Start atSequence(String s) {
            return new Start(ShardIteratorType.AT_SEQUENCE_NUMBER, null, s);
        }
    }

    /**
     * When to stop besides the end of the data.
     *
     * @param follow keep polling at the tip
     * @param untilIdle with follow: stop after this long without a record; null for never
     * @param maxRecords stop after this many user records; 0 for no limit
     */
    record Stop(boolean follow, Duration untilIdle, long maxRecords) {
        static final Stop AT_TIP = new Stop(false, null, 0);
    }

    /** A call to Kinesis failed: which one, for the message. */
    static final class CallFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String action;

        CallFailed(String action, SdkException cause) {
            super(action + " failed: " + cause.getMessage(), cause);
            this.action = action;
        }

        String action() {
            return action;
        }
    }

    /** What was read, and why reading ended. */
    record Totals(int shards, long kinesisRecords, long userRecords, long bytes, String endedBy) {
    }

    private final KinesisClient client;
    private final String stream;
    private final Start start;
    private final Stop stop;
    private final Duration idlePoll;
    private final byte[] delimiter;
    private final Supplier<Boolean> stopped;

    /** @param delimiter splits records that are not KPL aggregates; null to leave them whole */
    StreamReader(KinesisClient client, String stream, Start start, Stop stop, Duration idlePoll, byte[] delimiter,
            Supplier<Boolean> stopped) {
        this.client = client;
        this.stream = stream;
        this.start = start;
        this.stop = stop;
        this.idlePoll = idlePoll;
        this.delimiter = delimiter == null ? null : delimiter.clone();
        this.stopped = stopped;
    }

    StreamReader(KinesisClient client, String stream, ShardIteratorType start, boolean follow, Duration idlePoll) {
        this(client, stream, new Start(start, null, null), new Stop(follow, null, 0), idlePoll, null, () -> false);
    }

    /** Per-shard position: the iterator to use next and the last sequence number handed out. */
    private static final class Position {
        String iterator;
        String lastSequence;
    }

    private final Set<String> seen = new HashSet<>();
    // Written by the reading thread, read by the progress display.
    private final java.util.concurrent.atomic.AtomicLong kinesisRecords = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong userRecords = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();

    /** What was read so far (any thread may ask: the Ctrl-C report while a call is in progress). */
    Totals totalsSoFar(String endedBy) {
        return new Totals(seen.size(), kinesisRecords.get(), userRecords.get(), bytes.get(), endedBy);
    }

    Totals read(Sink sink) throws IOException, InterruptedException {
        Map<String, Position> active = new LinkedHashMap<>();
        addShards(seen, active, start);
        long lastRecordAt = System.nanoTime();
        String endedBy = "caught-up";
        while (!active.isEmpty()) {
            if (stopped.get()) {
                return totalsSoFar("interrupted");
            }
            boolean anyData = false;
            boolean anyEnded = false;
            for (Map.Entry<String, Position> e : new ArrayList<>(active.entrySet())) {
                String shardId = e.getKey();
                Position pos = e.getValue();
                GetRecordsResponse batch = getRecords(shardId, pos);
                if (batch == null) {
                    continue; // throttled: try this shard again next round
                }
                for (Record r : batch.records()) {
                    kinesisRecords.incrementAndGet();
                    if (!emit(sink, shardId, r)) {
                        sink.batchDone();
                        return totalsSoFar("max-records");
                    }
                    pos.lastSequence = r.sequenceNumber();
                }
                if (!batch.records().isEmpty()) {
                    anyData = true;
                    sink.batchDone();
                }
                pos.iterator = batch.nextShardIterator();
                boolean caughtUp = batch.records().isEmpty()
                        && (batch.millisBehindLatest() == null || batch.millisBehindLatest() == 0);
                if (pos.iterator == null) {
                    active.remove(shardId); // a closed shard, read to its end
                    anyEnded = true;
                } else if (caughtUp && !stop.follow()) {
                    active.remove(shardId);
                }
            }
            if (stop.follow() && anyEnded) {
                // Children of a split or merge start where their parents ended: read them from the beginning.
                addShards(seen, active, Start.TRIM_HORIZON);
            }
            if (anyData) {
                lastRecordAt = System.nanoTime();
            } else if (stop.untilIdle() != null && System.nanoTime() - lastRecordAt >= stop.untilIdle().toNanos()) {
                return totalsSoFar("idle");
            }
            if (!anyData && !active.isEmpty()) {
                // Following: wait for new data. Not following: shards still behind the tip gave nothing this round
                // (the service may answer empty while catching up); a short pause keeps us under its call limits.
                Thread.sleep(stop.follow() ? idlePoll.toMillis() : Math.min(200, idlePoll.toMillis()));
            }
        }
        return totalsSoFar(endedBy);
    }

    /** Hands out a Kinesis record's user records; false once {@code maxRecords} are out. */
    private boolean emit(Sink sink, String shardId, Record r) throws IOException {
        byte[] data = r.data().asByteArrayUnsafe();
        Instant arrival = r.approximateArrivalTimestamp();
        List<KinesisRecord> subs = KplFormat.decode(data).orElse(null);
        int n = 0;
        if (subs != null) {
            for (KinesisRecord s : subs) {
                if (!hand(sink, new UserRecord(shardId, r.sequenceNumber(), n++, s.partitionKey(), s.explicitHashKey(),
                        arrival, s.data()))) {
                    return false;
                }
            }
        } else if (delimiter != null) {
            for (byte[] part : Delimited.split(data, delimiter)) {
                if (!hand(sink, new UserRecord(shardId, r.sequenceNumber(), n++, r.partitionKey(), null, arrival,
                        part))) {
                    return false;
                }
            }
        } else {
            n = 1;
            if (!hand(sink, new UserRecord(shardId, r.sequenceNumber(), 0, r.partitionKey(), null, arrival, data))) {
                return false;
            }
        }
        sink.kinesisRecord(shardId, n);
        return true;
    }

    private boolean hand(Sink sink, UserRecord u) throws IOException {
        if (stop.maxRecords() > 0 && userRecords.get() >= stop.maxRecords()) {
            return false;
        }
        sink.accept(u);
        long n = userRecords.incrementAndGet();
        bytes.addAndGet(u.data().length);
        return stop.maxRecords() == 0 || n < stop.maxRecords();
    }

    private GetRecordsResponse getRecords(String shardId, Position pos) throws InterruptedException {
        try {
            return client.getRecords(b -> b.shardIterator(pos.iterator).limit(BATCH_LIMIT));
        } catch (ProvisionedThroughputExceededException e) {
            Thread.sleep(THROTTLE_BACKOFF.toMillis());
            return null;
        } catch (ExpiredIteratorException e) {
            // Iterators live 5 minutes; resume right after the last record handed out.
            pos.iterator = pos.lastSequence == null ? iterator(shardId, start)
                    : iterator(shardId, new Start(ShardIteratorType.AFTER_SEQUENCE_NUMBER, null, pos.lastSequence));
            return null;
        } catch (SdkException e) {
            throw new CallFailed("GetRecords", e);
        }
    }

    /**
     * Adds the shards not seen yet. From a sequence number only the shard that holds it is read (a sequence number
     * belongs to one shard); the others are marked as seen.
     */
    private void addShards(Set<String> seen, Map<String, Position> active, Start from) {
        List<Shard> shards = listShards();
        for (Shard s : shards) {
            if (!seen.add(s.shardId())) {
                continue;
            }
            if (from.type() == ShardIteratorType.AT_SEQUENCE_NUMBER) {
                String it = iteratorIfHeld(s.shardId(), from);
                if (it != null) {
                    Position p = new Position();
                    p.iterator = it;
                    active.put(s.shardId(), p);
                }
                continue;
            }
            Position p = new Position();
            p.iterator = iterator(s.shardId(), from);
            active.put(s.shardId(), p);
        }
        if (from.type() == ShardIteratorType.AT_SEQUENCE_NUMBER && active.isEmpty()) {
            throw new CliException("no shard of stream '" + stream + "' holds sequence number "
                    + from.sequenceNumber() + " (it may have expired with the retention period)");
        }
    }

    private String iteratorIfHeld(String shardId, Start from) {
        try {
            return client.getShardIterator(request(shardId, from)).shardIterator();
        } catch (InvalidArgumentException e) {
            return null; // another shard's sequence number
        } catch (SdkException e) {
            throw new CallFailed("GetShardIterator", e);
        }
    }

    private String iterator(String shardId, Start from) {
        try {
            return client.getShardIterator(request(shardId, from)).shardIterator();
        } catch (SdkException e) {
            throw new CallFailed("GetShardIterator", e);
        }
    }

    private GetShardIteratorRequest request(String shardId, Start from) {
        return GetShardIteratorRequest.builder().streamName(stream).shardId(shardId).shardIteratorType(from.type())
                .timestamp(from.timestamp()).startingSequenceNumber(from.sequenceNumber()).build();
    }

    private List<Shard> listShards() {
        try {
            return new StreamAdmin(client).listShards(stream); // every page, sorted by shard id
        } catch (SdkException e) {
            throw new CallFailed("ListShards", e);
        }
    }
}
