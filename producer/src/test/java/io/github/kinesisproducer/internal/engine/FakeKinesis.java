package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.internal.protocol.KinesisTransport;
import io.github.kinesisproducer.internal.protocol.ListedShard;
import io.github.kinesisproducer.internal.protocol.PutRecordsRequest;
import io.github.kinesisproducer.internal.protocol.PutRecordsResponse;
import io.github.kinesisproducer.internal.protocol.StreamSummary;
import io.github.kinesisproducer.internal.shards.HashKey;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * A small in-memory Kinesis behind the transport seam: shards with hash ranges, stored records with sequence
 * numbers, and scripted faults. Thread-safe enough for the producer's threads (everything synchronized).
 */
public class FakeKinesis implements KinesisTransport {
    /** A record as stored. */
    public record Stored(String shardId, String sequenceNumber, String partitionKey, String explicitHashKey,
            byte[] data) {
    }

    private final List<ListedShard> shards = new ArrayList<>();
    private final List<Stored> stored = new ArrayList<>();
    private final List<PutRecordsRequest> requests = new ArrayList<>();
    private final ArrayDeque<Throwable> requestFailures = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Void>> held = new ArrayDeque<>();
    private final Map<String, Integer> perKeyCalls = new ConcurrentHashMap<>();
    private BiFunction<PutRecordsRequest.Entry, Integer, String> recordError = (e, n) -> null;
    private Throwable listShardsFailure;
    private RuntimeException listShardsThrows;
    private boolean hangListShards;
    private boolean hold;
    private long sequence;
    private int inFlight;
    private int maxInFlight;
    private boolean closed;
    /** What DescribeStreamSummary reports (null: no RecordDistributionStrategy field). */
    private String reportedStrategy = "USER_PARTITION_KEY";
    private Integer reportedMaxRecordSizeKiB;
    private Throwable describeFailure;
    private boolean hangDescribe;
    private final List<CompletableFuture<StreamSummary>> pendingDescribe = new ArrayList<>();
    private int describeCalls;
    private int listShardsCalls;
    /** Kinesis places records itself (AUTO): on a pseudo-random open shard, whatever their keys. */
    private java.util.Random servicePlacement;

    public FakeKinesis(int shardCount) {
        BigInteger max = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        BigInteger step = BigInteger.ONE.shiftLeft(128).divide(BigInteger.valueOf(shardCount));
        for (int i = 0; i < shardCount; i++) {
            BigInteger start = step.multiply(BigInteger.valueOf(i));
            BigInteger end = i == shardCount - 1 ? max : start.add(step).subtract(BigInteger.ONE);
            shards.add(shard(String.format("shardId-%012d", i), start, end, null));
        }
    }

    private static ListedShard shard(String id, BigInteger start, BigInteger end, String endingSeq) {
        return new ListedShard(id, start.toString(), end.toString(), null, null, endingSeq == null);
    }

    /**
     * How the fake places records from now on: by key, or (AUTO) itself on a random open shard (seeded, so tests are
     * repeatable). What DescribeStreamSummary reports is set apart ({@link #reportStrategy}), so a lagging or denied
     * summary can be played too.
     */
    public synchronized FakeKinesis placeRecordsItself(boolean on, long seed) {
        servicePlacement = on ? new java.util.Random(seed) : null;
        return this;
    }

    /** Both at once: AUTO placement and an AUTO summary, or back to USER_PARTITION_KEY. */
    public synchronized FakeKinesis auto(boolean on) {
        placeRecordsItself(on, 42);
        reportedStrategy = on ? "AUTO" : "USER_PARTITION_KEY";
        return this;
    }

    public synchronized FakeKinesis reportStrategy(String strategy) {
        reportedStrategy = strategy;
        return this;
    }

    public synchronized FakeKinesis reportMaxRecordSizeKiB(Integer kib) {
        reportedMaxRecordSizeKiB = kib;
        return this;
    }

    /** DescribeStreamSummary fails with this (null: answers again). */
    public synchronized FakeKinesis failDescribe(Throwable t) {
        describeFailure = t;
        return this;
    }

    /** DescribeStreamSummary calls do not answer until {@link #answerDescribe()} (a timeout, seen from the engine). */
    public synchronized FakeKinesis hangDescribe() {
        hangDescribe = true;
        return this;
    }

    /** Fails every held DescribeStreamSummary call with {@code error} and stops holding them. */
    public void answerDescribe(Throwable error) {
        List<CompletableFuture<StreamSummary>> toAnswer;
        synchronized (this) {
            hangDescribe = false;
            toAnswer = new ArrayList<>(pendingDescribe);
            pendingDescribe.clear();
        }
        toAnswer.forEach(f -> f.completeExceptionally(error));
    }

    public synchronized int describeCalls() {
        return describeCalls;
    }

    public synchronized int listShardsCalls() {
        return listShardsCalls;
    }

    @Override
    public synchronized CompletableFuture<StreamSummary> describeStreamSummary(String streamName) {
        describeCalls++;
        if (hangDescribe) {
            CompletableFuture<StreamSummary> f = new CompletableFuture<>();
            pendingDescribe.add(f);
            return f;
        }
        if (describeFailure != null) {
            return CompletableFuture.failedFuture(describeFailure);
        }
        return CompletableFuture.completedFuture(new StreamSummary(streamName, null, "ACTIVE", null, null,
                reportedStrategy, reportedMaxRecordSizeKiB));
    }

    /** Fail the next PutRecords calls (one per queued error) with these exceptions. */
    public synchronized FakeKinesis failNextRequests(Throwable... errors) {
        Collections.addAll(requestFailures, errors);
        return this;
    }

    /** Per-record error codes: given the entry and how often its partition key was seen before, null for success. */
    public synchronized FakeKinesis recordErrors(BiFunction<PutRecordsRequest.Entry, Integer, String> f) {
        this.recordError = f;
        return this;
    }

    /** ListShards calls never answer (a slow control plane). */
    private final List<CompletableFuture<List<ListedShard>>> pendingListShards = new ArrayList<>();

    /** Answers the ListShards calls {@link #hangListShards} held, and every later one (a slow first call). */
    public void answerListShards() {
        List<CompletableFuture<List<ListedShard>>> toAnswer;
        List<ListedShard> now;
        synchronized (this) {
            hangListShards = false;
            toAnswer = new ArrayList<>(pendingListShards);
            pendingListShards.clear();
            now = List.copyOf(shards);
        }
        toAnswer.forEach(f -> f.complete(now));
    }

    public synchronized FakeKinesis hangListShards() {
        this.hangListShards = true;
        return this;
    }

    /** listShards throws instead of returning a failed future, as a credentials provider inside a client may. */
    public synchronized FakeKinesis throwFromListShards(RuntimeException e) {
        this.listShardsThrows = e;
        return this;
    }

    public synchronized FakeKinesis failListShards(Throwable t) {
        this.listShardsFailure = t;
        return this;
    }

    /** While held, PutRecords calls do not complete until {@link #release()}. */
    public synchronized FakeKinesis hold(boolean on) {
        this.hold = on;
        return this;
    }

    /** Completes every held call. */
    public void release() {
        List<CompletableFuture<Void>> toRun;
        synchronized (this) {
            toRun = new ArrayList<>(held);
            held.clear();
        }
        toRun.forEach(f -> f.complete(null));
    }

    /** Splits one open shard into two halves at its midpoint; returns the children's ids. */
    public synchronized List<String> split(String shardId) {
        for (int i = 0; i < shards.size(); i++) {
            ListedShard s = shards.get(i);
            if (s.shardId().equals(shardId) && s.open()) {
                BigInteger start = new BigInteger(s.startingHashKey());
                BigInteger end = new BigInteger(s.endingHashKey());
                BigInteger mid = start.add(end).shiftRight(1);
                shards.set(i, shard(s.shardId(), start, end, "999"));
                String a = shardId + "-a";
                String b = shardId + "-b";
                shards.add(shard(a, start, mid, null));
                shards.add(shard(b, mid.add(BigInteger.ONE), end, null));
                return List.of(a, b);
            }
        }
        throw new IllegalArgumentException("no open shard " + shardId);
    }

    @Override
    public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
        CompletableFuture<Void> gate;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("transport closed"));
            }
            requests.add(request);
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            gate = new CompletableFuture<>();
            if (hold) {
                held.add(gate);
            } else {
                gate.complete(null);
            }
        }
        return gate.thenApply(v -> answer(request));
    }

    private synchronized PutRecordsResponse answer(PutRecordsRequest request) {
        inFlight--;
        Throwable failure = requestFailures.poll();
        if (failure != null) {
            throw new java.util.concurrent.CompletionException(failure);
        }
        List<PutRecordsResponse.Result> results = new ArrayList<>();
        int failed = 0;
        for (PutRecordsRequest.Entry e : request.records()) {
            int seen = perKeyCalls.merge(e.partitionKey() + "|" + java.util.Arrays.hashCode(e.data()), 1, Integer::sum) - 1;
            String code = recordError.apply(e, seen);
            if (code != null) {
                failed++;
                results.add(PutRecordsResponse.Result.failed(code, "injected " + code));
                continue;
            }
            ListedShard shard;
            if (servicePlacement != null) {
                List<ListedShard> open = shards.stream().filter(ListedShard::open).toList();
                shard = open.get(servicePlacement.nextInt(open.size()));
            } else {
                if (e.partitionKey() == null) {
                    failed++;
                    results.add(PutRecordsResponse.Result.failed("InvalidArgumentException", "PartitionKey is required"));
                    continue;
                }
                HashKey key = e.explicitHashKey() != null ? HashKey.parseDecimal(e.explicitHashKey())
                        : HashKey.ofPartitionKey(e.partitionKey());
                shard = openShardFor(key.toBigInteger());
            }
            String seq = Long.toString(++sequence);
            stored.add(new Stored(shard.shardId(), seq, e.partitionKey(), e.explicitHashKey(), e.data().clone()));
            results.add(PutRecordsResponse.Result.stored(shard.shardId(), seq));
        }
        return new PutRecordsResponse(results, failed);
    }

    private ListedShard openShardFor(BigInteger key) {
        for (ListedShard s : shards) {
            if (s.open() && new BigInteger(s.startingHashKey()).compareTo(key) <= 0
                    && new BigInteger(s.endingHashKey()).compareTo(key) >= 0) {
                return s;
            }
        }
        throw new IllegalStateException("no open shard for " + key);
    }

    @Override
    public synchronized CompletableFuture<List<ListedShard>> listShards(String streamName) {
        listShardsCalls++;
        if (listShardsThrows != null) {
            throw listShardsThrows;
        }
        if (hangListShards) {
            CompletableFuture<List<ListedShard>> f = new CompletableFuture<>();
            pendingListShards.add(f);
            return f;
        }
        if (listShardsFailure != null) {
            return CompletableFuture.failedFuture(listShardsFailure);
        }
        return CompletableFuture.completedFuture(List.copyOf(shards));
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    public synchronized List<Stored> stored() {
        return List.copyOf(stored);
    }

    public synchronized List<PutRecordsRequest> requests() {
        return List.copyOf(requests);
    }

    public synchronized int maxInFlight() {
        return maxInFlight;
    }

    public synchronized boolean isClosed() {
        return closed;
    }
}
