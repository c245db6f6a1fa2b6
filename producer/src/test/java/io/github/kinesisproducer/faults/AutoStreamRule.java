package io.github.kinesisproducer.faults;

import io.github.kinesisproducer.emulator.HttpMessage;
import io.github.kinesisproducer.emulator.JsonValues;
import io.github.kinesisproducer.emulator.KinesisProxy;
import io.github.kinesisproducer.emulator.ProxyPlan;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link KinesisProxy} rule that turns kinesalite (which knows nothing of record distribution) into a stand-in for a
 * stream whose {@code RecordDistributionStrategy} is AUTO: {@code DescribeStreamSummary} answers say so (and carry
 * {@code MaxRecordSizeInKiB} when a test sets one), and every PutRecords entry gets a random {@code ExplicitHashKey}
 * before kinesalite stores it, so records land on shards regardless of the producer's keys, as the service places
 * them. Entries without a {@code PartitionKey} (optional on AUTO streams, required by kinesalite) get one inserted;
 * the rule notes which records came without one, and which came with an explicit hash key.
 *
 * <p>Switch {@link #auto} off and the stream is an ordinary one again (placement by key, no strategy in the answer).
 * {@link #summary} makes DescribeStreamSummary answer normally, be denied (400 AccessDeniedException, as for a role
 * without {@code kinesis:DescribeStreamSummary}), or hang past the client's timeout.
 */
final class AutoStreamRule implements KinesisProxy.Rule {
    enum Summary { ANSWER, DENY, HANG }

    private static final BigInteger HASH_KEYS = BigInteger.ONE.shiftLeft(128);

    volatile boolean auto = true;
    volatile Summary summary = Summary.ANSWER;
    volatile Integer maxRecordSizeKiB;
    /** How long a hanging DescribeStreamSummary is held (the proxy's close ends it earlier). */
    volatile Duration hang = Duration.ofSeconds(60);

    private final Random random;
    final AtomicLong describeCalls = new AtomicLong();
    final AtomicLong putEntries = new AtomicLong();
    /** Record ids (from the payload) of entries that came without a PartitionKey / with an ExplicitHashKey. */
    final Set<Integer> keylessIds = ConcurrentHashMap.newKeySet();
    final Set<Integer> explicitHashKeyIds = ConcurrentHashMap.newKeySet();

    AutoStreamRule(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public ProxyPlan plan(HttpMessage request) {
        return switch (request.operation()) {
            case "DescribeStreamSummary" -> describe();
            case "PutRecords" -> auto ? ProxyPlan.forward().withRequest(this::placeItself) : ProxyPlan.forward();
            default -> ProxyPlan.forward();
        };
    }

    private ProxyPlan describe() {
        describeCalls.incrementAndGet();
        return switch (summary) {
            case DENY -> ProxyPlan.error(400, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/producer "
                    + "is not authorized to perform: kinesis:DescribeStreamSummary on resource: stream");
            case HANG -> ProxyPlan.forward().withDelayBeforeAnswer(hang);
            case ANSWER -> ProxyPlan.forward().withResponse((forwarded, response) -> response.status() != 200 ? response
                    : response.withBody(JsonValues.write(withStrategy(JsonValues.parseObject(response.body())))));
        };
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> withStrategy(Map<String, Object> body) {
        Map<String, Object> s = (Map<String, Object>) body.get("StreamDescriptionSummary");
        if (auto) {
            s.put("RecordDistributionStrategy", "AUTO");
        }
        Integer kib = maxRecordSizeKiB;
        if (kib != null) {
            s.put("MaxRecordSizeInKiB", new BigDecimal(kib));
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    private HttpMessage placeItself(HttpMessage request) {
        Map<String, Object> body = JsonValues.parseObject(request.body());
        for (Object o : (List<Object>) body.get("Records")) {
            Map<String, Object> entry = (Map<String, Object>) o;
            putEntries.incrementAndGet();
            int id = idOf(entry);
            if (!entry.containsKey("PartitionKey")) {
                keylessIds.add(id);
                entry.put("PartitionKey", "proxy-" + id); // kinesalite requires one; the service would not
            }
            if (entry.containsKey("ExplicitHashKey")) {
                explicitHashKeyIds.add(id);
            }
            entry.put("ExplicitHashKey", randomHashKey());
        }
        return request.withBody(JsonValues.write(body));
    }

    private String randomHashKey() {
        synchronized (random) {
            return new BigInteger(128, random).mod(HASH_KEYS).toString();
        }
    }

    private static int idOf(Map<String, Object> entry) {
        return FaultSupport.idOf(Base64.getDecoder().decode((String) entry.get("Data")));
    }
}
