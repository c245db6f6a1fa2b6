package io.github.kinesisproducer.emulator;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Stream set-up and inspection for tests, demos and benchmarks; every mutating call waits until the stream is
 * ACTIVE again, so callers never race the emulator's CREATING/UPDATING phases.
 *
 * <p>Resharding support in kinesalite 3.3.3 (checked in its source and by {@code EmulatorIT}): SplitShard and
 * MergeShards are implemented (parents are closed, children appear after {@code updateStreamMs}); UpdateShardCount
 * is not (the server answers 400 UnknownOperationException, surfaced here as UnsupportedOperationException).
 */
public final class StreamAdmin implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern NAME_CHARS = Pattern.compile("[a-zA-Z0-9_.-]*");
    private static final int UNIQUE_SUFFIX_LENGTH = 13; // "-" + 12 hex digits

    private final KinesisClient client;
    private final boolean ownsClient;

    /** Uses {@code client} without taking ownership: {@link #close()} leaves it open. */
    public StreamAdmin(KinesisClient client) {
        this(client, false);
    }

    private StreamAdmin(KinesisClient client, boolean ownsClient) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
    }

    /** An admin with its own {@link EmulatorClients#syncClient} for {@code endpoint}, closed by {@link #close()}. */
    public static StreamAdmin forEndpoint(URI endpoint) {
        return new StreamAdmin(EmulatorClients.syncClient(endpoint), true);
    }

    public KinesisClient client() {
        return client;
    }

    /** {@code prefix-<12 random hex digits>}, so tests sharing one emulator never collide. */
    public static String uniqueStreamName(String prefix) {
        String p = prefix == null || prefix.isEmpty() ? "stream" : prefix;
        if (!NAME_CHARS.matcher(p).matches() || p.length() > 128 - UNIQUE_SUFFIX_LENGTH) {
            throw new IllegalArgumentException("stream name prefix must match [a-zA-Z0-9_.-]{1,115}: " + prefix);
        }
        return p + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public void createStream(String name, int shardCount) {
        client.createStream(b -> b.streamName(name).shardCount(shardCount));
        waitUntilActive(name);
    }

    /** Polls DescribeStreamSummary every 50 ms (the SDK waiter polls every 10 s) for up to 30 s. */
    public void waitUntilActive(String name) {
        long deadline = System.nanoTime() + STATE_TIMEOUT.toNanos();
        StreamStatus status;
        while ((status = client.describeStreamSummary(b -> b.streamName(name))
                .streamDescriptionSummary().streamStatus()) != StreamStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stream " + name + " still " + status + " after " + STATE_TIMEOUT);
            }
            sleep(POLL);
        }
    }

    /** Every shard, open and closed, sorted by shard id (= creation order), following NextToken pages. */
    public List<Shard> listShards(String name) {
        List<Shard> shards = new ArrayList<>();
        ListShardsResponse page = client.listShards(b -> b.streamName(name));
        shards.addAll(page.shards());
        while (page.nextToken() != null) {
            String token = page.nextToken();
            page = client.listShards(b -> b.nextToken(token));
            shards.addAll(page.shards());
        }
        shards.sort(Comparator.comparing(Shard::shardId));
        return shards;
    }

    /** Shards that still accept records (no ending sequence number). */
    public List<Shard> openShards(String name) {
        return listShards(name).stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null).toList();
    }

    /**
     * Every record of every shard from TRIM_HORIZON, in shard-id order, then sequence order within a shard.
     *
     * <p>A shard is read until it is caught up (an empty batch with millisBehindLatest 0) or closed and exhausted
     * (no next iterator). Only records acknowledged before the call are guaranteed to be included.
     */
    public List<StoredRecord> readAll(String name) {
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        List<StoredRecord> all = new ArrayList<>();
        for (Shard shard : listShards(name)) {
            String shardId = shard.shardId();
            String iterator = client.getShardIterator(b -> b.streamName(name).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + name + " took longer than " + READ_TIMEOUT);
                }
                String current = iterator;
                GetRecordsResponse batch = client.getRecords(b -> b.shardIterator(current).limit(10_000));
                for (Record r : batch.records()) {
                    all.add(new StoredRecord(shardId, r.sequenceNumber(), r.partitionKey(),
                            r.data().asByteArrayUnsafe(), r.approximateArrivalTimestamp()));
                }
                boolean caughtUp = batch.records().isEmpty() && Long.valueOf(0).equals(batch.millisBehindLatest());
                iterator = caughtUp ? null : batch.nextShardIterator();
            }
        }
        return all;
    }

    /** Splits {@code shardId} at {@code newStartingHashKey} and waits until the stream is ACTIVE. */
    public void splitShard(String name, String shardId, BigInteger newStartingHashKey) {
        client.splitShard(b -> b.streamName(name).shardToSplit(shardId)
                .newStartingHashKey(newStartingHashKey.toString()));
        waitUntilActive(name);
    }

    /** Splits {@code shardId} into two halves of its hash-key range (as the console does). */
    public void splitShard(String name, String shardId) {
        Shard shard = listShards(name).stream().filter(s -> s.shardId().equals(shardId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no shard " + shardId + " in " + name));
        BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
        BigInteger end = new BigInteger(shard.hashKeyRange().endingHashKey());
        splitShard(name, shardId, start.add(end.subtract(start).add(BigInteger.ONE).shiftRight(1)));
    }

    /** Merges two adjacent open shards and waits until the stream is ACTIVE. */
    public void mergeShards(String name, String shardId, String adjacentShardId) {
        client.mergeShards(b -> b.streamName(name).shardToMerge(shardId).adjacentShardToMerge(adjacentShardId));
        waitUntilActive(name);
    }

    /**
     * UpdateShardCount (uniform scaling), then waits until ACTIVE. Works on AWS and kinesis-mock.
     *
     * @throws UnsupportedOperationException against kinesalite 3.3.3, which does not implement the operation;
     *                                       use {@link #splitShard} / {@link #mergeShards} there
     */
    public void updateShardCount(String name, int targetShardCount) {
        try {
            client.updateShardCount(b -> b.streamName(name).targetShardCount(targetShardCount)
                    .scalingType(ScalingType.UNIFORM_SCALING));
        } catch (KinesisException e) {
            if (e.awsErrorDetails() != null && "UnknownOperationException".equals(e.awsErrorDetails().errorCode())) {
                throw new UnsupportedOperationException("this endpoint (kinesalite 3.3.3?) does not implement "
                        + "UpdateShardCount; use splitShard/mergeShards", e);
            }
            throw e;
        }
        waitUntilActive(name);
    }

    /** Deletes the stream and waits (up to 30 s) until it is gone, so its shards no longer count to the limit. */
    public void deleteStream(String name) {
        client.deleteStream(b -> b.streamName(name));
        long deadline = System.nanoTime() + STATE_TIMEOUT.toNanos();
        while (true) {
            try {
                client.describeStreamSummary(b -> b.streamName(name));
            } catch (ResourceNotFoundException gone) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stream " + name + " not deleted after " + STATE_TIMEOUT);
            }
            sleep(POLL);
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
