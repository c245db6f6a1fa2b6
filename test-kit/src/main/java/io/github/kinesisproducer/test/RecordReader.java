package io.github.kinesisproducer.test;

import io.github.kinesisproducer.KinesisRecord;
import io.github.kinesisproducer.KplFormat;
import io.github.kinesisproducer.emulator.StoredRecord;
import io.github.kinesisproducer.emulator.StreamAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a stream of the local emulator back as user records: every shard from its oldest record, KPL aggregates
 * taken apart (with {@link KplFormat}, which accepts what the KCL accepts), plain records as they are.
 *
 * <p>Records whose future has completed before a read are in it. For records sent by code that does not expose the
 * futures, {@link #awaitRecords} polls until enough have arrived. Delimited records ({@code Aggregation.DELIMITED})
 * come back as the joined Kinesis records: split their data on your delimiter.
 */
public final class RecordReader {
    private static final Duration POLL = Duration.ofMillis(100);

    private final StreamAdmin admin;
    private final String stream;

    RecordReader(StreamAdmin admin, String stream) {
        this.admin = admin;
        this.stream = stream;
    }

    /** Every user record now in the stream: shard by shard (in shard id order), in sequence order within a shard. */
    public List<UserRecord> records() {
        List<UserRecord> out = new ArrayList<>();
        for (StoredRecord r : admin.readAll(stream)) {
            Optional<List<KinesisRecord>> aggregate = KplFormat.decode(r.data());
            if (aggregate.isEmpty()) {
                out.add(new UserRecord(r.shardId(), r.sequenceNumber(), 0, false, r.partitionKey(), null, r.data(),
                        r.approximateArrivalTimestamp()));
                continue;
            }
            long sub = 0;
            for (KinesisRecord u : aggregate.get()) {
                out.add(new UserRecord(r.shardId(), r.sequenceNumber(), sub++, true, u.partitionKey(),
                        u.explicitHashKey(), u.data(), r.approximateArrivalTimestamp()));
            }
        }
        return out;
    }

    /** {@link #records()} grouped by shard id, shards in id order; shards without records are left out. */
    public Map<String, List<UserRecord>> recordsByShard() {
        Map<String, List<UserRecord>> byShard = new LinkedHashMap<>();
        for (UserRecord r : records()) {
            byShard.computeIfAbsent(r.shardId(), s -> new ArrayList<>()).add(r);
        }
        return byShard;
    }

    /**
     * Reads until at least {@code count} user records are in the stream, every 100 ms.
     *
     * @return every record read (possibly more than {@code count})
     * @throws AssertionError if fewer arrived within {@code timeout}, saying how many did
     */
    public List<UserRecord> awaitRecords(int count, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<UserRecord> all = records();
            if (all.size() >= count) {
                return all;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("stream " + stream + " has " + all.size() + " user records after " + timeout
                        + ", expected at least " + count);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for records in " + stream, e);
            }
        }
    }

    /** The stream this reads. */
    public String streamName() {
        return stream;
    }
}
