package io.github.kinesisproducer.internal.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The ListShards request and response in the Kinesis JSON 1.1 protocol, read into {@link ListedShard}s. */
final class ListShardsJson {
    private ListShardsJson() {
    }

    /**
     * The first page names the stream (by name or ARN); later pages pass only the token (Kinesis rejects both
     * together).
     */
    static byte[] request(String streamName, String nextToken) {
        String field = nextToken != null ? "NextToken" : StreamIds.field(streamName);
        String value = nextToken != null ? nextToken : streamName;
        byte[] b = new byte[field.length() + PutRecordsJson.escapedBound(value) + 8];
        int p = ascii("{\"" + field + "\":", b, 0);
        p = PutRecordsJson.quote(value, b, p);
        b[p++] = '}';
        return java.util.Arrays.copyOf(b, p);
    }

    private static int ascii(String s, byte[] b, int p) {
        byte[] a = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(a, 0, b, p, a.length);
        return p + a.length;
    }

    /** @throws IllegalArgumentException if the body is not the JSON shape ListShards returns */
    static ShardPages.Page read(byte[] body, int length) {
        if (!(Json.parse(body, length) instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException("ListShards response is not a JSON object");
        }
        Object list = root.get("Shards");
        if (list != null && !(list instanceof List<?>)) {
            throw new IllegalArgumentException("ListShards response has a \"Shards\" field that is not an array");
        }
        List<ListedShard> shards = new ArrayList<>();
        for (Object o : list == null ? List.of() : (List<?>) list) {
            if (!(o instanceof Map<?, ?> m) || m.get("ShardId") == null
                    || !(m.get("HashKeyRange") instanceof Map<?, ?> range)
                    || !isHashKey(PutRecordsJson.text(range, "StartingHashKey"))
                    || !isHashKey(PutRecordsJson.text(range, "EndingHashKey"))) {
                throw new IllegalArgumentException("ListShards response has a shard without ShardId or a valid "
                        + "HashKeyRange");
            }
            String ending = m.get("SequenceNumberRange") instanceof Map<?, ?> seq
                    ? PutRecordsJson.text(seq, "EndingSequenceNumber") : null;
            shards.add(new ListedShard(PutRecordsJson.text(m, "ShardId"), PutRecordsJson.text(range, "StartingHashKey"),
                    PutRecordsJson.text(range, "EndingHashKey"), PutRecordsJson.text(m, "ParentShardId"),
                    PutRecordsJson.text(m, "AdjacentParentShardId"), ending == null));
        }
        return new ShardPages.Page(shards, PutRecordsJson.text(root, "NextToken"));
    }

    private static final java.math.BigInteger MAX_HASH_KEY = java.math.BigInteger.ONE.shiftLeft(128)
            .subtract(java.math.BigInteger.ONE);

    /** A decimal hash key, 0 to 2^128-1, in canonical form (no sign, no leading zeros). */
    static boolean isHashKey(String s) {
        if (s == null || s.isEmpty() || s.length() > 39 || (s.length() > 1 && s.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return new java.math.BigInteger(s).compareTo(MAX_HASH_KEY) <= 0;
    }
}
