package io.github.kinesisproducer.bench.kpl015;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.services.kinesis.producer.KinesisProducer;
import com.amazonaws.services.kinesis.producer.KinesisProducerConfiguration;
import com.amazonaws.services.kinesis.producer.UserRecordResult;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.github.kinesisproducer.bench.KplSupport;
import io.github.kinesisproducer.bench.ProducerDriver;
import io.github.kinesisproducer.bench.RunOptions;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * KPL 0.15.12 ({@code com.amazonaws.services.kinesis.producer}, SDK v1 credentials; out of support since 2026-01-30
 * but still widely run) against the sink's TLS port, configured like {@code Kpl1Runner}. The 0.15 daemon also calls
 * STS GetCallerIdentity at start: the sink answers it on the same port. Line for line the same as {@code Kpl1Runner}
 * with the other API's types (package, credentials): the two cannot share code without sharing a class path.
 */
public final class Kpl015Runner implements ProducerDriver {
    private KinesisProducer kpl;
    private String stream;
    private List<Long> daemon = List.of();

    @Override
    public String transport(RunOptions options) {
        return "https";
    }

    @Override
    public String implementation() {
        return ProducerDriver.jarOf(KinesisProducer.class);
    }

    private long startupMillis = -1;

    @Override
    public long startupMillis() {
        return startupMillis;
    }

    @Override
    public void start(RunOptions o) throws Exception {
        long t0 = System.nanoTime();
        KplSupport.checkNetworkSafety();
        int port = KplSupport.tlsPort(o);
        stream = o.stream;
        KinesisProducerConfiguration cfg = new KinesisProducerConfiguration()
                .setRegion(KplSupport.REGION)
                .setCredentialsProvider(new AWSStaticCredentialsProvider(
                        new BasicAWSCredentials(KplSupport.ACCESS_KEY, KplSupport.SECRET_KEY)))
                .setKinesisEndpoint("127.0.0.1").setKinesisPort(port)
                .setStsEndpoint("127.0.0.1").setStsPort(port)
                .setCloudwatchEndpoint("127.0.0.1").setCloudwatchPort(port)
                .setVerifyCertificate(false)
                .setMetricsLevel("none")
                .setAggregationEnabled(true)
                .setRecordMaxBufferedTime(o.maxBufferedMs)
                .setRateLimit(o.rateLimit)
                .setRequestTimeout(KplSupport.REQUEST_TIMEOUT_MS)
                .setRecordTtl(KplSupport.RECORD_TTL_MS)
                .setLogLevel("error")
                .setTempDirectory(KplSupport.tempDirectory("kpl015"));
        kpl = new KinesisProducer(cfg);
        // Probe, then wait: records sent before the shard map is loaded (~1.2 s) go out unaggregated.
        kpl.addUserRecord(stream, "probe", ByteBuffer.wrap(new byte[o.size])).get();
        startupMillis = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(o.probeWaitMs);
        daemon = KplSupport.daemonPids();
    }

    @Override
    public void send(int index, String partitionKey, byte[] data, Completion completion) {
        ListenableFuture<UserRecordResult> f = kpl.addUserRecord(stream, partitionKey, ByteBuffer.wrap(data));
        Futures.addCallback(f, new FutureCallback<>() {
            @Override
            public void onSuccess(UserRecordResult result) {
                completion.done(index, result.isSuccessful());
            }

            @Override
            public void onFailure(Throwable t) {
                completion.done(index, false);
            }
        }, MoreExecutors.directExecutor());
    }

    @Override
    public void flush() {
        kpl.flush();
    }

    @Override
    public List<Long> helperPids() {
        return daemon;
    }

    @Override
    public void close() {
        if (kpl != null) {
            kpl.flushSync();
            kpl.destroy();
        }
    }
}
