package io.github.kinesisproducer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written PutRecords JSON: what it writes decodes back to the request; what Kinesis returns reads right. */
class PutRecordsJsonTest {

    @SuppressWarnings("unchecked")
    @Test
    void base64MatchesTheJdksForEveryLengthAroundItsSixByteSteps() {
        Random random = new Random(7);
        List<PutRecordsRequest.Entry> entries = new ArrayList<>();
        for (int len = 0; len <= 70; len++) {
            byte[] data = new byte[len];
            random.nextBytes(data);
            entries.add(new PutRecordsRequest.Entry("k", null, data));
        }
        PutRecordsJson.Body body = PutRecordsJson.write(PutRecordsRequest.of("s", entries));
        List<?> records = (List<?>) ((Map<String, Object>) Json.parse(body.bytes(), body.length())).get("Records");
        for (int i = 0; i < entries.size(); i++) {
            assertThat(((Map<?, ?>) records.get(i)).get("Data")).as("length %d", i)
                    .isEqualTo(Base64.getEncoder().encodeToString(entries.get(i).data()));
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    void bodyDecodesToTheSameRecords() {
        Random random = new Random(42);
        List<PutRecordsRequest.Entry> entries = new ArrayList<>();
        String[] keys = {"plain", "quote\" back\\slash", "tab\tnew\nline\u0001", "é ü 中文 🚀", "\ud800 lone surrogate",
            "/slash"};
        for (int i = 0; i < 40; i++) {
            byte[] data = new byte[i % 7 == 0 ? 0 : random.nextInt(300)]; // every length mod 3, and empty
            random.nextBytes(data);
            entries.add(new PutRecordsRequest.Entry(keys[i % keys.length] + i,
                    i % 5 == 0 ? "340282366920938463463374607431768211455" : null, data));
        }
        PutRecordsRequest request = PutRecordsRequest.of("my-stream", entries);

        PutRecordsJson.Body body = PutRecordsJson.write(request);
        Map<String, Object> root = (Map<String, Object>) Json.parse(body.bytes(), body.length());

        assertThat(root.get("StreamName")).isEqualTo("my-stream");
        assertThat(root).doesNotContainKey("StreamARN");
        List<?> records = (List<?>) root.get("Records");
        assertThat(records).hasSize(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Map<?, ?> r = (Map<?, ?>) records.get(i);
            PutRecordsRequest.Entry e = entries.get(i);
            assertThat(Base64.getDecoder().decode((String) r.get("Data"))).isEqualTo(e.data());
            assertThat(r.get("Data")).isEqualTo(Base64.getEncoder().encodeToString(e.data()));
            assertThat(r.get("PartitionKey")).isEqualTo(e.partitionKey());
            assertThat(r.get("ExplicitHashKey")).isEqualTo(e.explicitHashKey());
        }
        // Only ASCII on the wire: non-ASCII characters travel as \\u escapes.
        for (int i = 0; i < body.length(); i++) {
            assertThat(body.bytes()[i] & 0xFF).isLessThan(0x80);
        }
    }

    @Test
    void streamArnIsWrittenWhenGiven() {
        PutRecordsRequest request = new PutRecordsRequest(null, "arn:aws:kinesis:us-east-1:123456789012:stream/s",
                List.of(new PutRecordsRequest.Entry("k", null, "x".getBytes(StandardCharsets.UTF_8))));
        PutRecordsJson.Body body = PutRecordsJson.write(request);
        assertThat(new String(body.bytes(), 0, body.length(), StandardCharsets.US_ASCII)).isEqualTo(
                "{\"Records\":[{\"Data\":\"eA==\",\"PartitionKey\":\"k\"}],"
                        + "\"StreamARN\":\"arn:aws:kinesis:us-east-1:123456789012:stream/s\"}");
    }

    @Test
    void responseWithSuccessesAndFailures() {
        String json = "{\"EncryptionType\":\"NONE\",\"FailedRecordCount\":1,\"Records\":["
                + "{\"SequenceNumber\":\"49590338271490256608559692538361571095921575989136588898\","
                + "\"ShardId\":\"shardId-000000000001\"},"
                + " {\"ErrorCode\":\"ProvisionedThroughputExceededException\","
                + "\"ErrorMessage\":\"Rate exceeded for shard shardId-000000000001 in stream s under account 1.\"}]}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        PutRecordsResponse r = PutRecordsJson.read(bytes, bytes.length);

        assertThat(r.failedRecordCount()).isEqualTo(1);
        assertThat(r.records()).hasSize(2);
        assertThat(r.records().get(0).sequenceNumber()).isEqualTo("49590338271490256608559692538361571095921575989136588898");
        assertThat(r.records().get(0).shardId()).isEqualTo("shardId-000000000001");
        assertThat(r.records().get(0).errorCode()).isNull();
        assertThat(r.records().get(1).errorCode()).isEqualTo("ProvisionedThroughputExceededException");
        assertThat(r.records().get(1).errorMessage()).startsWith("Rate exceeded for shard");
        assertThat(r.records().get(1).sequenceNumber()).isNull();
    }

    private static PutRecordsResponse read(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return PutRecordsJson.read(b, b.length);
    }

    @Test
    void responseReaderSkipsWhatItDoesNotNeedAndKeepsWhatItDoes() {
        PutRecordsResponse r = read(" {\n \"Unknown\": {\"a\": [1, {\"b\": null}, \"x\\\"y\"], \"c\": true},\n"
                + " \"Records\" : [ {\"ShardId\":\"shardId-0\", \"Extra\":[[]], \"SequenceNumber\":\"1\\u0032\"},\n"
                + "   {\"ErrorCode\":null,\"SequenceNumber\":77,\"ShardId\":\"s\"}, {} ],\n"
                + " \"FailedRecordCount\" : 0, \"EncryptionType\": \"KMS\" } ");
        assertThat(r.records()).hasSize(3);
        assertThat(r.records().get(0).sequenceNumber()).isEqualTo("12");
        assertThat(r.records().get(0).shardId()).isEqualTo("shardId-0");
        assertThat(r.records().get(1).errorCode()).isNull();
        assertThat(r.records().get(1).sequenceNumber()).isEqualTo("77");
        assertThat(r.records().get(2).shardId()).isNull();
        assertThat(r.failedRecordCount()).isZero();

        assertThat(read("{\"Records\":[]}").records()).isEmpty();
        // A repeated field: no guessing which one counts (the response is unreadable: the outcome is unknown).
        assertThatThrownBy(() -> read("{\"Records\":[{}],\"Records\":[{},{}]}")).hasMessageContaining("twice");
        assertThatThrownBy(() -> read("{\"Records\":[{\"ShardId\":\"a\",\"ShardId\":\"b\"}]}"))
                .hasMessageContaining("twice");
    }

    @Test
    void responseReaderRefusesWhatIsNotAPutRecordsResponse() {
        assertThatThrownBy(() -> read("{\"Records\":null}")).hasMessageContaining("no \"Records\" array");
        assertThatThrownBy(() -> read("{\"Records\":{}}")).hasMessageContaining("no \"Records\" array");
        assertThatThrownBy(() -> read("[]")).hasMessageContaining("no \"Records\" array");
        assertThatThrownBy(() -> read("")).hasMessageContaining("no \"Records\" array");
        assertThatThrownBy(() -> read("{\"Records\":[1]}")).hasMessageContaining("not an object");
        assertThatThrownBy(() -> read("{\"Records\":[]} x")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> read("{\"Records\":[{}]")).hasMessageContaining("Malformed JSON");
        assertThatThrownBy(() -> read("{\"Records\":[{},]}")).hasMessageContaining("not an object");
        assertThatThrownBy(() -> read("{\"Records\":[{\"ShardId\" \"x\"}]}")).hasMessageContaining("expected ':'");
        String deep = "{\"Records\":[],\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertThatThrownBy(() -> read(deep)).hasMessageContaining("nested deeper than 64");
    }

    @Test
    void malformedResponsesAreRejectedWithTheReason() {
        byte[] noRecords = "{\"FailedRecordCount\":0}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PutRecordsJson.read(noRecords, noRecords.length))
                .hasMessageContaining("no \"Records\" array");
        byte[] truncated = "{\"Records\":[{\"ShardId\":\"s".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PutRecordsJson.read(truncated, truncated.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Malformed JSON");
    }

    @Test
    void jsonReaderHandlesEscapesNumbersAndLiterals() {
        byte[] json = "{\"s\":\"a\\\"b\\\\c\\u00e9\\n\",\"n\":-12,\"d\":1.5e3,\"t\":true,\"f\":false,\"z\":null,\"a\":[]}"
                .getBytes(StandardCharsets.UTF_8);
        Map<?, ?> m = (Map<?, ?>) Json.parse(json, json.length);
        assertThat(m.get("s")).isEqualTo("a\"b\\c\u00e9\n");
        assertThat(m.get("n")).isEqualTo(-12L);
        assertThat((java.math.BigDecimal) m.get("d")).isEqualByComparingTo("1500");
        assertThat(m.get("t")).isEqualTo(true);
        assertThat(m.get("f")).isEqualTo(false);
        assertThat(m.containsKey("z")).isTrue();
        assertThat(m.get("a")).isEqualTo(List.of());
        assertThatThrownBy(() -> Json.parse("{} x".getBytes(StandardCharsets.UTF_8), 4))
                .hasMessageContaining("trailing");
    }

    @Test
    void jsonReaderRefusesDeepNestingInsteadOfExhaustingTheStack() {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThat(Json.parse(ok.getBytes(StandardCharsets.UTF_8), ok.length())).isInstanceOf(List.class);
        // Siblings do not add up: depth is how deep, not how many.
        String wide = "[" + "[{}],".repeat(200) + "{\"x\":[[]]}]";
        assertThat(Json.parse(wide.getBytes(StandardCharsets.UTF_8), wide.length())).isInstanceOf(List.class);
        String deep = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
        assertThatThrownBy(() -> Json.parse(deep.getBytes(StandardCharsets.UTF_8), deep.length()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested deeper than 64");
    }
}
