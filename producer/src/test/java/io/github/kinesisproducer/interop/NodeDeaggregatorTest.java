package io.github.kinesisproducer.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.internal.aggregation.KplAggregate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Our aggregates through aws-kinesis-agg 4.2.8 (Node), checksums verified. Records what that library does
 * with each edge case; it differs from the KCL in several (see the test names).
 */
class NodeDeaggregatorTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void deaggregatesOurAggregateInOrder() throws Exception {
        KplAggregate a = new KplAggregate();
        a.add("k1", null, utf8("one"));
        a.add("k\u00e9\ud83d\ude00", "5", utf8("two"));
        a.add("k1", null, new byte[0]);
        a.add("k3", "340282366920938463463374607431768211455", utf8("four"));
        List<UserRecord> out = NodeDeaggregator.deaggregate(List.of(new InteropRecord("a", a.encode(), "100")));
        assertThat(out).extracting(UserRecord::partitionKey)
                .containsExactly("k1", "k\u00e9\ud83d\ude00", "k1", "k3");
        assertThat(out).extracting(r -> new String(r.data(), StandardCharsets.UTF_8))
                .containsExactly("one", "two", "", "four");
        assertThat(out).extracting(UserRecord::subSequenceNumber).containsExactly(0L, 1L, 2L, 3L);
        assertThat(out).extracting(UserRecord::sequenceNumber).containsOnly("100");
        // Quirk: aws-kinesis-agg reads the optional explicit_hash_key_index without checking presence, so a
        // sub-record WITHOUT an explicit hash key is reported with explicit_hash_key_table[0].
        assertThat(out).extracting(UserRecord::explicitHashKey)
                .containsExactly("5", "5", "5", "340282366920938463463374607431768211455");
    }

    @Test
    void withoutAnyExplicitHashKeysTheyAreNull() throws Exception {
        KplAggregate a = new KplAggregate();
        a.add("p", null, utf8("x"));
        a.add("q", null, utf8("y"));
        assertThat(NodeDeaggregator.deaggregate(List.of(new InteropRecord("a", a.encode(), "1"))))
                .containsExactly(new UserRecord("p", null, utf8("x"), "1", 0L), new UserRecord("q", null, utf8("y"), "1", 1L));
    }

    @Test
    void oneRecordAggregateAndEmptyData() throws Exception {
        KplAggregate a = new KplAggregate();
        a.add("solo", null, new byte[0]);
        assertThat(NodeDeaggregator.deaggregate(List.of(new InteropRecord("a", a.encode(), "7"))))
                .containsExactly(new UserRecord("solo", null, new byte[0], "7", 0L));
    }

    @Test
    void plainRecordsPassThrough() throws Exception {
        assertThat(NodeDeaggregator.deaggregate(List.of(new InteropRecord("pk", utf8("plain"), "3"))))
                .containsExactly(new UserRecord("pk", null, utf8("plain"), "3", null));
    }

    @Test
    void emptyAggregateYieldsNoRecordsUnlikeTheKcl() throws Exception {
        // Magic + MD5(empty): the KCL hands it over as a plain record; aws-kinesis-agg emits nothing.
        byte[] empty = new KplAggregate().encode();
        assertThat(NodeDeaggregator.deaggregate(List.of(new InteropRecord("a", empty, "1")))).isEmpty();
    }

    @Test
    void noHashRangeFilteringUnlikeTheKcl() throws Exception {
        // The KCL drops this aggregate on any shard whose range excludes one key; aws-kinesis-agg has no range.
        KplAggregate a = new KplAggregate();
        a.add("x", "0", utf8("low"));
        a.add("y", "340282366920938463463374607431768211455", utf8("high"));
        assertThat(NodeDeaggregator.deaggregate(List.of(new InteropRecord("a", a.encode(), "1")))).hasSize(2);
    }

    @Test
    void badMd5IsAnErrorNotAPlainRecord() {
        KplAggregate a = new KplAggregate();
        a.add("k", null, utf8("data"));
        byte[] corrupt = a.encode();
        corrupt[corrupt.length - 1] ^= 1;
        assertThatThrownBy(() -> NodeDeaggregator.deaggregate(List.of(new InteropRecord("a", corrupt, "1"))))
                .isInstanceOf(NodeDeaggregator.DeaggregationFailed.class)
                .hasMessageContaining("Invalid record checksum");
    }

    @Test
    void manyRandomAggregatesInOneRun() throws Exception {
        Random rnd = new Random(20261126);
        List<InteropRecord> in = new ArrayList<>();
        List<UserRecord> expected = new ArrayList<>();
        for (int agg = 0; agg < 200; agg++) {
            KplAggregate a = new KplAggregate();
            int n = 1 + rnd.nextInt(40);
            for (int i = 0; i < n; i++) {
                StringBuilder pk = new StringBuilder();
                int len = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 128);
                for (int c = 0; c < len; c++) {
                    int cp = switch (rnd.nextInt(4)) {
                        case 0 -> 0x20 + rnd.nextInt(0x5F);
                        case 1 -> 0x80 + rnd.nextInt(0x780);
                        case 2 -> 0xE000 + rnd.nextInt(0x1000);
                        default -> 0x10000 + rnd.nextInt(0x100000);
                    };
                    pk.appendCodePoint(cp);
                }
                byte[] data = new byte[rnd.nextInt(2001)];
                rnd.nextBytes(data);
                a.add(pk.toString(), null, data);
                expected.add(new UserRecord(pk.toString(), null, data, "seq" + agg, (long) i));
            }
            in.add(new InteropRecord("a", a.encode(), "seq" + agg));
        }
        assertThat(NodeDeaggregator.deaggregate(in)).containsExactlyElementsOf(expected);
    }
}
