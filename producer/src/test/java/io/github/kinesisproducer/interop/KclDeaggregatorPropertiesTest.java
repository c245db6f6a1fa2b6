package io.github.kinesisproducer.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.internal.aggregation.KplAggregate;
import io.github.kinesisproducer.internal.shards.HashKey;
import io.github.kinesisproducer.internal.shards.ShardInfo;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Random aggregates through the real KCL AggregatorUtil over the full hash range. */
class KclDeaggregatorPropertiesTest {

    private static final ShardInfo ALL = ShardInfo.open("shardId-000000000000", HashKey.MIN, HashKey.MAX);

    @Provide
    Arbitrary<UserRecord> userRecords() {
        // Any chars, but no lone surrogates: those go over the wire as '?', so they can't round-trip.
        Arbitrary<String> pk = Arbitraries.strings().ofMinLength(1).ofMaxLength(256)
                .filter(s -> s.equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
        Arbitrary<String> ehk = Arbitraries.bigIntegers().between(BigInteger.ZERO, HashKey.MAX.toBigInteger())
                .map(BigInteger::toString).injectNull(0.5);
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Combinators.combine(pk, ehk, data).as((p, e, d) -> new UserRecord(p, e, d, null, null));
    }

    @Property(tries = 200)
    void kclReturnsWhatWeAggregated(@ForAll @Size(min = 1, max = 50) List<@net.jqwik.api.From("userRecords") UserRecord> records) {
        KplAggregate a = new KplAggregate();
        for (UserRecord r : records) {
            a.add(r.partitionKey(), r.explicitHashKey(), r.data());
        }
        List<UserRecord> out = KclDeaggregator.deaggregate(ALL, List.of(new InteropRecord("a", a.encode(), "9")));
        assertThat(out).extracting(UserRecord::payloadOnly).containsExactlyElementsOf(records);
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).subSequenceNumber()).isEqualTo(i);
        }
    }
}
