package io.github.kinesisproducer.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** The ListShards request and response in the Kinesis JSON 1.1 protocol, read into the SDK's model types. */
final class ListShardsJson {
    private ListShardsJson() {
    }

    /** One page of shards and the token for the next page (null on the last). */
    record Page(List<Shard> shards, String nextToken) {
    }

    /** The first page names the stream; later pages pass only the token (Kinesis rejects both together). */
    static byte[] request(String streamName, String nextToken) {
        String field = nextToken != null ? "NextToken" : "StreamName";
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
    static Page read(byte[] body, int length) {
        if (!(Json.parse(body, length) instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException("ListShards response is not a JSON object");
        }
        Object list = root.get("Shards");
        if (list != null && !(list instanceof List<?>)) {
            throw new IllegalArgumentException("ListShards response has a \"Shards\" field that is not an array");
        }
        List<Shard> shards = new ArrayList<>();
        for (Object o : list == null ? List.of() : (List<?>) list) {
            if (!(o instanceof Map<?, ?> m) || m.get("ShardId") == null
                    || !(m.get("HashKeyRange") instanceof Map<?, ?> range)
                    || !HashKey.isValidDecimal(PutRecordsJson.text(range, "StartingHashKey"))
                    || !HashKey.isValidDecimal(PutRecordsJson.text(range, "EndingHashKey"))) {
                throw new IllegalArgumentException("ListShards response has a shard without ShardId or a valid "
                        + "HashKeyRange");
            }
            Shard.Builder shard = Shard.builder()
                    .shardId(PutRecordsJson.text(m, "ShardId"))
                    .parentShardId(PutRecordsJson.text(m, "ParentShardId"))
                    .adjacentParentShardId(PutRecordsJson.text(m, "AdjacentParentShardId"))
                    .hashKeyRange(HashKeyRange.builder()
                            .startingHashKey(PutRecordsJson.text(range, "StartingHashKey"))
                            .endingHashKey(PutRecordsJson.text(range, "EndingHashKey"))
                            .build());
            if (m.get("SequenceNumberRange") instanceof Map<?, ?> seq) {
                shard.sequenceNumberRange(SequenceNumberRange.builder()
                        .startingSequenceNumber(PutRecordsJson.text(seq, "StartingSequenceNumber"))
                        .endingSequenceNumber(PutRecordsJson.text(seq, "EndingSequenceNumber"))
                        .build());
            }
            shards.add(shard.build());
        }
        return new Page(shards, PutRecordsJson.text(root, "NextToken"));
    }
}
