package io.github.kinesisproducer.internal.aggregation;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Builds one KPL aggregated record: magic {@code F3 89 9A C2}, a protobuf (proto2) {@code AggregatedRecord},
 * then the MD5 of the protobuf bytes. Sizes are exact, including the growth of every varint length prefix,
 * so a caller can fill an aggregate to the last byte of the stream's record-size limit.
 *
 * <p>The protobuf is hand-written in the field order protobuf-java itself serializes (all partition keys,
 * then all explicit hash keys, then all records), so the bytes equal what the KPL's generated code would
 * emit for the same message. Keys are deduplicated per table: the same string always gets the same index.
 *
 * <p>Hot path: {@link #sizeIfAdded} then {@link #add} once per user record. The producer passes each partition
 * key's UTF-8 bytes along (it has them from hashing), so neither allocates except when an internal array grows;
 * the last key lookup is cached so {@code add} after {@code sizeIfAdded} with the same String instances does not
 * look them up again. The aggregate keeps a <em>reference</em> to each data array (no copy):
 * callers must not modify it until the aggregate is encoded or reset.
 *
 * <p>Partition keys and explicit hash keys are not validated here (the producer validates them on entry);
 * an unpaired surrogate is written as {@code '?'}, like {@code String.getBytes(UTF_8)} and
 * {@code HashKey.ofPartitionKey}. Not thread-safe.
 */
public final class KplAggregate {

    /** First four bytes of every aggregated record. */
    static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

    /** The four magic bytes an aggregate starts with (a copy). */
    public static byte[] magic() {
        return MAGIC.clone();
    }
    public static final int MD5_LENGTH = 16;
    /** Bytes around the protobuf: magic + MD5. An aggregate with no records is exactly this long. */
    public static final int OVERHEAD = 4 + MD5_LENGTH;

    // Protobuf tags: (field number << 3) | wire type. 2 = length-delimited, 0 = varint.
    static final int TAG_PARTITION_KEY_TABLE = (1 << 3) | 2;     // 0x0A
    static final int TAG_EXPLICIT_HASH_KEY_TABLE = (2 << 3) | 2; // 0x12
    static final int TAG_RECORDS = (3 << 3) | 2;                 // 0x1A
    static final int TAG_PARTITION_KEY_INDEX = 1 << 3;           // 0x08
    static final int TAG_EXPLICIT_HASH_KEY_INDEX = 2 << 3;       // 0x10
    static final int TAG_DATA = (3 << 3) | 2;                    // 0x1A

    /** Largest aggregate we agree to build: a Java array's practical limit. */
    private static final long MAX_ENCODED = Integer.MAX_VALUE - 16;

    private final KeyTable partitionKeys = new KeyTable(TAG_PARTITION_KEY_TABLE);
    private final KeyTable explicitHashKeys = new KeyTable(TAG_EXPLICIT_HASH_KEY_TABLE);
    private final MessageDigest md5;

    private int count;
    private int[] recPk = new int[64];
    private int[] recEhk = new int[64];   // -1 = no explicit hash key
    private int[] recLen = new int[64];   // encoded length of the Record message, without its tag and prefix
    private byte[][] recData = new byte[64][];
    private long protobufSize;

    // Results of the last key lookups, reused when add() follows sizeIfAdded() with the same instances.
    private String lastPk;
    private int lastPkHash;    // keyHash of its UTF-8 bytes
    private int lastPkIndex;   // index in the table, or -1 if absent
    private byte[] lastPkUtf8; // UTF-8 bytes; only meaningful when absent
    private String lastEhk;
    private int lastEhkIndex;
    private byte[] lastEhkUtf8;

    public KplAggregate() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    /**
     * Exact length {@link #encode()} would return after adding a record with these keys and this many data
     * bytes. Returns {@link Integer#MAX_VALUE} if that would exceed what a Java array can hold.
     */
    public int sizeIfAdded(String partitionKey, String explicitHashKeyOrNull, int dataLength) {
        return sizeIfAdded(partitionKey, null, explicitHashKeyOrNull, dataLength);
    }

    /** Like {@link #sizeIfAdded(String, String, int)}, given the key's UTF-8 bytes (null: encode when needed). */
    public int sizeIfAdded(String partitionKey, byte[] partitionKeyUtf8, String explicitHashKeyOrNull, int dataLength) {
        long size = OVERHEAD + protobufSize
                + growth(partitionKey, partitionKeyUtf8, explicitHashKeyOrNull, dataLength);
        return size > MAX_ENCODED ? Integer.MAX_VALUE : (int) size;
    }

    /**
     * Adds a user record. Keys equal to ones already in the aggregate reuse their table entries.
     *
     * @throws IllegalStateException if the aggregate would exceed the size a Java array can hold
     */
    public void add(String partitionKey, String explicitHashKeyOrNull, byte[] data) {
        add(partitionKey, null, explicitHashKeyOrNull, data);
    }

    /** Like {@link #add(String, String, byte[])}, given the key's UTF-8 bytes (null: encode when needed). */
    public void add(String partitionKey, byte[] partitionKeyUtf8, String explicitHashKeyOrNull, byte[] data) {
        Objects.requireNonNull(data, "data");
        // also fills the lookup cache
        long growth = growth(partitionKey, partitionKeyUtf8, explicitHashKeyOrNull, data.length);
        if (OVERHEAD + protobufSize + growth > MAX_ENCODED) {
            throw new IllegalStateException("Aggregate would exceed " + MAX_ENCODED + " bytes");
        }
        int pk = lastPkIndex >= 0 ? lastPkIndex : partitionKeys.insert(partitionKey, lastPkHash, lastPkUtf8);
        lastPkIndex = pk;
        int ehk = -1;
        if (explicitHashKeyOrNull != null) {
            ehk = lastEhkIndex >= 0 ? lastEhkIndex
                    : explicitHashKeys.insert(explicitHashKeyOrNull, explicitHashKeyOrNull.hashCode(), lastEhkUtf8);
            lastEhkIndex = ehk;
        }
        if (count == recPk.length) {
            int n = count * 2;
            recPk = Arrays.copyOf(recPk, n);
            recEhk = Arrays.copyOf(recEhk, n);
            recLen = Arrays.copyOf(recLen, n);
            recData = Arrays.copyOf(recData, n);
        }
        recPk[count] = pk;
        recEhk[count] = ehk;
        recLen[count] = recordLength(pk, ehk, data.length);
        recData[count] = data;
        count++;
        protobufSize += growth;
    }

    /** Protobuf bytes added by a record with these keys; leaves the lookups in the cache fields. */
    private long growth(String partitionKey, byte[] partitionKeyUtf8, String explicitHashKey, int dataLength) {
        long g = 0;
        Objects.requireNonNull(partitionKey, "partitionKey"); // before the cache: lastPk starts out null
        if (!partitionKey.equals(lastPk)) { // equals tests identity first: the same key sent again is cheap
            byte[] keyUtf8 = partitionKeyUtf8 != null ? partitionKeyUtf8 : utf8(partitionKey);
            lastPk = partitionKey;
            lastPkHash = keyHash(keyUtf8);
            lastPkIndex = partitionKeys.indexOf(partitionKey, lastPkHash);
            lastPkUtf8 = lastPkIndex >= 0 ? null : keyUtf8;
        }
        int pk = lastPkIndex;
        if (pk < 0) {
            pk = partitionKeys.size;
            g += 1 + varintSize(lastPkUtf8.length) + lastPkUtf8.length;
        }
        int ehk = -1;
        if (explicitHashKey != null) {
            if (!explicitHashKey.equals(lastEhk)) {
                lastEhk = explicitHashKey;
                lastEhkIndex = explicitHashKeys.indexOf(explicitHashKey, explicitHashKey.hashCode());
                lastEhkUtf8 = lastEhkIndex < 0 ? utf8(explicitHashKey) : null;
            }
            ehk = lastEhkIndex;
            if (ehk < 0) {
                ehk = explicitHashKeys.size;
                g += 1 + varintSize(lastEhkUtf8.length) + lastEhkUtf8.length;
            }
        }
        if (dataLength < 0) {
            throw new IllegalArgumentException("dataLength " + dataLength + " < 0");
        }
        int rec = recordLength(pk, ehk, dataLength);
        return g + 1 + varintSize(rec) + (long) rec;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * The partition-key table's hash, over the key's UTF-8 bytes eight at a time. Nearly every key of a typical
     * workload is new (a UUID per record), so each one is hashed once, and {@code String.hashCode} is a chain of one
     * dependent multiply per character on Java 17 (no vectorized intrinsic before 21): ≈ 4× the cost for a 36-byte
     * key. Equal keys have equal bytes, so equal hashes; lookups still compare the keys themselves.
     */
    static int keyHash(byte[] b) {
        int n = b.length;
        long h = n * 0x9E3779B97F4A7C15L;
        if (n >= 8) {
            for (int i = 0; i + 8 < n; i += 8) {
                h = mix(h ^ (long) LONGS.get(b, i));
            }
            h = mix(h ^ (long) LONGS.get(b, n - 8)); // the last 8 bytes (overlapping the previous word if need be)
        } else {
            for (int i = 0; i < n; i++) {
                h = (h ^ (b[i] & 0xFF)) * 0x100000001B3L;
            }
        }
        h = mix(h);
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long h) {
        h *= 0xFF51AFD7ED558CCDL;
        return h ^ (h >>> 29);
    }

    /** An unpaired surrogate becomes {@code '?'}, as in {@code HashKey.ofPartitionKey}. */
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Length of one Record message body. Callers keep dataLength below MAX_ENCODED, so no int overflow. */
    private static int recordLength(int pkIndex, int ehkIndex, int dataLength) {
        long len = 1 + varintSize(pkIndex) + 1 + varintSize(dataLength) + (long) dataLength;
        if (ehkIndex >= 0) {
            len += 1 + varintSize(ehkIndex);
        }
        return (int) Math.min(len, Integer.MAX_VALUE);
    }

    /** Number of user records added since construction or the last reset. */
    public int count() {
        return count;
    }

    /** Exact length of {@link #encode()} now; {@link #OVERHEAD} (20) when no record was added. */
    public int size() {
        return (int) (OVERHEAD + protobufSize);
    }

    /** Distinct partition keys in the table (for metrics and tests). */
    public int partitionKeyCount() {
        return partitionKeys.size;
    }

    /** Distinct explicit hash keys in the table. */
    public int explicitHashKeyCount() {
        return explicitHashKeys.size;
    }

    /**
     * Encodes the aggregate into a fresh array of exactly {@link #size()} bytes. The builder is left as it
     * was: more records may be added and encode() called again; call {@link #reset()} to start over.
     */
    public byte[] encode() {
        int pbLen = (int) protobufSize;
        byte[] out = new byte[OVERHEAD + pbLen];
        System.arraycopy(MAGIC, 0, out, 0, 4);
        int p = 4;
        p = partitionKeys.writeAll(out, p);
        p = explicitHashKeys.writeAll(out, p);
        for (int i = 0; i < count; i++) {
            out[p++] = TAG_RECORDS;
            p = writeVarint(recLen[i], out, p);
            out[p++] = TAG_PARTITION_KEY_INDEX;
            p = writeVarint(recPk[i], out, p);
            if (recEhk[i] >= 0) {
                out[p++] = TAG_EXPLICIT_HASH_KEY_INDEX;
                p = writeVarint(recEhk[i], out, p);
            }
            byte[] d = recData[i];
            out[p++] = TAG_DATA;
            p = writeVarint(d.length, out, p);
            System.arraycopy(d, 0, out, p, d.length);
            p += d.length;
        }
        if (p != 4 + pbLen) {
            throw new IllegalStateException("size accounting error: wrote " + p + " of " + (4 + pbLen));
        }
        md5.update(out, 4, pbLen);
        try {
            md5.digest(out, p, MD5_LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("MD5 digest failed", e); // cannot happen: 16 bytes are free
        }
        return out;
    }

    /** Empties the aggregate for reuse, keeping its buffers; drops references to keys and data. */
    public void reset() {
        Arrays.fill(recData, 0, count, null);
        count = 0;
        protobufSize = 0;
        partitionKeys.clear();
        explicitHashKeys.clear();
        lastPk = null;
        lastPkUtf8 = null;
        lastEhk = null;
        lastEhkUtf8 = null;
    }

    static int varintSize(long v) {
        // 7 payload bits per byte; v == 0 still takes one byte.
        int bits = 64 - Long.numberOfLeadingZeros(v | 1);
        return (bits + 6) / 7;
    }

    static int writeVarint(long v, byte[] out, int p) {
        while ((v & ~0x7FL) != 0) {
            out[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    /**
     * Insertion-ordered string → index table with open addressing, so lookups and inserts create no
     * garbage (a HashMap would allocate a node and often an Integer per new key). With distinct keys nearly
     * every lookup misses, so a probe compares the stored hash first and only reads a key String on a match.
     * The table's protobuf entries are appended as keys arrive, while their bytes are still in the cache, so
     * {@code encode} copies them in one piece.
     */
    private static final class KeyTable {
        private final int tag;
        private int[] slots = new int[128]; // index + 1; 0 = empty
        private String[] keys = new String[64];
        private int[] hashes = new int[64];
        private byte[] encoded = new byte[256]; // tag, length and UTF-8 bytes of every key, in index order
        private int encodedLength;
        int size;

        KeyTable(int tag) {
            this.tag = tag;
        }

        /** @param hash the table's hash of {@code s} (the same function for every key of one table) */
        int indexOf(String s, int hash) {
            int mask = slots.length - 1;
            for (int h = spread(hash) & mask; ; h = (h + 1) & mask) {
                int v = slots[h];
                if (v == 0) {
                    return -1;
                }
                if (hashes[v - 1] == hash) {
                    String k = keys[v - 1];
                    if (k.equals(s)) {
                        return v - 1;
                    }
                }
            }
        }

        /** Inserts a key known to be absent; returns its index. */
        int insert(String s, int hash, byte[] keyUtf8) {
            if ((size + 1) * 2 > slots.length) {
                rehash(slots.length * 2);
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                hashes = Arrays.copyOf(hashes, size * 2);
            }
            keys[size] = s;
            hashes[size] = hash;
            place(hashes[size], size + 1);
            appendEntry(keyUtf8);
            return size++;
        }

        private void appendEntry(byte[] keyUtf8) {
            int need = encodedLength + 1 + varintSize(keyUtf8.length) + keyUtf8.length;
            if (need > encoded.length) {
                encoded = Arrays.copyOf(encoded, Math.max(need, encoded.length * 2));
            }
            encoded[encodedLength++] = (byte) tag;
            encodedLength = writeVarint(keyUtf8.length, encoded, encodedLength);
            System.arraycopy(keyUtf8, 0, encoded, encodedLength, keyUtf8.length);
            encodedLength += keyUtf8.length;
        }

        private void place(int hash, int value) {
            int mask = slots.length - 1;
            int h = spread(hash) & mask;
            while (slots[h] != 0) {
                h = (h + 1) & mask;
            }
            slots[h] = value;
        }

        private void rehash(int capacity) {
            slots = new int[capacity];
            for (int i = 0; i < size; i++) {
                place(hashes[i], i + 1);
            }
        }

        int writeAll(byte[] out, int p) {
            System.arraycopy(encoded, 0, out, p, encodedLength);
            return p + encodedLength;
        }

        void clear() {
            if (size == 0) {
                return;
            }
            // One unusually key-rich aggregate should not make every later reset clear a huge array.
            if (slots.length > 8192 || encoded.length > 64 * 1024) {
                slots = new int[128];
                keys = new String[64];
                hashes = new int[64];
                encoded = new byte[256];
            } else {
                Arrays.fill(slots, 0);
                Arrays.fill(keys, 0, size, null);
            }
            size = 0;
            encodedLength = 0;
        }

        private static int spread(int h) {
            return h ^ (h >>> 16);
        }
    }
}
