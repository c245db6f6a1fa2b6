package io.github.kinesisproducer.internal.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DynamicMessage;
import io.github.kinesisproducer.internal.aggregation.KplDecoder.SubRecord;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class KplAggregatePropertiesTest {

    @Provide
    Arbitrary<SubRecord> records() {
        return KplAggregateReference.userRecords(2000);
    }

    @Provide
    Arbitrary<SubRecord> smallRecords() {
        return KplAggregateReference.userRecords(20);
    }

    /** The properties every aggregate must have, checked against protobuf-java and our decoder. */
    private static void checkRoundTrip(List<SubRecord> records) throws Exception {
        KplAggregate a = new KplAggregate();
        for (SubRecord r : records) {
            int predicted = a.sizeIfAdded(r.partitionKey(), r.explicitHashKey(), r.data().length);
            a.add(r.partitionKey(), r.explicitHashKey(), r.data());
            assertThat(a.size()).as("size() after add equals sizeIfAdded").isEqualTo(predicted);
        }
        byte[] enc = a.encode();
        assertThat(enc.length).isEqualTo(a.size());
        assertThat(a.count()).isEqualTo(records.size());

        // Independent decoder: protobuf-java's CodedInputStream (also checks magic and MD5).
        assertThat(KplAggregateReference.decodeWithCodedInputStream(enc)).containsExactlyElementsOf(records);
        // Same bytes protobuf-java itself serializes for this message; required fields are present.
        byte[] protobuf = KplAggregateReference.protobufOf(enc);
        assertThat(protobuf).isEqualTo(KplAggregateReference.serializeWithProtobufJava(records));
        DynamicMessage parsed = KplAggregateReference.parse(protobuf);
        assertThat(parsed.isInitialized()).isTrue();
        assertThat(parsed.getRepeatedFieldCount(KplAggregateReference.AGGREGATED_RECORD.findFieldByNumber(1)))
                .isEqualTo(records.stream().map(SubRecord::partitionKey).distinct().count());
        // Our own decoder agrees.
        assertThat(KplDecoder.decode(enc)).containsExactlyElementsOf(records);
    }

    @Property(tries = 400)
    void encodeDecodeRoundTripWithExactSizes(@ForAll @Size(min = 1, max = 60) List<@net.jqwik.api.From("records") SubRecord> records)
            throws Exception {
        checkRoundTrip(records);
    }

    @Property(tries = 30)
    void manySmallRecordsPushIndexesPastOneVarintByte(
            @ForAll @Size(min = 100, max = 400) List<@net.jqwik.api.From("smallRecords") SubRecord> records) throws Exception {
        checkRoundTrip(records);
    }

    @Property(tries = 200)
    void reuseAfterResetEqualsAFreshAggregate(
            @ForAll @Size(min = 1, max = 20) List<@net.jqwik.api.From("records") SubRecord> first,
            @ForAll @Size(min = 1, max = 20) List<@net.jqwik.api.From("records") SubRecord> second) {
        KplAggregate reused = KplAggregateReference.build(first);
        reused.encode();
        reused.reset();
        for (SubRecord r : second) {
            reused.sizeIfAdded(r.partitionKey(), r.explicitHashKey(), r.data().length);
            reused.add(r.partitionKey(), r.explicitHashKey(), r.data());
        }
        assertThat(reused.encode()).isEqualTo(KplAggregateReference.build(second).encode());
    }

    @Property(tries = 200)
    void sizeIfAddedWithOtherStringInstancesIsStillExact(
            @ForAll @Size(min = 1, max = 30) List<@net.jqwik.api.From("records") SubRecord> records) {
        // Callers may measure with one String instance and add with an equal copy; the cache must not lie.
        KplAggregate a = new KplAggregate();
        for (SubRecord r : records) {
            String pkCopy = new String(r.partitionKey().toCharArray());
            String ehkCopy = r.explicitHashKey() == null ? null : new String(r.explicitHashKey().toCharArray());
            int predicted = a.sizeIfAdded(pkCopy, ehkCopy, r.data().length);
            a.add(r.partitionKey(), r.explicitHashKey(), r.data());
            assertThat(a.size()).isEqualTo(predicted);
        }
        assertThat(a.encode().length).isEqualTo(a.size());
        assertThat(KplDecoder.decode(a.encode())).containsExactlyElementsOf(records);
    }
}
