package io.github.kinesisproducer.internal;

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
 * than magic + MD5, carry the MD5 of the bytes in between, and those bytes must parse as an
 * {@code AggregatedRecord} whose records have their required fields and valid table indexes. Anything else
 * is "not an aggregate" and the caller treats the data as one plain record. Parsing follows protobuf-java:
 * fields may come in any order, a repeated scalar field's last value wins, unknown fields are skipped.
 */
public final class KplDecoder {

    private static final int WT_VARINT = 0;
    private static final int WT_FIXED64 = 1;
    private static final int WT_LEN = 2;
    private static final int WT_START_GROUP = 3;
    private static final int WT_END_GROUP = 4;
    private static final int WT_FIXED32 = 5;
    private static final int MAX_GROUP_DEPTH = 100; // protobuf-java's default recursion limit

    private KplDecoder() {
    }

    /**
     * One user record from an aggregate. Equality compares the data by content.
     *
     * @param explicitHashKey null when the sub-record had none (its hash key is then MD5 of partitionKey)
     */
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

        /** The hash key Kinesis consumers route this record by: the explicit one, else MD5 of the key. */
        public HashKey hashKey() {
            return explicitHashKey != null ? HashKey.parseDecimal(explicitHashKey)
                    : HashKey.ofPartitionKey(partitionKey);
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
        while (r.pos < end) {
            long tag = r.varint();
            int field = (int) (tag >>> 3);
            int wt = (int) (tag & 7);
            if (field == 1 && wt == WT_LEN) {
                pks.add(r.string());
            } else if (field == 2 && wt == WT_LEN) {
                ehks.add(r.string());
            } else if (field == 3 && wt == WT_LEN) {
                int len = r.length();
                recs.add(parseRecord(b, r.pos, r.pos + len));
                r.pos += len;
            } else {
                r.skip(tag, 0);
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
        while (r.pos < end) {
            long tag = r.varint();
            int field = (int) (tag >>> 3);
            int wt = (int) (tag & 7);
            if (field == 1 && wt == WT_VARINT) {
                pk = index(r.varint());
            } else if (field == 2 && wt == WT_VARINT) {
                ehk = index(r.varint());
            } else if (field == 3 && wt == WT_LEN) {
                dataLen = r.length();
                dataOff = r.pos;
                r.pos += (int) dataLen;
            } else {
                r.skip(tag, 0); // tags (field 4) and unknown fields
            }
        }
        if (pk < 0 || dataOff < 0) {
            throw new Malformed(); // required partition_key_index or data missing
        }
        return new long[] {pk, ehk, dataOff, dataLen};
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

        long varint() throws Malformed {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new Malformed();
                }
                byte x = b[pos++];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    return v;
                }
            }
            throw new Malformed(); // more than 10 bytes
        }

        int length() throws Malformed {
            long len = varint();
            if (len < 0 || len > end - pos) {
                throw new Malformed();
            }
            return (int) len;
        }

        String string() throws Malformed {
            int len = length();
            // proto2 strings are not UTF-8-validated by protobuf-java; decode leniently as it does.
            String s = new String(b, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        void skip(long tag, int depth) throws Malformed {
            int field = (int) (tag >>> 3);
            if (field == 0) {
                throw new Malformed(); // field number 0 is invalid in protobuf
            }
            switch ((int) (tag & 7)) {
                case WT_VARINT -> varint();
                case WT_FIXED64 -> advance(8);
                case WT_LEN -> advance(length());
                case WT_FIXED32 -> advance(4);
                case WT_START_GROUP -> {
                    if (depth >= MAX_GROUP_DEPTH) {
                        throw new Malformed();
                    }
                    while (true) {
                        long t = varint();
                        if ((t & 7) == WT_END_GROUP) {
                            if ((t >>> 3) != field) {
                                throw new Malformed();
                            }
                            return;
                        }
                        skip(t, depth + 1);
                    }
                }
                default -> throw new Malformed(); // stray end-group or wire types 6, 7
            }
        }

        private void advance(int n) throws Malformed {
            if (n > end - pos) {
                throw new Malformed();
            }
            pos += n;
        }
    }

    /** Control flow for "not a valid aggregate"; no stack trace, since garbage input is expected. */
    private static final class Malformed extends Exception {
        Malformed() {
            super(null, null, false, false);
        }
    }
}
