package io.github.kinesisproducer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** What the delimited-mode check promises: records it lets through come back out of a consumer's split unchanged. */
class DelimiterPropertiesTest {

    /** Small alphabets, so delimiters and their prefixes occur in the data often. */
    @Provide
    Arbitrary<byte[]> delimiters() {
        return Arbitraries.bytes().between((byte) 'a', (byte) 'c').array(byte[].class).ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<byte[]>> records() {
        return Arbitraries.bytes().between((byte) 'a', (byte) 'c').array(byte[].class).ofMaxSize(6)
                .list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 3000)
    void recordsThatPassTheCheckSurviveJoinAndSplit(@ForAll("records") List<byte[]> records,
            @ForAll("delimiters") byte[] delimiter) {
        List<byte[]> accepted = new ArrayList<>();
        for (byte[] r : records) {
            if (RecordValidator.delimiterOverlap(r, delimiter) < 0) {
                accepted.add(r);
            }
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] r : accepted) {
            joined.writeBytes(r);
            joined.writeBytes(delimiter); // the producer ends every record with the delimiter, as the seed does
        }
        assertThat(split(joined.toByteArray(), delimiter)).containsExactlyElementsOf(accepted);
    }

    @Property(tries = 1000)
    void theCheckFindsEveryOccurrenceInsideTheData(@ForAll("records") List<byte[]> records,
            @ForAll("delimiters") byte[] delimiter) {
        for (byte[] r : records) {
            boolean contains = indexOf(r, delimiter) >= 0;
            if (contains) {
                assertThat(RecordValidator.delimiterOverlap(r, delimiter)).isGreaterThanOrEqualTo(0);
            }
        }
    }

    /** A consumer's split: left to right, every occurrence ends a record; a trailing delimiter ends the last one. */
    private static List<byte[]> split(byte[] joined, byte[] d) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i + d.length <= joined.length; ) {
            if (Arrays.equals(joined, i, i + d.length, d, 0, d.length)) {
                out.add(Arrays.copyOfRange(joined, start, i));
                i += d.length;
                start = i;
            } else {
                i++;
            }
        }
        assertThat(start).as("nothing after the last delimiter").isEqualTo(joined.length);
        return out;
    }

    private static int indexOf(byte[] data, byte[] d) {
        for (int i = 0; i + d.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + d.length, d, 0, d.length)) {
                return i;
            }
        }
        return -1;
    }
}
