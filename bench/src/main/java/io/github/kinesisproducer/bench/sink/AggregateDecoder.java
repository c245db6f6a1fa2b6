package io.github.kinesisproducer.bench.sink;

import java.security.MessageDigest;

/**
 * Counts the user records inside one Kinesis record's data, as a validity check of what producers send.
 * KPL aggregate format: magic F3 89 9A C2, protobuf {@code AggregatedRecord} (1: repeated string partition_key_table,
 * 2: repeated string explicit_hash_key_table, 3: repeated Record records), then MD5 of the protobuf bytes (16 bytes).
 * {@code Record}: 1: uint64 partition_key_index, 2: uint64 explicit_hash_key_index, 3: bytes data, 4: repeated Tag tags.
 * Data without the magic counts as one user record (the KPL sends single-record containers raw).
 */
final class AggregateDecoder {
    static final int MAGIC_LEN = 4;
    static final int MD5_LEN = 16;

    /** Results of the last {@link #count} call. */
    long userRecords;
    long userBytes;
    boolean aggregated;

    private final MessageDigest md5 = ShardRanges.newMd5();
    private final byte[] digest = new byte[MD5_LEN];
    private int pos;
    /** Where the data of the last Record {@link #record} read starts. */
    private int dataOffset;

    static boolean hasMagic(byte[] d, int off, int len) {
        return len >= MAGIC_LEN + MD5_LEN && d[off] == (byte) 0xF3 && d[off + 1] == (byte) 0x89
                && d[off + 2] == (byte) 0x9A && d[off + 3] == (byte) 0xC2;
    }

    boolean count(byte[] d, int off, int len, boolean checkMd5) {
        return count(d, off, len, checkMd5, null);
    }

    /**
     * Decodes d[off, off+len). Returns false if the data has the magic but is not a valid aggregate (bad MD5, bad
     * protobuf, sub-record with an index outside the tables). Each user record's data goes to {@code arrivals}
     * (if not null).
     */
    boolean count(byte[] d, int off, int len, boolean checkMd5, ArrivalCheck arrivals) {
        aggregated = hasMagic(d, off, len);
        if (!aggregated) {
            userRecords = 1;
            userBytes = len;
            if (arrivals != null) {
                arrivals.seen(d, off, len);
            }
            return true;
        }
        int pbStart = off + MAGIC_LEN;
        int pbEnd = off + len - MD5_LEN;
        if (checkMd5) {
            md5.update(d, pbStart, pbEnd - pbStart);
            try {
                md5.digest(digest, 0, MD5_LEN);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e);
            }
            for (int i = 0; i < MD5_LEN; i++) {
                if (digest[i] != d[pbEnd + i]) {
                    return false;
                }
            }
        }
        long records = 0;
        long bytes = 0;
        long pkCount = 0;
        long ehkCount = 0;
        pos = pbStart;
        try {
            while (pos < pbEnd) {
                long tag = varint(d, pbEnd);
                int field = (int) (tag >>> 3);
                if ((tag & 7) != 2) {
                    return false;
                }
                int l = (int) varint(d, pbEnd);
                if (l < 0 || pos + l > pbEnd) {
                    return false;
                }
                switch (field) {
                    case 1 -> pkCount++;
                    case 2 -> ehkCount++;
                    case 3 -> {
                        long sub = record(d, pos, pos + l, pkCount, ehkCount);
                        if (sub < 0) {
                            return false;
                        }
                        if (arrivals != null) {
                            arrivals.seen(d, dataOffset, (int) sub);
                        }
                        records++;
                        bytes += sub;
                    }
                    default -> { /* unknown field: skip */ }
                }
                pos += l;
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            return false;
        }
        userRecords = records;
        userBytes = bytes;
        return records > 0;
    }

    /** Returns the data length of one Record message, or -1 if malformed. Tables are written before records. */
    private long record(byte[] d, int start, int end, long pkCount, long ehkCount) {
        int saved = pos;
        pos = start;
        long dataLen = -1;
        boolean hasPk = false;
        while (pos < end) {
            long tag = varint(d, end);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (wire == 0) {
                long v = varint(d, end);
                if (field == 1) {
                    hasPk = true;
                    if (v >= pkCount) {
                        pos = saved;
                        return -1;
                    }
                } else if (field == 2 && v >= ehkCount) {
                    pos = saved;
                    return -1;
                }
            } else if (wire == 2) {
                int l = (int) varint(d, end);
                if (field == 3) {
                    dataLen = l;
                    dataOffset = pos;
                }
                pos += l;
            } else {
                pos = saved;
                return -1;
            }
        }
        boolean ok = pos == end && hasPk && dataLen >= 0;
        pos = saved;
        return ok ? dataLen : -1;
    }

    private long varint(byte[] d, int end) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new ArrayIndexOutOfBoundsException("varint past end");
            }
            byte x = d[pos++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
        throw new ArrayIndexOutOfBoundsException("varint too long");
    }
}
