package io.github.kinesisproducer.faults;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Makes kinesalite (which never throttles) behave like a throttling Kinesis, <em>honestly</em>: a record the
 * producer is told was throttled is never stored, exactly as on the real service. So a read-back can demand
 * "every record exactly once" and in order, instead of excusing the duplicates a response-only rewrite would cause
 * (local-emulator.md §5.2: the emulator has stored records whose response entry was rewritten).
 *
 * <ul>
 *   <li><b>Per-record throttling</b> (probability p per entry): {@code modifyRequest} removes the chosen entries
 *       from the PutRecords request before it is marshalled, and {@code modifyResponse} puts a
 *       {@code ProvisionedThroughputExceededException} entry back at each of their positions and fixes
 *       {@code FailedRecordCount}. If every entry of a call is chosen, the call is redirected to a decoy stream
 *       (kinesalite rejects an empty PutRecords) and all its entries are rewritten as throttled.</li>
 *   <li><b>Whole-request throttling</b>: the call is redirected to the decoy stream, then its HTTP response is
 *       turned into what Kinesis sends: status 400, {@code x-amzn-ErrorType: ProvisionedThroughputExceededException}
 *       and a JSON body {@code {"__type":"ProvisionedThroughputExceededException","message":...}}. The SDK then
 *       raises a real {@code ProvisionedThroughputExceededException} through its normal error unmarshalling.</li>
 * </ul>
 *
 * Only PutRecords calls to the target stream are touched; ListShards and everything else pass through. Counters
 * count injections that reached the producer (a call that failed for another reason is not counted).
 */
final class ThrottleInjector implements ExecutionInterceptor {
    static final String PTEE = "ProvisionedThroughputExceededException";
    private static final ExecutionAttribute<Plan> PLAN = new ExecutionAttribute<>("kinesis-producer-fault-suite-plan");
    private static final byte[] BODY = ("{\"__type\":\"" + PTEE + "\",\"message\":\"Rate exceeded for stream "
            + "(whole request throttled by the fault suite)\"}").getBytes(StandardCharsets.UTF_8);

    private enum Kind { SOME_ENTRIES, ALL_ENTRIES, WHOLE_REQUEST }

    private static final class Plan {
        final Kind kind;
        final boolean[] throttled;
        final int throttledCount;
        volatile boolean rewritten;

        Plan(Kind kind, boolean[] throttled, int throttledCount) {
            this.kind = kind;
            this.throttled = throttled;
            this.throttledCount = throttledCount;
        }
    }

    private final String targetStream;
    private final String decoyStream;
    private final Random random;
    private volatile double perRecordProbability;
    private volatile boolean wholeRequests;

    final AtomicLong putCalls = new AtomicLong();
    final AtomicLong entriesSeen = new AtomicLong();
    /** Entries answered with a per-record ProvisionedThroughputExceededException. */
    final AtomicLong throttledEntries = new AtomicLong();
    /** Calls answered with a request-level 400 ProvisionedThroughputExceededException. */
    final AtomicLong throttledRequests = new AtomicLong();
    /** Entries carried by those calls (each counts as one throttled Kinesis record for the producer). */
    final AtomicLong throttledRequestEntries = new AtomicLong();
    /** Calls redirected to the decoy stream (whole-request throttles and all-entries-throttled calls). */
    final AtomicLong decoyCalls = new AtomicLong();

    /** An SDK client for the shared emulator with this injector installed and the SDK's own retries off. */
    software.amazon.awssdk.services.kinesis.KinesisAsyncClient client() {
        return io.github.kinesisproducer.emulator.EmulatorClients
                .asyncClientBuilder(io.github.kinesisproducer.testing.KinesaliteExtension.endpoint())
                .overrideConfiguration(o -> o.addExecutionInterceptor(this)
                        .retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(java.time.Duration.ofSeconds(6)))
                .build();
    }

    /**
     * The throttling script both throttling tests use: half the records from now, every whole request between
     * {@code wholeFromMs} and {@code wholeToMs}, nothing from {@code endMs} on.
     */
    void script(java.util.concurrent.ScheduledExecutorService faults, long wholeFromMs, long wholeToMs, long endMs) {
        perRecord(0.5);
        faults.schedule(() -> wholeRequests(true), wholeFromMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        faults.schedule(() -> wholeRequests(false), wholeToMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        faults.schedule(() -> perRecord(0), endMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    ThrottleInjector(String targetStream, String decoyStream, long seed) {
        this.targetStream = targetStream;
        this.decoyStream = decoyStream;
        this.random = new Random(seed);
    }

    /** Throttle each PutRecords entry with this probability from now on (0 = off). */
    void perRecord(double probability) {
        this.perRecordProbability = probability;
    }

    /** Throttle every PutRecords call as a whole while on. */
    void wholeRequests(boolean on) {
        this.wholeRequests = on;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof PutRecordsRequest request) || !targetStream.equals(request.streamName())) {
            return context.request();
        }
        putCalls.incrementAndGet();
        int n = request.records().size();
        entriesSeen.addAndGet(n);
        if (wholeRequests) {
            attributes.putAttribute(PLAN, new Plan(Kind.WHOLE_REQUEST, null, n));
            return request.toBuilder().streamName(decoyStream).build();
        }
        double p = perRecordProbability;
        if (p <= 0) {
            return request;
        }
        boolean[] throttled = new boolean[n];
        int count = 0;
        synchronized (random) {
            for (int i = 0; i < n; i++) {
                throttled[i] = random.nextDouble() < p;
                count += throttled[i] ? 1 : 0;
            }
        }
        if (count == 0) {
            return request;
        }
        if (count == n) {
            attributes.putAttribute(PLAN, new Plan(Kind.ALL_ENTRIES, throttled, count));
            return request.toBuilder().streamName(decoyStream).build();
        }
        List<PutRecordsRequestEntry> kept = new ArrayList<>(n - count);
        for (int i = 0; i < n; i++) {
            if (!throttled[i]) {
                kept.add(request.records().get(i));
            }
        }
        attributes.putAttribute(PLAN, new Plan(Kind.SOME_ENTRIES, throttled, count));
        return request.toBuilder().records(kept).build();
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Plan plan = attributes.getAttribute(PLAN);
        SdkHttpResponse response = context.httpResponse();
        if (plan == null || plan.kind != Kind.WHOLE_REQUEST || !response.isSuccessful()) {
            return response; // a real error stays a real error
        }
        plan.rewritten = true;
        decoyCalls.incrementAndGet();
        throttledRequests.incrementAndGet();
        throttledRequestEntries.addAndGet(plan.throttledCount);
        return response.toBuilder()
                .statusCode(400)
                .statusText("Bad Request")
                .putHeader("x-amzn-ErrorType", PTEE)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("Content-Length", Integer.toString(BODY.length))
                .build();
    }

    /** The async client reads bodies through this hook (the sync {@code modifyHttpResponseContent} is not called). */
    @Override
    public Optional<Publisher<ByteBuffer>> modifyAsyncHttpResponseContent(Context.ModifyHttpResponse context,
            ExecutionAttributes attributes) {
        Plan plan = attributes.getAttribute(PLAN);
        Optional<Publisher<ByteBuffer>> original = context.responsePublisher();
        if (plan == null || !plan.rewritten || original.isEmpty()) {
            return original;
        }
        return Optional.of(new ReplacedBody(original.get(), BODY));
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        Plan plan = attributes.getAttribute(PLAN);
        if (plan == null || plan.kind == Kind.WHOLE_REQUEST || !(context.response() instanceof PutRecordsResponse r)) {
            return context.response();
        }
        int n = plan.throttled.length;
        if (plan.kind == Kind.ALL_ENTRIES) {
            decoyCalls.incrementAndGet();
        } else if (r.records().size() != n - plan.throttledCount) {
            return r; // unexpected shape: let the producer see it as is
        }
        List<PutRecordsResultEntry> merged = new ArrayList<>(n);
        int real = 0;
        int failed = plan.kind == Kind.ALL_ENTRIES || r.failedRecordCount() == null ? 0 : r.failedRecordCount();
        for (int i = 0; i < n; i++) {
            if (plan.throttled[i]) {
                merged.add(PutRecordsResultEntry.builder().errorCode(PTEE)
                        .errorMessage("Rate exceeded for shard in stream " + targetStream
                                + " under account 000000000000 (injected by the fault suite; not stored)")
                        .build());
                failed++;
            } else {
                merged.add(r.records().get(real++));
            }
        }
        throttledEntries.addAndGet(plan.throttledCount);
        return r.toBuilder().records(merged).failedRecordCount(failed).build();
    }

    /** Throttled Kinesis records as the producer counts them: per-record entries plus entries of throttled calls. */
    long throttledKinesisRecords() {
        return throttledEntries.get() + throttledRequestEntries.get();
    }

    @Override
    public String toString() {
        return "injected{putCalls=" + putCalls + ", entries=" + entriesSeen + ", throttledEntries=" + throttledEntries
                + ", throttledRequests=" + throttledRequests + " (" + throttledRequestEntries + " entries)"
                + ", decoyCalls=" + decoyCalls + "}";
    }

    /**
     * Reads the real body to its end (so the connection goes back to the pool as usual), drops it, and then emits
     * the replacement once the subscriber asks for data.
     */
    private static final class ReplacedBody implements Publisher<ByteBuffer> {
        private final Publisher<ByteBuffer> original;
        private final byte[] body;

        ReplacedBody(Publisher<ByteBuffer> original, byte[] body) {
            this.original = original;
            this.body = body;
        }

        @Override
        public void subscribe(Subscriber<? super ByteBuffer> downstream) {
            original.subscribe(new Relay(downstream, body));
        }
    }

    private static final class Relay implements Subscriber<ByteBuffer>, Subscription {
        private final Subscriber<? super ByteBuffer> downstream;
        private final byte[] body;
        private Subscription upstream;
        private boolean demanded;
        private boolean upstreamDone;
        private Throwable upstreamError;
        private boolean finished;

        Relay(Subscriber<? super ByteBuffer> downstream, byte[] body) {
            this.downstream = downstream;
            this.body = body;
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            downstream.onSubscribe(this);
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer ignored) {
        }

        @Override
        public void onError(Throwable t) {
            synchronized (this) {
                upstreamDone = true;
                upstreamError = t;
            }
            emitIfReady();
        }

        @Override
        public void onComplete() {
            synchronized (this) {
                upstreamDone = true;
            }
            emitIfReady();
        }

        @Override
        public void request(long n) {
            synchronized (this) {
                if (n > 0) {
                    demanded = true;
                }
            }
            emitIfReady();
        }

        @Override
        public void cancel() {
            boolean forward;
            synchronized (this) {
                finished = true;
                forward = !upstreamDone; // never cancel a body netty already delivered in full
            }
            if (forward) {
                upstream.cancel();
            }
        }

        private void emitIfReady() {
            Throwable error;
            synchronized (this) {
                if (finished || !upstreamDone || (!demanded && upstreamError == null)) {
                    return;
                }
                finished = true;
                error = upstreamError;
            }
            if (error != null) {
                downstream.onError(error);
            } else {
                downstream.onNext(ByteBuffer.wrap(body));
                downstream.onComplete();
            }
        }
    }
}
