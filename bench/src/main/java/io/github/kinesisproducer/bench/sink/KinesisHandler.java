package io.github.kinesisproducer.bench.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers the Kinesis JSON 1.1 protocol (and the STS/CloudWatch query protocol) at once and discards the data.
 * PutRecords: every record succeeds, on the shard its ExplicitHashKey (else MD5(PartitionKey)) falls in.
 */
final class KinesisHandler implements HttpHandler {
    private static final byte[] K_RECORDS = ascii("Records");
    private static final byte[] K_DATA = ascii("Data");
    private static final byte[] K_PK = ascii("PartitionKey");
    private static final byte[] K_EHK = ascii("ExplicitHashKey");
    private static final byte[] K_STREAM_NAME = ascii("StreamName");
    private static final byte[] K_STREAM_ARN = ascii("StreamARN");
    private static final String JSON_TYPE = "application/x-amz-json-1.1";
    /** 37 fixed digits + a 19-digit counter = a 56-digit sequence number, like AWS's. */
    private static final String SEQ_PREFIX = "4959000000000000000000000000000000000";
    private static final long CREATED_EPOCH_SECONDS = System.currentTimeMillis() / 1000;

    private final ShardRanges shards;
    private final SinkStats stats;
    private final boolean decode;
    private final boolean tls;
    private final ArrivalCheck arrivals;
    private final AtomicLong sequence = new AtomicLong();
    private final ThreadLocal<Worker> workers = ThreadLocal.withInitial(Worker::new);

    KinesisHandler(ShardRanges shards, SinkStats stats, ArrivalCheck arrivals, boolean decode, boolean tls) {
        this.shards = shards;
        this.stats = stats;
        this.arrivals = arrivals;
        this.decode = decode;
        this.tls = tls;
    }

    /** Per-thread scratch space: nothing is allocated per record. */
    private static final class Worker {
        byte[] in = new byte[256 * 1024];
        byte[] decoded = new byte[64 * 1024];
        final ByteSink out = new ByteSink();
        final MessageDigest md5 = ShardRanges.newMd5();
        final AggregateDecoder aggregate = new AggregateDecoder();
        long records;
        long dataBytes;
        long userRecords;
        long userBytes;
        long aggregates;
        long bad;
        long keyBytes;
        long putPayloadUnits;
        long onDemandKb;
        long putPayloadUnitsDataOnly;
        long onDemandKbDataOnly;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                handleOne(ex);
            } catch (RuntimeException e) {
                // Inside the try-with-resources: the exchange must still be open to carry the error back.
                error(ex, workers.get(), 400, "SerializationException",
                        "bench sink could not parse the request: " + e.getMessage());
            }
        }
    }

    private void handleOne(HttpExchange ex) throws IOException {
        stats.requests.increment();
        if (tls) {
            stats.tlsRequests.increment();
        }
        Worker w = workers.get();
        int len = readBody(ex, w);
        stats.bodyBytes.add(len);
        if ("GET".equals(ex.getRequestMethod())) {
            byte[] body = get(ex.getRequestURI().getPath(), ex.getRequestURI().getQuery());
            send(ex, body == null ? 404 : 200, "text/plain", body == null ? new byte[0] : body,
                    body == null ? 0 : body.length);
            return;
        }
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.startsWith("application/x-amz-cbor")) {
            error(ex, w, 400, "SerializationException",
                    "the bench sink speaks JSON only: run the client with -Daws.cborEnabled=false");
            return;
        }
        if (target == null) {
            queryProtocol(ex, new String(w.in, 0, len, StandardCharsets.UTF_8));
            return;
        }
        String op = target.substring(target.indexOf('.') + 1);
        switch (op) {
            case "PutRecords" -> putRecords(ex, w, len);
            case "PutRecord" -> putRecord(ex, w, len);
            case "ListShards" -> control(ex, listShards(w));
            case "DescribeStreamSummary" -> control(ex, describeStreamSummary(w, streamName(w, len)));
            case "DescribeStream" -> control(ex, describeStream(w, streamName(w, len)));
            case "ListStreams" -> control(ex, w.out.ascii("{\"StreamNames\":[\"bench\"],\"HasMoreStreams\":false}"));
            case "CreateStream", "IncreaseStreamRetentionPeriod", "AddTagsToStream" -> control(ex, w.out.ascii("{}"));
            default -> error(ex, w, 400, "UnknownOperationException", "bench sink: unsupported operation " + op);
        }
    }

    /**
     * The bench's own GET endpoints: {@code /__stats} (counters), {@code /__expect?records=N} (opens an arrival window
     * for record indexes 0..N-1), {@code /__arrivals?sent=N} (the window's verdict for N records sent). Null = 404.
     */
    private byte[] get(String path, String query) {
        String text;
        switch (path) {
            case "/__stats" -> text = SinkStats.format(stats.snapshot());
            case "/__expect" -> {
                arrivals.expect(queryLong(query, "records"));
                text = "ok\n";
            }
            case "/__arrivals" -> text = SinkStats.format(arrivals.report(queryLong(query, "sent")));
            case "/" -> text = "bench null sink\n";
            default -> {
                return null;
            }
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static long queryLong(String query, String name) {
        if (query != null) {
            for (String kv : query.split("&", 0)) {
                if (kv.startsWith(name + "=")) {
                    return Long.parseLong(kv.substring(name.length() + 1));
                }
            }
        }
        throw new IllegalArgumentException("missing query parameter " + name);
    }

    private void putRecords(HttpExchange ex, Worker w, int len) throws IOException {
        JsonScanner s = new JsonScanner(w.in, 0, len);
        ByteSink out = w.out;
        out.reset();
        out.ascii("{\"FailedRecordCount\":0,\"EncryptionType\":\"NONE\",\"Records\":[");
        clearCounters(w);
        s.expect('{');
        boolean first = true;
        if (!s.tryConsume('}')) {
            do {
                s.readString();
                s.expect(':');
                if (s.stringEquals(K_RECORDS)) {
                    s.expect('[');
                    if (!s.tryConsume(']')) {
                        do {
                            if (!first) {
                                out.ascii(",");
                            }
                            first = false;
                            record(s, w, out);
                        } while (s.tryConsume(','));
                        s.expect(']');
                    }
                } else {
                    s.skipValue();
                }
            } while (s.tryConsume(','));
            s.expect('}');
        }
        out.ascii("]}");
        stats.putRecordsCalls.increment();
        addCounters(w);
        send(ex, 200, JSON_TYPE, out.buf, out.len);
    }

    private void putRecord(HttpExchange ex, Worker w, int len) throws IOException {
        JsonScanner s = new JsonScanner(w.in, 0, len);
        ByteSink out = w.out;
        out.reset();
        clearCounters(w);
        record(s, w, out);
        out.len--; // drop the closing '}' of the entry to add EncryptionType
        out.ascii(",\"EncryptionType\":\"NONE\"}");
        addCounters(w);
        send(ex, 200, JSON_TYPE, out.buf, out.len);
    }

    /** Reads one record object {Data, PartitionKey, ExplicitHashKey?} and writes its result entry. */
    private void record(JsonScanner s, Worker w, ByteSink out) {
        int dataFrom = -1;
        int dataTo = -1;
        boolean dataEscaped = false;
        int pkFrom = -1;
        int pkTo = -1;
        boolean pkEscaped = false;
        String ehk = null;
        s.expect('{');
        if (!s.tryConsume('}')) {
            do {
                s.readString();
                s.expect(':');
                if (s.stringEquals(K_DATA)) {
                    s.readString();
                    dataFrom = s.strStart;
                    dataTo = s.strEnd;
                    dataEscaped = s.strEscaped;
                } else if (s.stringEquals(K_PK)) {
                    s.readString();
                    pkFrom = s.strStart;
                    pkTo = s.strEnd;
                    pkEscaped = s.strEscaped;
                } else if (s.stringEquals(K_EHK) && s.peek() == '"') {
                    s.readString();
                    ehk = s.stringValue();
                } else {
                    s.skipValue();
                }
            } while (s.tryConsume(','));
            s.expect('}');
        }
        if (dataFrom < 0 || pkFrom < 0) {
            throw new IllegalArgumentException("record without Data or PartitionKey");
        }
        int shard;
        int keyLen = pkTo - pkFrom;
        if (pkEscaped) {
            byte[] pk = JsonScanner.unescape(w.in, pkFrom, pkTo);
            keyLen = pk.length;
            shard = ehk != null ? shards.shardForExplicitHashKey(ehk) : shards.shardForPartitionKey(w.md5, pk, 0, pk.length);
        } else {
            shard = ehk != null ? shards.shardForExplicitHashKey(ehk) : shards.shardForPartitionKey(w.md5, w.in, pkFrom, keyLen);
        }
        byte[] b64 = w.in;
        if (dataEscaped) { // only "\/" can appear in base64 text
            b64 = JsonScanner.unescape(w.in, dataFrom, dataTo);
            dataFrom = 0;
            dataTo = b64.length;
        }
        int dataLen = Base64Span.decodedLength(b64, dataFrom, dataTo);
        w.records++;
        w.dataBytes += dataLen;
        w.keyBytes += keyLen;
        w.putPayloadUnits += Billing.putPayloadUnits(dataLen + keyLen);
        w.onDemandKb += Billing.onDemandKb(dataLen + keyLen);
        w.putPayloadUnitsDataOnly += Billing.putPayloadUnits(dataLen);
        w.onDemandKbDataOnly += Billing.onDemandKb(dataLen);
        if (decode) {
            if (w.decoded.length < dataLen) {
                w.decoded = new byte[Math.max(dataLen, w.decoded.length * 2)];
            }
            int n = Base64Span.decode(b64, dataFrom, dataTo, w.decoded);
            if (n < 0 || !w.aggregate.count(w.decoded, 0, n, true, arrivals)) {
                w.bad++;
                w.userRecords++;
                w.userBytes += dataLen;
            } else {
                w.userRecords += w.aggregate.userRecords;
                w.userBytes += w.aggregate.userBytes;
                if (w.aggregate.aggregated) {
                    w.aggregates++;
                }
            }
        } else {
            w.userRecords++;
            w.userBytes += dataLen;
        }
        out.ascii("{\"SequenceNumber\":\"").ascii(SEQ_PREFIX).padded(sequence.incrementAndGet(), 19)
                .ascii("\",\"ShardId\":").ascii(shards.quotedId(shard)).ascii("}");
    }

    private static void clearCounters(Worker w) {
        w.records = 0;
        w.dataBytes = 0;
        w.userRecords = 0;
        w.userBytes = 0;
        w.aggregates = 0;
        w.bad = 0;
        w.keyBytes = 0;
        w.putPayloadUnits = 0;
        w.onDemandKb = 0;
        w.putPayloadUnitsDataOnly = 0;
        w.onDemandKbDataOnly = 0;
    }

    private void addCounters(Worker w) {
        stats.kinesisRecords.add(w.records);
        stats.kinesisDataBytes.add(w.dataBytes);
        stats.userRecords.add(w.userRecords);
        stats.userBytes.add(w.userBytes);
        stats.aggregates.add(w.aggregates);
        stats.badAggregates.add(w.bad);
        stats.partitionKeyBytes.add(w.keyBytes);
        stats.putPayloadUnits.add(w.putPayloadUnits);
        stats.onDemandKb.add(w.onDemandKb);
        stats.putPayloadUnitsDataOnly.add(w.putPayloadUnitsDataOnly);
        stats.onDemandKbDataOnly.add(w.onDemandKbDataOnly);
    }

    private String streamName(Worker w, int len) {
        JsonScanner s = new JsonScanner(w.in, 0, len);
        String name = "bench";
        s.expect('{');
        if (!s.tryConsume('}')) {
            do {
                s.readString();
                s.expect(':');
                if (s.stringEquals(K_STREAM_NAME) && s.peek() == '"') {
                    s.readString();
                    name = s.stringValue();
                } else if (s.stringEquals(K_STREAM_ARN) && s.peek() == '"') {
                    s.readString();
                    String arn = s.stringValue();
                    name = arn.substring(arn.lastIndexOf('/') + 1);
                } else {
                    s.skipValue();
                }
            } while (s.tryConsume(','));
        }
        return name;
    }

    private ByteSink shardList(ByteSink out) {
        out.ascii("[");
        for (int i = 0; i < shards.count(); i++) {
            out.ascii(i == 0 ? "{" : ",{").ascii("\"ShardId\":").ascii(shards.quotedId(i))
                    .ascii(",\"HashKeyRange\":{\"StartingHashKey\":\"").ascii(shards.startingHashKey(i))
                    .ascii("\",\"EndingHashKey\":\"").ascii(shards.endingHashKey(i))
                    .ascii("\"},\"SequenceNumberRange\":{\"StartingSequenceNumber\":\"").ascii(SEQ_PREFIX)
                    .padded(0, 19).ascii("\"}}");
        }
        return out.ascii("]");
    }

    private ByteSink listShards(Worker w) {
        w.out.reset();
        w.out.ascii("{\"Shards\":");
        return shardList(w.out).ascii("}");
    }

    private ByteSink streamHeader(ByteSink out, String name) {
        return out.ascii("\"StreamName\":").jsonString(name)
                .ascii(",\"StreamARN\":").jsonString("arn:aws:kinesis:us-east-1:000000000000:stream/" + name)
                .ascii(",\"StreamStatus\":\"ACTIVE\",\"StreamModeDetails\":{\"StreamMode\":\"PROVISIONED\"}")
                .ascii(",\"RetentionPeriodHours\":24,\"StreamCreationTimestamp\":").num(CREATED_EPOCH_SECONDS)
                .ascii(",\"EnhancedMonitoring\":[{\"ShardLevelMetrics\":[]}],\"EncryptionType\":\"NONE\"");
    }

    private ByteSink describeStreamSummary(Worker w, String name) {
        w.out.reset();
        w.out.ascii("{\"StreamDescriptionSummary\":{");
        return streamHeader(w.out, name).ascii(",\"OpenShardCount\":").num(shards.count()).ascii(",\"ConsumerCount\":0}}");
    }

    private ByteSink describeStream(Worker w, String name) {
        w.out.reset();
        w.out.ascii("{\"StreamDescription\":{");
        streamHeader(w.out, name).ascii(",\"Shards\":");
        return shardList(w.out).ascii(",\"HasMoreShards\":false}}");
    }

    /** STS GetCallerIdentity (the KPL 0.15 daemon calls it at start) and CloudWatch PutMetricData (no-op). */
    private void queryProtocol(HttpExchange ex, String form) throws IOException {
        stats.controlCalls.increment();
        String action = "Unknown";
        for (String kv : form.split("&", 0)) {
            if (kv.startsWith("Action=")) {
                action = kv.substring("Action=".length());
            }
        }
        String xml;
        if (action.equals("GetCallerIdentity")) {
            xml = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                    + "<Arn>arn:aws:iam::000000000000:user/bench</Arn><UserId>AIDA00000000000BENCH</UserId>"
                    + "<Account>000000000000</Account></GetCallerIdentityResult>"
                    + "<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>"
                    + "</GetCallerIdentityResponse>";
        } else {
            String safe = action.replaceAll("[^A-Za-z0-9]", "");
            xml = "<" + safe + "Response><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId>"
                    + "</ResponseMetadata></" + safe + "Response>";
        }
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        send(ex, 200, "text/xml", body, body.length);
    }

    private void control(HttpExchange ex, ByteSink out) throws IOException {
        stats.controlCalls.increment();
        send(ex, 200, JSON_TYPE, out.buf, out.len);
    }

    private void error(HttpExchange ex, Worker w, int status, String type, String message) throws IOException {
        stats.errors.increment();
        w.out.reset();
        w.out.ascii("{\"__type\":").jsonString(type).ascii(",\"message\":").jsonString(message).ascii("}");
        ex.getResponseHeaders().set("x-amzn-ErrorType", type);
        send(ex, status, JSON_TYPE, w.out.buf, w.out.len);
    }

    private static int readBody(HttpExchange ex, Worker w) throws IOException {
        InputStream in = ex.getRequestBody();
        int len = 0;
        while (true) {
            if (len == w.in.length) {
                w.in = Arrays.copyOf(w.in, w.in.length * 2);
            }
            int n = in.read(w.in, len, w.in.length - len);
            if (n < 0) {
                return len;
            }
            len += n;
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body, int len) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000");
        ex.sendResponseHeaders(status, len == 0 ? -1 : len);
        if (len > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body, 0, len);
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
