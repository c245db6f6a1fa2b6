package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.Clock;
import io.github.kinesisproducer.IncompatibleStreamException;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.ProducerListener;
import io.github.kinesisproducer.internal.protocol.KinesisTransport;
import io.github.kinesisproducer.internal.protocol.PutRecordsRequest;
import io.github.kinesisproducer.internal.protocol.PutRecordsResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;

/**
 * The producer's engine, for every stream it writes to. All state below the "sender thread only" line belongs to one
 * thread, which calls {@link #runOnce}: take records in and hand each to its stream's {@link StreamLane} (made on
 * the stream's first record), let every lane aggregate, seal and retry, give the lanes turns at the shared
 * {@code kinesis_concurrency} (one PutRecords call per lane per turn, never mixing streams; on a producer for
 * several streams one stream has at most all but one of the calls in flight), and hand results back to the lane that made the
 * call. Lanes of streams idle for {@code stream_idle_timeout} are dropped. Other threads only
 * enqueue: callers put records and flush markers in the inbox, transport threads put results in the event queue.
 * Unit tests call {@code runOnce} with a manual clock.
 */
public final class Engine {
    /** A flush (of one stream, or of all when {@code stream} is null) or close request, in order with the records. */
    record Marker(CompletableFuture<Void> flushed, boolean close, String stream) {
        Marker(CompletableFuture<Void> flushed, boolean close) {
            this(flushed, close, null);
        }
    }

    private record InFlight(StreamLane lane, List<OutRecord> records, long startNanos, long startWallMillis) {
    }

    /**
     * While shards are held back by their rate limits, build the next call only this much later. Tokens accumulate
     * meanwhile, so each call carries several Kinesis records: without it every wake-up made a call of one
     * aggregate, and a PutRecords call has a high fixed CPU cost in the SDK (milliseconds until its code is hot).
     */
    static final long RATE_LIMITED_POLL_NANOS = 100_000_000L;

    private final ProducerConfig config;
    private final KinesisTransport transport;
    private final Clock clock;
    private final StreamDirectory streams;
    private final EngineContext ctx;
    private final long idleNanos;
    /** Records and markers from callers. */
    private final Inbox inbox = new Inbox();
    /** Results from transport threads, run on the sender thread. */
    private final ConcurrentLinkedQueue<Runnable> events = new ConcurrentLinkedQueue<>();
    /** PutRecords calls in flight, for every stream. */
    private volatile int inFlightGauge;

    // ---- sender thread only ----
    private final Map<StreamHandle, StreamLane> lanes = new HashMap<>();
    /** The lanes in the order they get turns at sending. */
    private final List<StreamLane> order = new ArrayList<>();
    /** The default stream's lane: made at start (its shard map is loaded before the first record), never dropped. */
    private final StreamLane defaultLane;
    private int turn;
    private int inFlight;
    private boolean closing;
    private boolean terminated;

    public Engine(ProducerConfig config, KinesisTransport transport, Clock clock, MemoryPool pool,
            StreamDirectory streams, Executor callbackExecutor, DoubleSupplier random, Runnable wakeup) {
        this(config, transport, clock, pool, streams, callbackExecutor, random, wakeup, ProducerListener.NONE);
    }

    public Engine(ProducerConfig config, KinesisTransport transport, Clock clock, MemoryPool pool,
            StreamDirectory streams, Executor callbackExecutor, DoubleSupplier random, Runnable wakeup,
            ProducerListener listener) {
        this.config = config;
        this.transport = transport;
        this.clock = clock;
        this.streams = streams;
        this.idleNanos = config.streamIdleTimeout().toNanos();
        this.ctx = new EngineContext(config, transport, clock, events, wakeup, new Listeners(listener),
                new Outcomes(pool, callbackExecutor), new RetryPolicy(config, random));
        StreamHandle d = streams.defaultStream();
        this.defaultLane = d == null ? null : lane(d, clock.nanoTime());
    }

    /** Caller threads: hand a record or marker to the engine (the caller decides whether to wake the sender). */
    void offer(Object recordOrMarker) {
        inbox.offer(recordOrMarker);
    }

    /** Records and markers offered and not yet taken in. */
    long inboxCount() {
        return inbox.count();
    }

    /** The default stream's record size limit (tests). */
    RecordSizeLimit recordSizeLimit() {
        return streams.defaultStream().sizeLimit;
    }

    /** Non-null once a strict-ordering producer found its default stream placing records itself (tests). */
    IncompatibleStreamException refusal() {
        return defaultLane == null ? null : defaultLane.refusal();
    }

    /** True if records, markers or results wait to be processed. */
    boolean hasPendingInput() {
        return !inbox.isEmpty() || !events.isEmpty();
    }

    /** PutRecords calls in flight now, for every stream. */
    int inFlightRequests() {
        return inFlightGauge;
    }

    /** Streams with a lane now (tests). */
    int lanes() {
        return order.size();
    }

    /**
     * One pass of the engine.
     *
     * @return when the next pass is due (nanos on the engine's clock), or {@code Long.MAX_VALUE} to wait for input
     */
    public long runOnce(long nowNanos) {
        Runnable event;
        while ((event = events.poll()) != null) {
            event.run();
        }
        drainInbox(nowNanos);
        // Only the lanes that got something, or whose own next deadline has come, take part: a pass costs what its
        // streams need, not the number of streams.
        for (StreamLane lane : order) {
            if (lane.dirty || lane.wakeAtNanos <= nowNanos) {
                lane.touched = true;
                lane.dirty = false;
                lane.poll(nowNanos, closing);
            }
        }
        sendReady(nowNanos);
        for (StreamLane lane : order) {
            if (lane.touched) {
                lane.afterSend(nowNanos);
            }
        }
        ctx.outcomes().dispatch();
        if (closing && isIdle()) {
            terminated = true;
            return Long.MAX_VALUE;
        }
        return nextWake(nowNanos);
    }

    /** True once a close finished draining (or was aborted) and the sender loop may end. */
    public boolean terminated() {
        return terminated;
    }

    /** Fails every record still held, with the given reason (deadline-bounded close, or an engine crash). */
    public void abortAll(RuntimeException reason) {
        drainInbox(clock.nanoTime());
        for (StreamLane lane : order) {
            lane.abort(reason);
        }
        inFlight = 0;
        inFlightGauge = 0;
        ctx.outcomes().dispatch();
        terminated = true;
    }

    private StreamLane lane(StreamHandle handle, long nowNanos) {
        StreamLane lane = lanes.get(handle);
        if (lane == null) {
            lane = new StreamLane(ctx, handle, nowNanos);
            lanes.put(handle, lane);
            order.add(lane);
        }
        return lane;
    }

    private void drainInbox(long nowNanos) {
        int n = 0;
        Object o;
        while ((o = inbox.poll()) != null) {
            n++;
            if (o instanceof PendingRecord r) {
                lane(r.stream != null ? r.stream : streams.defaultStream(), nowNanos).accept(r, nowNanos);
            } else {
                Marker m = (Marker) o;
                if (m.flushed() != null) {
                    flush(m);
                }
                if (m.close()) {
                    closing = true;
                    order.forEach(lane -> lane.dirty = true); // every lane drains now
                }
            }
        }
        inbox.taken(n);
    }

    /** A flush of one stream goes to its lane; a flush of all completes once every lane's flush has. */
    private void flush(Marker m) {
        if (m.stream() != null) {
            StreamHandle h = streams.get(m.stream());
            StreamLane lane = h == null ? null : lanes.get(h);
            if (lane == null) {
                ctx.outcomes().flushDone(m.flushed()); // nothing was sent to it, or it is long done
            } else {
                lane.flush(m.flushed());
            }
            return;
        }
        if (order.isEmpty()) {
            ctx.outcomes().flushDone(m.flushed());
            return;
        }
        CompletableFuture<?>[] each = new CompletableFuture<?>[order.size()];
        for (int i = 0; i < each.length; i++) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            each[i] = f;
            order.get(i).flush(f);
        }
        // The lanes' flushes complete on the callback executor after their records; the last one completes this.
        CompletableFuture<?> unused = CompletableFuture.allOf(each).whenComplete((v, e) -> m.flushed().complete(null));
    }

    /**
     * The calls one stream may have in flight: all of {@code kinesis_concurrency} on a producer with a default stream
     * that wrote to no other, one less on a producer for several streams (built without a default stream, or once it
     * wrote to a second one), so that a stream whose calls hang (until {@code request_timeout}) never takes every
     * slot from the others.
     */
    private int perLaneConcurrency() {
        boolean several = defaultLane == null || streams.several();
        return several && config.maxConcurrency() > 1 ? config.maxConcurrency() - 1 : config.maxConcurrency();
    }

    /** Gives lanes with a call due turns, one call per lane per round, while calls may be added. */
    private void sendReady(long nowNanos) {
        int lanesNow = order.size();
        int perLane = perLaneConcurrency();
        boolean[] done = new boolean[lanesNow];
        boolean progress = true;
        while (progress && inFlight < config.maxConcurrency()) {
            progress = false;
            int first = turn;
            for (int i = 0; i < lanesNow && inFlight < config.maxConcurrency(); i++) {
                int k = (first + i) % lanesNow;
                StreamLane lane = order.get(k);
                if (done[k] || !lane.hasReady() || lane.inFlight() >= perLane) {
                    continue;
                }
                List<OutRecord> batch = lane.takeRequest(nowNanos, closing);
                lane.touched = true; // its limits may have changed: its next wake is computed again
                if (batch.isEmpty()) {
                    done[k] = true;
                    continue;
                }
                send(lane, batch, nowNanos);
                lane.touched = true;
                progress = true;
                turn = (k + 1) % lanesNow; // the next call, in this pass or a later one, is the next lane's turn
            }
        }
    }

    private void send(StreamLane lane, List<OutRecord> batch, long nowNanos) {
        PutRecordsRequest request = lane.request(batch);
        InFlight call = new InFlight(lane, batch, nowNanos, clock.wallMillis());
        inFlight++;
        inFlightGauge = inFlight;
        // The callback only queues the result for the sender thread; nothing waits on the future it returns.
        CompletableFuture<?> unused = transport.putRecords(request).whenComplete((response, error) ->
                ctx.post(() -> onResult(call, response, error)));
    }

    private void onResult(InFlight call, PutRecordsResponse response, Throwable error) {
        if (terminated) {
            return; // aborted: its records were failed already
        }
        inFlight--;
        inFlightGauge = inFlight;
        call.lane().onResult(call.records(), call.startNanos(), call.startWallMillis(), response, error);
    }

    private boolean isIdle() {
        if (!inbox.isEmpty() || inFlight > 0) {
            return false;
        }
        for (StreamLane lane : order) {
            if (!lane.isIdle()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The next pass: the earliest of every lane's next deadline, computed again for the lanes of this pass (the
     * others' did not change). A lane of a stream other than the default one that has been idle for
     * {@code stream_idle_timeout} is dropped here (its handle, with the counters, stays).
     */
    private long nextWake(long now) {
        boolean slotFree = inFlight < config.maxConcurrency();
        int perLane = perLaneConcurrency();
        long next = Long.MAX_VALUE;
        for (int i = order.size() - 1; i >= 0; i--) {
            StreamLane lane = order.get(i);
            if (lane.touched) {
                lane.touched = false;
                if (lane != defaultLane && lane.idleFor(idleNanos, now)) {
                    order.remove(i);
                    lanes.remove(lane.handle);
                    lane.dropped();
                    continue;
                }
                long wake = lane.nextWake(now, closing, slotFree && lane.inFlight() < perLane);
                lane.wakeAtNanos = lane == defaultLane ? wake : Math.min(wake, lane.dropAtNanos(idleNanos));
            }
            next = Math.min(next, lane.wakeAtNanos);
        }
        return next;
    }
}
