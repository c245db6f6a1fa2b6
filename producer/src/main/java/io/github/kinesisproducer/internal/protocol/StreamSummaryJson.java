package io.github.kinesisproducer.internal.protocol;

import java.util.Map;

/**
 * The DescribeStreamSummary request and response in the Kinesis JSON 1.1 protocol, read into a {@link StreamSummary}.
 * Only what the producer (and a command-line tool showing the stream) uses is read: name, ARN, status, mode, open
 * shards, record distribution strategy and max record size; other fields are ignored.
 */
final class StreamSummaryJson {
    private StreamSummaryJson() {
    }

    /** Names the stream by name or ARN. */
    static byte[] request(String streamName) {
        byte[] head = ("{\"" + StreamIds.field(streamName) + "\":").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] b = new byte[PutRecordsJson.escapedBound(streamName) + head.length + 1];
        System.arraycopy(head, 0, b, 0, head.length);
        int p = PutRecordsJson.quote(streamName, b, head.length);
        b[p++] = '}';
        return java.util.Arrays.copyOf(b, p);
    }

    /** @throws IllegalArgumentException if the body is not the JSON shape DescribeStreamSummary returns */
    static StreamSummary read(byte[] body, int length) {
        if (!(Json.parse(body, length) instanceof Map<?, ?> root)
                || !(root.get("StreamDescriptionSummary") instanceof Map<?, ?> s)) {
            throw new IllegalArgumentException("DescribeStreamSummary response has no \"StreamDescriptionSummary\" "
                    + "object");
        }
        String mode = s.get("StreamModeDetails") instanceof Map<?, ?> details
                ? PutRecordsJson.text(details, "StreamMode") : null;
        return new StreamSummary(PutRecordsJson.text(s, "StreamName"), PutRecordsJson.text(s, "StreamARN"),
                PutRecordsJson.text(s, "StreamStatus"), mode, integer(s, "OpenShardCount"),
                PutRecordsJson.text(s, "RecordDistributionStrategy"), integer(s, "MaxRecordSizeInKiB"));
    }

    private static Integer integer(Map<?, ?> m, String field) {
        Object v = m.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 0
                || n.doubleValue() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("DescribeStreamSummary response has a \"" + field
                    + "\" that is not a non-negative integer: " + v);
        }
        return n.intValue();
    }
}
