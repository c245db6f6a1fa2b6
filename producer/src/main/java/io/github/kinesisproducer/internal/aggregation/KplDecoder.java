package io.github.kinesisproducer.internal.aggregation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Decodes a KPL aggregated record without a protobuf dependency (it backs the CLI's {@code read} command).
 *
 * <p>Acceptance follows the KCL's {@code AggregatorUtil}: the data must start with the magic, be longer
 * than magic + MD5, carry the MD5 of the bytes in between, and those bytes must be an {@code AggregatedRecord}
 * that the KCL's generated protobuf-java code parses, with valid table indexes. Anything else is "not an
 * aggregate" and the caller treats the data as one plain record, as the KCL does. So that the CLI never shows
 * user records where a KCL application sees one raw record (or the reverse), parsing copies protobuf-java's rules:
 * <ul>
 * <li>fields come in any order; a known field number with another wire type is an unknown field; a repeated
 *     scalar field's last value wins; unknown fields of every wire type are skipped, groups included;
 * <li>a tag or a length is a varint of up to 10 bytes of which only the low 32 bits count (so an over-long or
 *     over-wide encoding of a small value is accepted); a length that is then negative or runs past its message
 *     is an error, as are field number 0, wire types 6 and 7 and an end-group tag that closes nothing;
 * <li>a 64-bit varint (a table index, an unknown varint field) may end with a 10th byte that has both its lowest
 *     bit and its continuation bit set: protobuf-java's fast path accepts it;
 * <li>proto2 {@code required} fields are checked in every message: a {@code Record} needs
 *     {@code partition_key_index} and {@code data}, and each of its {@code tags} needs a {@code key};
 * <li>nesting is limited to 100 levels, counting the {@code Record} and {@code Tag} messages as well as groups;
 * <li>strings are not checked for valid UTF-8 (proto2); bad sequences decode to U+FFFD, as in protobuf-java.
 * </ul>
 * A table index is valid when it is below the table's size. (The KCL casts the uint64 index to {@code int} first,
 * so it would also accept 2<sup>32</sup> as index 0; no producer writes such an index, and we reject it.)
 */
public final class KplDecoder {

    private static final int WT_VARINT = 0;
    private static final int WT_FIXED64 = 1;
    private static final int WT_LEN = 2;
    private static final int WT_START_GROUP = 3;
    private static final int WT_END_GROUP = 4;
    private static final int WT_FIXED32 = 5;
    /** protobuf-java's default recursion limit: messages and groups nested, the outermost message not counted. */
    private static final int MAX_DEPTH = 100;
    // Nesting depth of the fields of each message: a group among them may open only below MAX_DEPTH.
    private static final int AGGREGATE_DEPTH = 0;
    private static final int RECORD_DEPTH = 1;
    private static final int TAG_DEPTH = 2;
    // Tags of the fields that are not written by KplAggregate: Record.tags and the two fields of a Tag.
    private static final int TAG_TAGS = (4 << 3) | WT_LEN;
    private static final int TAG_KEY = (1 << 3) | WT_LEN;
    private static final int TAG_VALUE = (2 << 3) | WT_LEN;

    private KplDecoder() {
    }

    /**
     * One user record from an aggregate. Equality compares the data by content.
     *
     * @param explicitHashKey null when the sub-record had none (its hash key is then MD5 of partitionKey)
     */
    @SuppressWarnings("ArrayRecordComponent") // equals and hashCode below compare the data by content
    public record SubRecord(String partitionKey, String explicitHashKey, byte[] data) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SubRecord r && partitionKey.equals(r.partitionKey)
                    && java.util.Objects.equals(explicitHashKey, r.explicitHashKey) && Arrays.equals(data, r.data);
        }

        @Override
        public int hashCode() {
            return (partitionKey.hashCode() * 31 + java.util.Objects.hashCode(explicitHashKey)) * 31
                    + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "SubRecord[partitionKey=" + partitionKey + ", explicitHashKey=" + explicitHashKey
                    + ", data=" + data.length + " bytes]";
        }
    }

    /**
     * Returns the sub-records in order (possibly none, for an aggregate with an empty record list), or null
     * if the bytes are not a valid aggregate (no magic, too short, bad MD5, bad protobuf).
     */
    public static List<SubRecord> decode(byte[] kinesisRecordData) {
        byte[] b = kinesisRecordData;
        int overhead = KplAggregate.OVERHEAD;
        // Like the KCL: exactly magic + MD5 with nothing between is not treated as an aggregate.
        if (b == null || b.length <= overhead) {
            return null;
        }
        for (int i = 0; i < 4; i++) {
            if (b[i] != KplAggregate.MAGIC[i]) {
                return null;
            }
        }
        int end = b.length - KplAggregate.MD5_LENGTH;
        if (!md5Matches(b, 4, end)) {
            return null;
        }
        try {
            return parse(b, 4, end);
        } catch (Malformed e) {
            return null;
        }
    }

    private static boolean md5Matches(byte[] b, int from, int to) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
        md.update(b, from, to - from);
        byte[] digest = md.digest();
        return Arrays.equals(digest, 0, 16, b, to, to + 16);
    }

    private static List<SubRecord> parse(byte[] b, int start, int end) throws Malformed {
        List<String> pks = new ArrayList<>();
        List<String> ehks = new ArrayList<>();
        List<long[]> recs = new ArrayList<>(); // {pkIndex, ehkIndex or -1, dataOffset, dataLength}
        Reader r = new Reader(b, start, end);
        // Dispatch on the whole tag, as generated code does: a known field with another wire type is unknown.
        for (int tag; (tag = r.tag()) != 0; ) {
            switch (tag) {
                case KplAggregate.TAG_PARTITION_KEY_TABLE -> pks.add(r.string());
                case KplAggregate.TAG_EXPLICIT_HASH_KEY_TABLE -> ehks.add(r.string());
                case KplAggregate.TAG_RECORDS -> {
                    int len = r.length();
                    recs.add(parseRecord(b, r.pos, r.pos + len));
                    r.pos += len;
                }
                default -> r.skip(tag, AGGREGATE_DEPTH);
            }
        }
        List<SubRecord> out = new ArrayList<>(recs.size());
        for (long[] rec : recs) {
            if (rec[0] >= pks.size() || (rec[1] >= 0 && rec[1] >= ehks.size())) {
                throw new Malformed(); // the KCL fails on such an aggregate too
            }
            String ehk = rec[1] >= 0 ? ehks.get((int) rec[1]) : null;
            byte[] data = Arrays.copyOfRange(b, (int) rec[2], (int) (rec[2] + rec[3]));
            out.add(new SubRecord(pks.get((int) rec[0]), ehk, data));
        }
        return Collections.unmodifiableList(out);
    }

    private static long[] parseRecord(byte[] b, int start, int end) throws Malformed {
        long pk = -1;
        long ehk = -1;
        long dataOff = -1;
        long dataLen = -1;
        Reader r = new Reader(b, start, end);
        for (int tag; (tag = r.tag()) != 0; ) {
            switch (tag) {
                case KplAggregate.TAG_PARTITION_KEY_INDEX -> pk = index(r.varint64());
                case KplAggregate.TAG_EXPLICIT_HASH_KEY_INDEX -> ehk = index(r.varint64());
                case KplAggregate.TAG_DATA -> {
                    dataLen = r.length();
                    dataOff = r.pos;
                    r.pos += (int) dataLen;
                }
                case TAG_TAGS -> {
                    // Not used here, but parsed: protobuf-java rejects the whole aggregate over a bad Tag.
                    int len = r.length();
                    checkTag(b, r.pos, r.pos + len);
                    r.pos += len;
                }
                default -> r.skip(tag, RECORD_DEPTH);
            }
        }
        if (pk < 0 || dataOff < 0) {
            throw new Malformed(); // required partition_key_index or data missing
        }
        return new long[] {pk, ehk, dataOff, dataLen};
    }

    /** A {@code Tag { required string key = 1; optional string value = 2; }}: well-formed, with its key. */
    private static void checkTag(byte[] b, int start, int end) throws Malformed {
        boolean hasKey = false;
        Reader r = new Reader(b, start, end);
        for (int tag; (tag = r.tag()) != 0; ) {
            switch (tag) {
                case TAG_KEY -> {
                    r.advance(r.length());
                    hasKey = true;
                }
                case TAG_VALUE -> r.advance(r.length());
                default -> r.skip(tag, TAG_DEPTH);
            }
        }
        if (!hasKey) {
            throw new Malformed();
        }
    }

    /** A uint64 index; anything beyond int range cannot address a table entry. */
    private static long index(long v) {
        return v < 0 || v > Integer.MAX_VALUE ? Integer.MAX_VALUE : v;
    }

    /** Bounds-checked protobuf reader over b[pos, end). */
    private static final class Reader {
        final byte[] b;
        final int end;
        int pos;

        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        /** A varint of up to 10 bytes, bits beyond the 64th dropped: how protobuf-java reads tags and lengths. */
        long varint() throws Malformed {
            return varint(false);
        }

        /**
         * A varint as protobuf-java reads a 64-bit field (uint64, or an unknown varint field) from an array: as
         * {@link #varint()}, except that a 10th byte whose lowest bit is set ends the varint even when its
         * continuation bit is set too (readRawVarint64's fast path checks only the bit it uses).
         */
        long varint64() throws Malformed {
            return varint(true);
        }

        private long varint(boolean lenientTenthByte) throws Malformed {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new Malformed();
                }
                byte x = b[pos++];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0 || (lenientTenthByte && shift == 63 && (x & 1) != 0)) {
                    return v;
                }
            }
            throw new Malformed(); // more than 10 bytes
        }

        /** The next tag, or 0 at the end of the message. Only the varint's low 32 bits count (readTag). */
        int tag() throws Malformed {
            if (pos == end) {
                return 0;
            }
            int tag = (int) varint();
            if (tag >>> 3 == 0) {
                throw new Malformed(); // field number 0 is invalid in protobuf
            }
            return tag;
        }

        /** A length prefix: low 32 bits of the varint, as a signed int (readRawVarint32); must fit. */
        int length() throws Malformed {
            int len = (int) varint();
            if (len < 0 || len > end - pos) {
                throw new Malformed();
            }
            return len;
        }

        String string() throws Malformed {
            int len = length();
            // proto2 strings are not UTF-8-validated by protobuf-java; decode leniently as it does.
            String s = new String(b, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        /** Skips an unknown field whose tag was just read, among fields nested {@code depth} levels deep. */
        void skip(int tag, int depth) throws Malformed {
            int field = tag >>> 3;
            switch (tag & 7) {
                case WT_VARINT -> varint64();
                case WT_FIXED64 -> advance(8);
                case WT_LEN -> advance(length());
                case WT_FIXED32 -> advance(4);
                case WT_START_GROUP -> {
                    if (depth >= MAX_DEPTH) {
                        throw new Malformed();
                    }
                    while (true) {
                        int t = tag(); // the end of the message before the end-group tag: truncated
                        if (t == 0) {
                            throw new Malformed();
                        }
                        if ((t & 7) == WT_END_GROUP) {
                            if (t >>> 3 != field) {
                                throw new Malformed();
                            }
                            return;
                        }
                        skip(t, depth + 1);
                    }
                }
                default -> throw new Malformed(); // an end-group tag that closes no group, or wire types 6, 7
            }
        }

        void advance(int n) throws Malformed {
            if (n > end - pos) {
                throw new Malformed();
            }
            pos += n;
        }
    }

    /** Control flow for "not a valid aggregate"; no stack trace, since garbage input is expected. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed() {
            super(null, null, false, false);
        }
    }
}
