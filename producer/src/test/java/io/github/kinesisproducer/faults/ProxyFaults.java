package io.github.kinesisproducer.faults;

import io.github.kinesisproducer.emulator.HttpMessage;
import io.github.kinesisproducer.emulator.JsonValues;
import io.github.kinesisproducer.emulator.KinesisProxy;
import io.github.kinesisproducer.emulator.ProxyPlan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link KinesisProxy} rule that injects one fault into a PutRecords request with a given probability, the fault
 * drawn from a set by a seeded random draw per request (the first draws take every kind once, in a seeded order). Every fault is what the real service or the network can do,
 * and honest about what is stored: a request answered with a throttle or a 503 never reaches the emulator, a record
 * reported throttled is never stored, and the faults that lose or spoil an answer come after the emulator stored the
 * request. Other operations (ListShards) pass untouched.
 */
final class ProxyFaults implements KinesisProxy.Rule {
    static final String PTEE = "ProvisionedThroughputExceededException";

    /** The faults, each as the producer meets it. */
    enum Fault {
        /** 400 ProvisionedThroughputExceededException for the whole request; nothing forwarded. */
        THROTTLE_REQUEST,
        /** Each entry throttled with probability ½: those are dropped from the forwarded request and answered as
         * throttled entries at their positions; the rest is stored. All chosen: answered without forwarding. */
        THROTTLE_RECORDS,
        /** Forwarded (stored), then answered 500 InternalFailure: the service failed after acting. */
        ERROR_500,
        /** 503 ServiceUnavailable; nothing forwarded. */
        ERROR_503,
        /** The connection is reset when the request has arrived; nothing forwarded. */
        RESET_BEFORE_FORWARDING,
        /** Forwarded, the emulator answered (stored), then the connection is reset instead of answering. */
        RESET_AFTER_ANSWER,
        /** Forwarded at once (stored), the answer held past the request timeout. */
        SLOW_ANSWER,
        /** Held past the request timeout before being forwarded: stored after the client gave up. */
        STALL,
        /** Forwarded (stored), the answer's body cut after 10 bytes and the connection closed. */
        TRUNCATED_BODY,
        /** 100 Continue and 103 Early Hints before the real answer: no fault at all for a conformant client. */
        INTERIM_1XX
    }

    private final List<Fault> choices;
    /** The first faults of a run: every kind once, in a seeded random order, so that a mix covers every kind. */
    private final java.util.ArrayDeque<Fault> firstOfEachKind;
    private final double probability;
    private final Duration pastTimeout;
    private final Random random;
    private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
    final AtomicLong putRequests = new AtomicLong();
    /** Entries answered as throttled, by either throttle (each is one throttled Kinesis record for the producer). */
    final AtomicLong throttledEntries = new AtomicLong();

    /**
     * @param probability of a fault per PutRecords request
     * @param pastTimeout how long slow answers and stalls are held (more than the producer's request timeout)
     */
    ProxyFaults(Set<Fault> faults, double probability, Duration pastTimeout, long seed) {
        this.choices = faults.stream().sorted().toList(); // enum order: the same draw for the same seed
        this.probability = probability;
        this.pastTimeout = pastTimeout;
        this.random = new Random(seed);
        List<Fault> shuffled = new ArrayList<>(choices);
        java.util.Collections.shuffle(shuffled, random);
        this.firstOfEachKind = new java.util.ArrayDeque<>(shuffled);
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicLong());
        }
    }

    long injected(Fault f) {
        return injected.get(f).get();
    }

    /** Injections by kind, only the kinds this rule draws from. */
    Map<Fault, Long> injectedByKind() {
        Map<Fault, Long> out = new EnumMap<>(Fault.class);
        for (Fault f : choices) {
            out.put(f, injected(f));
        }
        return out;
    }

    @Override
    public ProxyPlan plan(HttpMessage request) {
        if (!request.operation().equals("PutRecords")) {
            return ProxyPlan.forward();
        }
        putRequests.incrementAndGet();
        Fault f;
        long entrySeed;
        synchronized (random) {
            if (random.nextDouble() >= probability) {
                return ProxyPlan.forward();
            }
            f = firstOfEachKind.isEmpty() ? choices.get(random.nextInt(choices.size())) : firstOfEachKind.poll();
            entrySeed = random.nextLong();
        }
        injected.get(f).incrementAndGet();
        return switch (f) {
            case THROTTLE_REQUEST -> {
                throttledEntries.addAndGet(entries(request).size());
                yield ProxyPlan.error(400, PTEE, "Rate exceeded for stream (injected by the fault proxy)");
            }
            case THROTTLE_RECORDS -> throttleSomeRecords(request, new Random(entrySeed));
            case ERROR_500 -> ProxyPlan.forward().withResponse((forwarded, answer) -> HttpMessage.response(500,
                    "Internal Server Error", Map.of("x-amzn-errortype", "InternalFailure"),
                    "{\"__type\":\"InternalFailure\",\"message\":\"injected after storing\"}"
                            .getBytes(StandardCharsets.UTF_8)));
            case ERROR_503 -> ProxyPlan.error(503, "ServiceUnavailable", "injected, not forwarded");
            case RESET_BEFORE_FORWARDING -> ProxyPlan.reset();
            case RESET_AFTER_ANSWER -> ProxyPlan.forward().withResetAfterForwarding();
            case SLOW_ANSWER -> ProxyPlan.forward().withDelayBeforeAnswer(pastTimeout);
            case STALL -> ProxyPlan.forward().withDelayBeforeForwarding(pastTimeout);
            case TRUNCATED_BODY -> ProxyPlan.forward().withTruncatedBody(10);
            case INTERIM_1XX -> ProxyPlan.forward().withInterim(100).withInterim(103);
        };
    }

    @SuppressWarnings("unchecked")
    private static List<Object> entries(HttpMessage request) {
        return (List<Object>) JsonValues.parseObject(request.body()).get("Records");
    }

    /**
     * Chooses entries (probability ½ each, at least one); forwards the others only and answers the chosen ones as
     * throttled at their positions, so that a record reported throttled is never stored.
     */
    @SuppressWarnings("unchecked")
    private ProxyPlan throttleSomeRecords(HttpMessage request, Random draw) {
        Map<String, Object> body = JsonValues.parseObject(request.body());
        List<Object> all = (List<Object>) body.get("Records");
        boolean[] chosen = new boolean[all.size()];
        int count = 0;
        for (int i = 0; i < chosen.length; i++) {
            chosen[i] = draw.nextBoolean();
            count += chosen[i] ? 1 : 0;
        }
        if (count == 0) {
            chosen[draw.nextInt(chosen.length)] = true;
            count = 1;
        }
        throttledEntries.addAndGet(count);
        int throttled = count;
        if (throttled == all.size()) { // nothing left to forward (the emulator refuses an empty PutRecords)
            List<Object> results = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                results.add(throttledEntry());
            }
            return ProxyPlan.answer(HttpMessage.response(200, "OK", Map.of(),
                    JsonValues.write(Map.of("FailedRecordCount", throttled, "Records", results))));
        }
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!chosen[i]) {
                kept.add(all.get(i));
            }
        }
        return ProxyPlan.forward().withRequest(r -> {
            Map<String, Object> smaller = new LinkedHashMap<>(body);
            smaller.put("Records", kept);
            return r.withBody(JsonValues.write(smaller));
        }).withResponse((forwarded, answer) -> {
            if (answer.status() != 200) {
                return answer;
            }
            Map<String, Object> reply = JsonValues.parseObject(answer.body());
            List<Object> results = (List<Object>) reply.get("Records");
            List<Object> merged = new ArrayList<>();
            int next = 0;
            for (boolean c : chosen) {
                merged.add(c ? throttledEntry() : results.get(next++));
            }
            reply.put("Records", merged);
            reply.put("FailedRecordCount", ((Number) reply.getOrDefault("FailedRecordCount", 0)).intValue() + throttled);
            return answer.withBody(JsonValues.write(reply));
        });
    }

    private static Map<String, Object> throttledEntry() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("ErrorCode", PTEE);
        e.put("ErrorMessage", "Rate exceeded for shard (injected by the fault proxy)");
        return e;
    }

    @Override
    public String toString() {
        return "faults=" + injectedByKind() + " of " + putRequests + " PutRecords requests (p=" + probability + ")"
                + " throttledEntries=" + throttledEntries;
    }
}
