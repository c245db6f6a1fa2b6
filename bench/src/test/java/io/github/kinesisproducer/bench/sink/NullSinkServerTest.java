package io.github.kinesisproducer.bench.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.kinesis.producer.protobuf.Messages;
import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.utils.AttributeMap;

class NullSinkServerTest {
    private static NullSinkServer sink;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("aws.cborEnabled", "false");
        sink = NullSinkServer.start(4, 0, 0, 2, true);
    }

    @AfterAll
    static void stop() {
        sink.close();
    }

    private static KinesisAsyncClient client(String endpoint, boolean trustAll) {
        SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().buildWithDefaults(AttributeMap.builder()
                .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, trustAll).build());
        return KinesisAsyncClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(endpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "secret")))
                .httpClient(http).build();
    }

    static int expectedShard(BigInteger hash, int shards) {
        BigInteger step = BigInteger.ONE.shiftLeft(128).divide(BigInteger.valueOf(shards));
        return Math.min(shards - 1, hash.divide(step).intValue());
    }

    static BigInteger md5(String key) throws Exception {
        return new BigInteger(1, MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void listShardsSplitsTheHashSpaceEvenly() {
        try (KinesisAsyncClient c = client("http://127.0.0.1:" + sink.plainPort(), false)) {
            ListShardsResponse r = c.listShards(b -> b.streamName("s")).join();
            assertThat(r.shards()).hasSize(4);
            assertThat(r.shards().get(0).hashKeyRange().endingHashKey())
                    .isEqualTo(BigInteger.ONE.shiftLeft(126).subtract(BigInteger.ONE).toString());
            assertThat(r.shards().get(3).hashKeyRange().endingHashKey())
                    .isEqualTo(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE).toString());
            assertThat(r.shards().get(1).shardId()).isEqualTo("shardId-000000000001");
        }
    }

    @Test
    void putRecordsAnswersEveryRecordOnItsShard() throws Exception {
        try (KinesisAsyncClient c = client("http://127.0.0.1:" + sink.plainPort(), false)) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 499; i++) {
                String key = i == 7 ? "ké\"y\\/" : UUID.randomUUID().toString();
                entries.add(PutRecordsRequestEntry.builder().partitionKey(key)
                        .data(SdkBytes.fromByteArray(new byte[i % 50])).build());
                expected.add(expectedShard(md5(key), 4));
            }
            BigInteger ehk = BigInteger.ONE.shiftLeft(127); // first key of shard 2
            entries.add(PutRecordsRequestEntry.builder().partitionKey("a").explicitHashKey(ehk.toString())
                    .data(SdkBytes.fromUtf8String("x")).build());
            expected.add(2);
            Map<String, Long> before = sink.stats().snapshot();
            PutRecordsResponse r = c.putRecords(b -> b.streamName("s").records(entries)).join();
            Map<String, Long> d = SinkStats.delta(sink.stats().snapshot(), before);
            assertThat(r.failedRecordCount()).isZero();
            assertThat(r.records()).hasSize(500);
            for (int i = 0; i < 500; i++) {
                PutRecordsResultEntry e = r.records().get(i);
                assertThat(e.shardId()).as("record %d", i).isEqualTo(String.format("shardId-%012d", expected.get(i)));
                assertThat(e.sequenceNumber()).hasSize(56);
            }
            assertThat(d.get("kinesisRecords")).isEqualTo(500);
            assertThat(d.get("userRecords")).isEqualTo(500);
            long bytes = 0;
            for (int i = 0; i < 499; i++) {
                bytes += i % 50;
            }
            assertThat(d.get("kinesisDataBytes")).isEqualTo(bytes + 1);
        }
    }

    @Test
    void countsKplSubRecordsOverTls() throws Exception {
        Messages.AggregatedRecord.Builder agg = Messages.AggregatedRecord.newBuilder();
        for (int i = 0; i < 10; i++) {
            agg.addPartitionKeyTable("pk" + i);
            agg.addRecords(Messages.Record.newBuilder().setPartitionKeyIndex(i).setData(ByteString.copyFrom(new byte[100])));
        }
        byte[] pb = agg.build().toByteArray();
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        blob.write(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2});
        blob.write(pb);
        blob.write(MessageDigest.getInstance("MD5").digest(pb));
        byte[] bad = blob.toByteArray().clone();
        bad[bad.length - 1] ^= 1;
        try (KinesisAsyncClient c = client("https://127.0.0.1:" + sink.tlsPort(), true)) {
            Map<String, Long> before = sink.stats().snapshot();
            c.putRecords(b -> b.streamName("s").records(
                    PutRecordsRequestEntry.builder().partitionKey("a").data(SdkBytes.fromByteArray(blob.toByteArray())).build(),
                    PutRecordsRequestEntry.builder().partitionKey("b").data(SdkBytes.fromByteArray(bad)).build())).join();
            Map<String, Long> d = SinkStats.delta(sink.stats().snapshot(), before);
            assertThat(d.get("aggregates")).isEqualTo(1);
            assertThat(d.get("badAggregates")).isEqualTo(1);
            assertThat(d.get("userRecords")).isEqualTo(11);
            assertThat(d.get("userBytes")).isEqualTo(1000 + bad.length);
            assertThat(d.get("tlsRequests")).isEqualTo(1);
        }
    }

    @Test
    void countsBillingUnitsPerKinesisRecordAndChecksArrivalsByIndex() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + sink.plainPort();
        assertThat(get(http, base + "/__expect?records=3").statusCode()).isEqualTo(200);
        try (KinesisAsyncClient c = client(base, false)) {
            Map<String, Long> before = sink.stats().snapshot();
            c.putRecords(b -> b.streamName("s").records(
                    PutRecordsRequestEntry.builder().partitionKey("abc") // 1,024 + 3 bytes: 2 KB on demand, 1 KB without the key
                            .data(SdkBytes.fromByteArray(ArrivalCheckTest.record(0, 1024))).build(),
                    PutRecordsRequestEntry.builder().partitionKey("k") // 30,000 + 1 bytes: 2 PUT payload units
                            .data(SdkBytes.fromByteArray(ArrivalCheckTest.record(2, 30_000))).build(),
                    PutRecordsRequestEntry.builder().partitionKey("k")
                            .data(SdkBytes.fromByteArray(ArrivalCheckTest.record(2, 8))).build())).join();
            Map<String, Long> d = SinkStats.delta(sink.stats().snapshot(), before);
            assertThat(d).containsEntry("partitionKeyBytes", 5L).containsEntry("putPayloadUnits", 4L)
                    .containsEntry("onDemandKb", 2L + 30 + 1).containsEntry("onDemandKbDataOnly", 1L + 30 + 1)
                    .containsEntry("putPayloadUnitsDataOnly", 4L);
        }
        HttpResponse<String> r = get(http, base + "/__arrivals?sent=3");
        assertThat(SinkStats.parse(r.body())).containsEntry("expected", 3L).containsEntry("arrived", 2L)
                .containsEntry("missing", 1L).containsEntry("duplicates", 1L).containsEntry("unexpected", 0L);
        assertThat(get(http, base + "/__nothing").statusCode()).isEqualTo(404);
        assertThat(get(http, base + "/__expect").statusCode()).isEqualTo(400); // no records= parameter
    }

    private static HttpResponse<String> get(HttpClient http, String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void stsGetCallerIdentityAndStats() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.plainPort() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<Account>000000000000</Account>");
        HttpResponse<String> s = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sink.plainPort() + "/__stats")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(SinkStats.parse(s.body())).containsKeys("userRecords", "sinkCpuMs");
    }
}
