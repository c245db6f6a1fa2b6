package io.github.kinesisproducer.bench.jmh;

import com.amazonaws.services.kinesis.producer.protobuf.Messages;
import com.google.protobuf.UnsafeByteOperations;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.bench.BenchData;
import io.github.kinesisproducer.internal.aggregation.KplAggregate;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * KPL aggregation cost per user record: our hand-written {@link KplAggregate} (sizeIfAdded + add per record, encode
 * per aggregate of at most 51,200 bytes, like the KPL) against protobuf-java building the same messages with the KPL's
 * own generated {@code Messages.AggregatedRecord} (same records per aggregate; protobuf gets the record counts for
 * free, it does no per-record size accounting). Scores are ns per user record; MB/s = size / score * 1000.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class KplEncodeBench {
    static final int N = 4096;
    static final int MAX_SIZE = ProducerConfig.DEFAULT_AGGREGATION_MAX_SIZE;

    @Param({"100", "1024"})
    public int size;

    private String[] keys;
    private byte[][] keysUtf8;
    private byte[][] data;
    private KplAggregate aggregate;
    private int[] recordsPerAggregate;
    private MessageDigest md5;
    private byte[][] encoded;

    @Setup
    public void setup() throws Exception {
        BenchData d = BenchData.generate(N, size, 7);
        keys = d.keys;
        keysUtf8 = new byte[N][];
        for (int i = 0; i < N; i++) {
            keysUtf8[i] = keys[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        data = d.data;
        aggregate = new KplAggregate();
        md5 = MessageDigest.getInstance("MD5");
        List<Integer> counts = new ArrayList<>();
        KplAggregate a = new KplAggregate();
        for (int i = 0; i < N; i++) {
            if (a.count() > 0 && a.sizeIfAdded(keys[i], null, data[i].length) > MAX_SIZE) {
                counts.add(a.count());
                a.reset();
            }
            a.add(keys[i], null, data[i]);
        }
        counts.add(a.count());
        encoded = new byte[counts.size()][];
        int r = 0;
        for (int c = 0; c < counts.size(); c++) {
            a.reset();
            for (int j = 0; j < counts.get(c); j++, r++) {
                a.add(keys[r], null, data[r]);
            }
            encoded[c] = a.encode();
        }
        recordsPerAggregate = counts.stream().mapToInt(Integer::intValue).toArray();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void ours(Blackhole bh) {
        KplAggregate a = aggregate;
        String[] k = keys;
        byte[][] d = data;
        for (int i = 0; i < N; i++) {
            if (a.count() > 0 && a.sizeIfAdded(k[i], null, d[i].length) > MAX_SIZE) {
                bh.consume(a.encode());
                a.reset();
            }
            a.add(k[i], null, d[i]);
        }
        bh.consume(a.encode());
        a.reset();
    }

    /**
     * {@link #ours} as the producer's engine calls it: each record's key a String instance of its own (its hash not
     * computed yet, as for a key made per record) with its UTF-8 bytes passed along (the engine has them from hashing
     * the key). The extra String per record is the same for any version of the aggregate.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public void oursAsEngine(Blackhole bh) {
        KplAggregate a = aggregate;
        String[] k = keys;
        byte[][] u = keysUtf8;
        byte[][] d = data;
        for (int i = 0; i < N; i++) {
            String key = new String(k[i]);
            if (a.count() > 0 && a.sizeIfAdded(key, u[i], null, d[i].length) > MAX_SIZE) {
                bh.consume(a.encode());
                a.reset();
            }
            a.add(key, u[i], null, d[i]);
        }
        bh.consume(a.encode());
        a.reset();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void protobufJava(Blackhole bh) {
        int r = 0;
        for (int count : recordsPerAggregate) {
            Messages.AggregatedRecord.Builder b = Messages.AggregatedRecord.newBuilder();
            for (int j = 0; j < count; j++, r++) {
                b.addPartitionKeyTable(keys[r]);
                b.addRecords(Messages.Record.newBuilder().setPartitionKeyIndex(j)
                        .setData(UnsafeByteOperations.unsafeWrap(data[r])));
            }
            bh.consume(frame(b.build().toByteArray()));
        }
    }

    /** The MD5 part alone (both encoders compute it over the whole protobuf): the floor under both scores. */
    @Benchmark
    @OperationsPerInvocation(N)
    public void md5Only(Blackhole bh) throws java.security.DigestException {
        byte[] digest = new byte[KplAggregate.MD5_LENGTH];
        for (byte[] e : encoded) {
            md5.update(e, 4, e.length - KplAggregate.OVERHEAD);
            md5.digest(digest, 0, digest.length);
            bh.consume(digest);
        }
    }

    /** magic + protobuf + MD5, as KplAggregate.encode() returns. */
    private byte[] frame(byte[] pb) {
        byte[] out = new byte[KplAggregate.OVERHEAD + pb.length];
        System.arraycopy(KplAggregate.magic(), 0, out, 0, 4);
        System.arraycopy(pb, 0, out, 4, pb.length);
        md5.update(pb);
        try {
            md5.digest(out, 4 + pb.length, KplAggregate.MD5_LENGTH);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
