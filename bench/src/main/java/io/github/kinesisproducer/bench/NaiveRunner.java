package io.github.kinesisproducer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * The "no library" baseline: SDK v2 {@code KinesisAsyncClient.putRecords}, 500 un-aggregated records per call, a few
 * calls in flight, over the sink's plain HTTP port (or TLS with --tls; CBOR off). Failed entries count as failed (no retries: the sink
 * never fails records).
 */
public final class NaiveRunner implements ProducerDriver {
    private KinesisAsyncClient client;
    private String stream;
    private int batchSize;
    private Semaphore inFlight;
    private List<PutRecordsRequestEntry> batch = new ArrayList<>();
    private int[] batchIndex;
    private Completion batchCompletion;

    @Override
    public String implementation() {
        return ProducerDriver.jarOf(KinesisAsyncClient.class);
    }

    @Override
    public void start(RunOptions o) throws Exception {
        System.setProperty("aws.cborEnabled", "false");
        stream = o.stream;
        batchSize = o.naiveBatch;
        inFlight = new Semaphore(o.naiveInFlight);
        batchIndex = new int[batchSize];
        client = TlsClients.kinesis(o, StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIANAIVEBENCH000000", "dummy-secret-key")), Math.max(8, o.naiveInFlight),
                null, null);
        client.putRecords(b -> b.streamName(stream).records(PutRecordsRequestEntry.builder().partitionKey("probe")
                .data(SdkBytes.fromByteArray(new byte[o.size])).build())).join();
        Thread.sleep(o.probeWaitMs);
    }

    @Override
    public void send(int index, String partitionKey, byte[] data, Completion completion) throws InterruptedException {
        batchIndex[batch.size()] = index;
        batchCompletion = completion;
        batch.add(PutRecordsRequestEntry.builder().partitionKey(partitionKey)
                .data(SdkBytes.fromByteArrayUnsafe(data)).build());
        if (batch.size() == batchSize) {
            submit();
        }
    }

    private void submit() throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        List<PutRecordsRequestEntry> entries = batch;
        int[] indexes = java.util.Arrays.copyOf(batchIndex, entries.size());
        Completion completion = batchCompletion;
        batch = new ArrayList<>(batchSize);
        inFlight.acquire();
        java.util.concurrent.CompletableFuture<?> unused = client.putRecords(b -> b.streamName(stream).records(entries)).whenComplete((r, e) -> {
            inFlight.release();
            if (e != null) {
                for (int i : indexes) {
                    completion.done(i, false);
                }
                return;
            }
            List<PutRecordsResultEntry> results = r.records();
            for (int k = 0; k < indexes.length; k++) {
                completion.done(indexes[k], k < results.size() && results.get(k).errorCode() == null);
            }
        });
    }

    @Override
    public void flush() throws InterruptedException {
        submit();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
