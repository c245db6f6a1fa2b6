package io.github.kinesisproducer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DescribeStreamSummary on the wire, and the keyless PutRecords entries of streams that place records themselves. */
class StreamSummaryJsonTest {

    private static StreamSummary read(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return StreamSummaryJson.read(b, b.length);
    }

    @Test
    void theRequestNamesTheStream() {
        assertThat(new String(StreamSummaryJson.request("my.stream-1"), StandardCharsets.UTF_8))
                .isEqualTo("{\"StreamName\":\"my.stream-1\"}");
    }

    @Test
    void readsTheStrategyTheMaxRecordSizeAndWhatACommandLineWouldShow() {
        StreamSummary s = read("{\"StreamDescriptionSummary\":{\"StreamName\":\"orders\","
                + "\"StreamARN\":\"arn:aws:kinesis:us-east-1:123456789012:stream/orders\",\"StreamStatus\":\"ACTIVE\","
                + "\"StreamModeDetails\":{\"StreamMode\":\"ON_DEMAND\"},\"RetentionPeriodHours\":24,"
                + "\"StreamCreationTimestamp\":1.7E9,\"EnhancedMonitoring\":[{\"ShardLevelMetrics\":[]}],"
                + "\"EncryptionType\":\"NONE\",\"OpenShardCount\":4,\"ConsumerCount\":0,"
                + "\"MaxRecordSizeInKiB\":2048,\"RecordDistributionStrategy\":\"AUTO\"}}");
        assertThat(s.recordDistributionStrategy()).isEqualTo("AUTO");
        assertThat(s.maxRecordSizeInKiB()).isEqualTo(2048);
        assertThat(s.openShardCount()).isEqualTo(4);
        assertThat(s.streamName()).isEqualTo("orders");
        assertThat(s.streamArn()).endsWith("stream/orders");
        assertThat(s.streamMode()).isEqualTo("ON_DEMAND");
        assertThat(s.status()).isEqualTo("ACTIVE");
    }

    @Test
    void anOlderServiceWithoutTheNewFieldsReadsAsAbsent() {
        StreamSummary s = read("{\"StreamDescriptionSummary\":{\"StreamName\":\"s\",\"StreamStatus\":"
                + "\"ACTIVE\",\"OpenShardCount\":1}}");
        assertThat(s.recordDistributionStrategy()).isNull();
        assertThat(s.maxRecordSizeInKiB()).isNull();
        StreamSummary future = read("{\"StreamDescriptionSummary\":{\"RecordDistributionStrategy\":"
                + "\"SOMETHING_NEW\"}}");
        assertThat(future.recordDistributionStrategy()).isEqualTo("SOMETHING_NEW");
    }

    @Test
    void aBodyOfAnotherShapeIsRefused() {
        assertThatThrownBy(() -> read("{\"Shards\":[]}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("StreamDescriptionSummary");
        assertThatThrownBy(() -> read("{\"StreamDescriptionSummary\":{\"MaxRecordSizeInKiB\":\"big\"}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MaxRecordSizeInKiB");
    }

    @SuppressWarnings("unchecked")
    @Test
    void aPutRecordsEntryWithoutAKeyGoesWithoutThePartitionKeyField() {
        PutRecordsRequest request = PutRecordsRequest.of("s", List.of(
                new PutRecordsRequest.Entry(null, null, "a".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                new PutRecordsRequest.Entry("k", null, "b".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        PutRecordsJson.Body body = PutRecordsJson.write(request);
        List<Map<String, Object>> records = (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(body.bytes(),
                body.length())).get("Records");
        assertThat(records.get(0)).containsOnlyKeys("Data");
        assertThat(records.get(1)).containsOnlyKeys("Data", "PartitionKey");
    }
}
