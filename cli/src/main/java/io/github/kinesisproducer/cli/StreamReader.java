package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.internal.KplDecoder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads every shard of a stream (ListShards, GetShardIterator, then GetRecords round-robin over the shards) and
 * hands out user records, de-aggregating KPL aggregates.
 *
 * <p>Without follow it stops once every shard is caught up: an empty batch at the tip of the shard
 * ({@code millisBehindLatest == 0}), or the end of a closed shard. With follow it keeps polling, sleeping about a
 * second whenever a whole round found nothing (the service allows 5 GetRecords per second per shard), and picks up
 * the child shards of a resharding when their parent ends.
 */
final class StreamReader {
    private static final int BATCH_LIMIT = 10_000;
    private static final Duration THROTTLE_BACKOFF = Duration.ofSeconds(1);

    /** Receives each user record. */
    interface Sink {
        void accept(String shardId, String partitionKey, byte[] data) throws IOException;

        /** Called once per Kinesis record, after its user records. */
        default void kinesisRecord(String shardId, int userRecords) {
        }

        /** Called after each batch, e.g. to flush output while following. */
        default void batchDone() throws IOException {
        }
    }

    /** What was read. */
    record Totals(int shards, long kinesisRecords, long userRecords) {
    }

    private final KinesisClient client;
    private final String stream;
    private final ShardIteratorType start;
    private final boolean follow;
    private final Duration idlePoll;

    StreamReader(KinesisClient client, String stream, ShardIteratorType start, boolean follow, Duration idlePoll) {
        this.client = client;
        this.stream = stream;
        this.start = start;
        this.follow = follow;
        this.idlePoll = idlePoll;
    }

    /** Per-shard position: the iterator to use next and the last sequence number handed out. */
    private static final class Position {
        String iterator;
        String lastSequence;
    }

    Totals read(Sink sink) throws IOException, InterruptedException {
        Set<String> seen = new HashSet<>();
        Map<String, Position> active = new LinkedHashMap<>();
        addNewShards(seen, active, start);
        long kinesisRecords = 0;
        long userRecords = 0;
        while (!active.isEmpty()) {
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
                    kinesisRecords++;
                    userRecords += emit(sink, shardId, r);
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
                } else if (caughtUp && !follow) {
                    active.remove(shardId);
                }
            }
            if (follow && anyEnded) {
                // Children of a split or merge start where their parents ended: read them from the beginning.
                addNewShards(seen, active, ShardIteratorType.TRIM_HORIZON);
            }
            if (!anyData && !active.isEmpty()) {
                // Following: wait for new data. Not following: shards still behind the tip gave nothing this round
                // (the service may answer empty while catching up); a short pause keeps us under its call limits.
                Thread.sleep(follow ? idlePoll.toMillis() : Math.min(200, idlePoll.toMillis()));
            }
        }
        return new Totals(seen.size(), kinesisRecords, userRecords);
    }

    private int emit(Sink sink, String shardId, Record r) throws IOException {
        byte[] data = r.data().asByteArrayUnsafe();
        List<KplDecoder.SubRecord> subs = KplDecoder.decode(data);
        if (subs == null) {
            sink.accept(shardId, r.partitionKey(), data);
            sink.kinesisRecord(shardId, 1);
            return 1;
        }
        for (KplDecoder.SubRecord s : subs) {
            sink.accept(shardId, s.partitionKey(), s.data());
        }
        sink.kinesisRecord(shardId, subs.size());
        return subs.size();
    }

    private GetRecordsResponse getRecords(String shardId, Position pos) throws InterruptedException {
        try {
            return client.getRecords(b -> b.shardIterator(pos.iterator).limit(BATCH_LIMIT));
        } catch (ProvisionedThroughputExceededException e) {
            Thread.sleep(THROTTLE_BACKOFF.toMillis());
            return null;
        } catch (ExpiredIteratorException e) {
            // Iterators live 5 minutes; resume right after the last record handed out.
            pos.iterator = pos.lastSequence == null ? iterator(shardId, start, null)
                    : iterator(shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, pos.lastSequence);
            return null;
        }
    }

    private void addNewShards(Set<String> seen, Map<String, Position> active, ShardIteratorType type) {
        for (Shard s : listShards()) {
            if (seen.add(s.shardId())) {
                Position p = new Position();
                p.iterator = iterator(s.shardId(), type, null);
                active.put(s.shardId(), p);
            }
        }
    }

    private String iterator(String shardId, ShardIteratorType type, String sequence) {
        return client.getShardIterator(b -> b.streamName(stream).shardId(shardId).shardIteratorType(type)
                .startingSequenceNumber(sequence)).shardIterator();
    }

    private List<Shard> listShards() {
        List<Shard> shards = new ArrayList<>();
        ListShardsResponse page = client.listShards(b -> b.streamName(stream));
        shards.addAll(page.shards());
        while (page.nextToken() != null) {
            String token = page.nextToken();
            page = client.listShards(b -> b.nextToken(token));
            shards.addAll(page.shards());
        }
        shards.sort(java.util.Comparator.comparing(Shard::shardId));
        return shards;
    }
}
