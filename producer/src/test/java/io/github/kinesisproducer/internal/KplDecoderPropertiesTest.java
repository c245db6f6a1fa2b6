package io.github.kinesisproducer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.github.kinesisproducer.internal.KplDecoder.SubRecord;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Differential fuzzing: our decoder against protobuf-java on corrupted aggregates with valid MD5s. */
class KplDecoderPropertiesTest {

    @Provide
    Arbitrary<SubRecord> records() {
        return KplAggregateReference.userRecords(50);
    }

    private static byte[] rewrap(byte[] protobuf) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(KplAggregate.MAGIC);
        out.write(protobuf);
        out.write(KplAggregateReference.md5(protobuf, 0, protobuf.length));
        return out.toByteArray();
    }

    /** What protobuf-java (as the KCL uses it) makes of the bytes: the records, or null if it rejects them. */
    private static List<SubRecord> reference(byte[] aggregate) throws Exception {
        byte[] pb = Arrays.copyOfRange(aggregate, 4, aggregate.length - 16);
        if (pb.length == 0) {
            return null; // the KCL requires more than magic + MD5
        }
        try {
            if (!KplAggregateReference.parse(pb).isInitialized()) {
                return null;
            }
            return KplAggregateReference.decodeWithCodedInputStream(aggregate);
        } catch (InvalidProtocolBufferException | IndexOutOfBoundsException | ArithmeticException e) {
            return null;
        }
    }

    @Property(tries = 1000)
    void agreesWithProtobufJavaOnMutatedAggregates(
            @ForAll @Size(min = 1, max = 8) List<@net.jqwik.api.From("records") SubRecord> records,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 1 << 20) Integer> positions,
            @ForAll @Size(min = 4, max = 4) List<@IntRange(min = 0, max = 255) Integer> values,
            @ForAll @IntRange(min = 0, max = 3) int mode) throws Exception {
        byte[] pb = KplAggregateReference.protobufOf(KplAggregateReference.build(records).encode());
        for (int i = 0; i < positions.size(); i++) {
            int p = positions.get(i) % pb.length;
            switch (mode) {
                case 0 -> pb[p] = (byte) (int) values.get(i);                        // overwrite a byte
                case 1 -> pb[p] ^= (byte) (1 << (values.get(i) & 7));                // flip a bit
                case 2 -> pb = Arrays.copyOf(pb, Math.max(0, pb.length - 1 - (p % 8))); // truncate
                default -> {                                                          // insert a byte
                    byte[] n = new byte[pb.length + 1];
                    System.arraycopy(pb, 0, n, 0, p);
                    n[p] = (byte) (int) values.get(i);
                    System.arraycopy(pb, p, n, p + 1, pb.length - p);
                    pb = n;
                }
            }
            if (pb.length == 0) {
                break;
            }
        }
        byte[] aggregate = rewrap(pb);
        List<SubRecord> expected = reference(aggregate);
        List<SubRecord> actual = KplDecoder.decode(aggregate);
        Statistics.label("protobuf-java").collect(expected == null ? "rejects" : "accepts");
        if (expected == null) {
            assertThat(actual).isNull();
        } else {
            // Strings: both decode invalid UTF-8 with replacement characters.
            assertThat(actual).containsExactlyElementsOf(expected);
        }
    }
}
