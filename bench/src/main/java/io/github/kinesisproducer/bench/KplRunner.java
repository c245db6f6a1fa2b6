package io.github.kinesisproducer.bench;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.services.kinesis.producer.KinesisProducer;
import com.amazonaws.services.kinesis.producer.KinesisProducerConfiguration;
import com.amazonaws.services.kinesis.producer.UserRecordResult;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * KPL 0.15.12 (Java wrapper + native daemon) against the sink's TLS port, configured like the baseline
 * (kpl-baseline.md §6.4): aggregation on, RecordMaxBufferedTime 100, RateLimit 150, metrics off.
 * Refuses to start unless AWS_EC2_METADATA_DISABLED=true and the only network interface up is loopback
 * (run inside {@code unshare -n}): the daemon otherwise probes the EC2 metadata address.
 */
final class KplRunner implements ProducerDriver {
    private KinesisProducer kpl;
    private String stream;
    private List<Long> daemon = List.of();

    static void checkNetworkSafety() throws SocketException {
        if (!"true".equals(System.getenv("AWS_EC2_METADATA_DISABLED"))) {
            throw new IllegalStateException("refusing to run the KPL without AWS_EC2_METADATA_DISABLED=true");
        }
        for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
            if (ni.isUp() && !ni.isLoopback()) {
                throw new IllegalStateException("refusing to run the KPL with network interface " + ni.getName()
                        + " up: run inside 'unshare -n' (bench/run-e2e.sh does)");
            }
        }
    }

    @Override
    public void start(RunOptions o) throws Exception {
        checkNetworkSafety();
        if (o.tlsPort <= 0) {
            throw new IllegalArgumentException("the KPL needs the sink's TLS port");
        }
        stream = o.stream;
        // The native binary (79 MB) is extracted here once and reused by later runs.
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "kinesis-producer-bench-kpl");
        Files.createDirectories(tmp);
        KinesisProducerConfiguration cfg = new KinesisProducerConfiguration()
                .setRegion("us-east-1")
                .setCredentialsProvider(new AWSStaticCredentialsProvider(
                        new BasicAWSCredentials("AKIAKPLBENCHLOCAL000", "dummy-secret-key")))
                .setKinesisEndpoint("127.0.0.1").setKinesisPort(o.tlsPort)
                .setStsEndpoint("127.0.0.1").setStsPort(o.tlsPort)
                .setCloudwatchEndpoint("127.0.0.1").setCloudwatchPort(o.tlsPort)
                .setVerifyCertificate(false)
                .setMetricsLevel("none")
                .setAggregationEnabled(true)
                .setRecordMaxBufferedTime(o.maxBufferedMs)
                .setRateLimit(o.rateLimit)
                .setRequestTimeout(30_000)
                .setRecordTtl(300_000)
                .setLogLevel("error")
                .setTempDirectory(tmp.toString());
        kpl = new KinesisProducer(cfg);
        // Probe, then wait: records sent before the shard map is loaded (~1.2 s) go out unaggregated.
        kpl.addUserRecord(stream, "probe", ByteBuffer.wrap(new byte[o.size])).get();
        Thread.sleep(o.probeWaitMs);
        daemon = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("kinesis_producer")).orElse(false))
                .map(ProcessHandle::pid).toList();
        if (daemon.isEmpty()) {
            throw new IllegalStateException("KPL native daemon process not found");
        }
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
