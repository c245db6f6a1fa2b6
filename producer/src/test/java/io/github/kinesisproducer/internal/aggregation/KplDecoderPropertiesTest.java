package io.github.kinesisproducer.internal.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kinesisproducer.internal.aggregation.KplDecoder.SubRecord;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Differential fuzzing with valid MD5s: our decoder against the KCL's generated protobuf-java parser, on producer
 * aggregates with bytes corrupted and on generated protobuf that takes every liberty the format allows or forbids.
 */
class KplDecoderPropertiesTest {

    @Provide
    Arbitrary<SubRecord> records() {
        return KplAggregateReference.userRecords(50);
    }

    private static byte[] rewrap(byte[] protobuf) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(KplAggregate.magic());
        out.write(protobuf);
        out.write(KplAggregateReference.md5(protobuf, 0, protobuf.length));
        return out.toByteArray();
    }

    @Provide
    Arbitrary<byte[]> protobufs() {
        return Arbitraries.randomValue(KplProtobufGenerator::aggregatedRecord);
    }

    /** Ours against the KCL's own protobuf-java parse; a failure names the bytes, for an example test. */
    private static void assertAgreesWithTheKcl(byte[] pb) throws Exception {
        byte[] aggregate = rewrap(pb);
        List<SubRecord> expected = KplAggregateReference.decodeWithKclMessages(aggregate);
        List<SubRecord> actual = KplDecoder.decode(aggregate);
        Statistics.label("the KCL").collect(expected == null ? "rejects" : expected.isEmpty() ? "accepts, no records" : "accepts records");
        // Strings: both decode invalid UTF-8 with replacement characters.
        assertThat(actual).as("protobuf bytes %s", HexFormat.of().formatHex(pb)).isEqualTo(expected);
    }

    @Property(tries = 1000)
    void agreesWithProtobufJavaOnMutatedAggregates(
            @ForAll @Size(min = 1, max = 8) List<@net.jqwik.api.From("records") SubRecord> records,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 1 << 20) Integer> positions,
            @ForAll @Size(min = 4, max = 12) List<@IntRange(min = 0, max = 255) Integer> values,
            @ForAll @IntRange(min = 0, max = 5) int mode) throws Exception {
        byte[] pb = KplAggregateReference.protobufOf(KplAggregateReference.build(records).encode());
        byte[] run = new byte[values.size()];
        for (int i = 0; i < run.length; i++) {
            run[i] = (byte) (int) values.get(i);
        }
        for (int i = 0; i < positions.size() && pb.length > 0; i++) {
            int p = positions.get(i) % pb.length;
            switch (mode) {
                case 0 -> pb[p] = run[i];                                             // overwrite a byte
                case 1 -> pb[p] ^= (byte) (1 << (run[i] & 7));                       // flip a bit
                case 2 -> pb = Arrays.copyOf(pb, Math.max(0, pb.length - 1 - (p % 8))); // truncate
                case 3 -> pb = insert(pb, p, Arrays.copyOfRange(run, i, i + 1));      // insert a byte
                case 4 -> pb = insert(pb, p, run);                                    // insert all the bytes
                default -> System.arraycopy(run, 0, pb, p, Math.min(run.length, pb.length - p)); // overwrite a run
            }
        }
        assertAgreesWithTheKcl(pb);
    }

    @Property(tries = 1000)
    void agreesWithProtobufJavaOnGeneratedProtobuf(@ForAll("protobufs") byte[] pb) throws Exception {
        assertAgreesWithTheKcl(pb);
    }

    private static byte[] insert(byte[] pb, int at, byte[] bytes) {
        byte[] n = new byte[pb.length + bytes.length];
        System.arraycopy(pb, 0, n, 0, at);
        System.arraycopy(bytes, 0, n, at, bytes.length);
        System.arraycopy(pb, at, n, at + bytes.length, pb.length - at);
        return n;
    }
}
