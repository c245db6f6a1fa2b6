package io.github.kinesisproducer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stream named by ARN (another account's stream) is named so in every call the producer's own client makes. */
class StreamArnTest {
    private static final String ARN = "arn:aws:kinesis:eu-west-1:123456789012:stream/orders";

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void everyCallNamesAnArnAsStreamArnAndANameAsStreamName() {
        assertThat(utf8(StreamSummaryJson.request(ARN))).isEqualTo("{\"StreamARN\":\"" + ARN + "\"}");
        assertThat(utf8(StreamSummaryJson.request("orders"))).isEqualTo("{\"StreamName\":\"orders\"}");
        assertThat(utf8(ListShardsJson.request(ARN, null))).isEqualTo("{\"StreamARN\":\"" + ARN + "\"}");
        assertThat(utf8(ListShardsJson.request("orders", null))).isEqualTo("{\"StreamName\":\"orders\"}");
        assertThat(utf8(ListShardsJson.request(ARN, "token-2"))).as("later pages: the token alone")
                .isEqualTo("{\"NextToken\":\"token-2\"}");

        List<PutRecordsRequest.Entry> one = List.of(new PutRecordsRequest.Entry("k", null, new byte[] {1}));
        PutRecordsRequest byArn = PutRecordsRequest.to(ARN, one);
        assertThat(byArn.streamArn()).isEqualTo(ARN);
        assertThat(byArn.streamName()).isNull();
        PutRecordsRequest byName = PutRecordsRequest.to("orders", one);
        assertThat(byName.streamName()).isEqualTo("orders");
        assertThat(byName.streamArn()).isNull();
        PutRecordsJson.Body body = PutRecordsJson.write(byArn, n -> new byte[n]);
        assertThat(new String(body.bytes(), 0, body.length(), StandardCharsets.UTF_8))
                .contains("\"StreamARN\":\"" + ARN + "\"").doesNotContain("StreamName");
    }

    @Test
    void onlyTheArnPrefixMakesAnArn() {
        assertThat(StreamIds.isArn(ARN)).isTrue();
        assertThat(StreamIds.isArn("orders")).isFalse();
        assertThat(StreamIds.isArn("arnold")).isFalse();
        assertThat(StreamIds.isArn(null)).isFalse();
    }
}
