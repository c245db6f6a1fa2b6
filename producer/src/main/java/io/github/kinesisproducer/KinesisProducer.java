package io.github.kinesisproducer;

import io.github.kinesisproducer.internal.config.SeedConfig;
import io.github.kinesisproducer.internal.engine.ProducerRuntime;
import io.github.kinesisproducer.internal.engine.TransportOverride;
import io.github.kinesisproducer.internal.protocol.ClientFactory;
import io.github.kinesisproducer.internal.protocol.KinesisTransport;
import io.github.kinesisproducer.internal.protocol.sdk.SdkTransport;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Puts records into Kinesis data streams: aggregates them (KPL format, delimiter-joined, or not at all), batches
 * them into PutRecords calls, keeps several calls in flight, and retries exactly the records that failed. One producer
 * writes to its default stream ({@code streamName}) and to any other ({@link #sendTo}, {@link KinesisRecord#withStream}),
 * each stream with its own shard map and limits, all within one buffer, one sender thread and one connection pool.
 *
 * <p>How it works: {@code send} validates the record and reserves buffer space on the caller's thread (blocking up
 * to {@code max_block} when {@code max_buffered_bytes} or {@code max_buffered_records} is reached: back-pressure),
 * then hands it to one sender thread. The sender packs records bound for the same shard into one Kinesis record
 * until it is full or its first record has waited {@code buffer_time_limit}, groups Kinesis records into PutRecords
 * calls (500 records / 5 MiB by default), and sends up to {@code kinesis_concurrency} calls at once over its own
 * keep-alive HTTP/1.1 connections (or through the SDK client you give it). Failed records are retried with jittered exponential backoff until they succeed,
 * fail with a non-retriable error, run out of attempts ({@code kinesis_max_retries}) or of time ({@code record_ttl}).
 *
 * <p>Results: every {@code send} returns a future that completes with the shard and sequence number, or fails with
 * {@link RecordFailedException} carrying every attempt. Futures complete on a dedicated callback thread (or the
 * executor you give), never on the sender thread, so slow callbacks cannot stall sending. They run one at a time
 * on that thread: do not block in them waiting for {@link #flush()} or for another record's future, which would
 * wait for the very thread it blocks. Calling {@link #close()} from a callback is fine: it returns once every record
 * is acknowledged or failed, and the callbacks queued behind it run after it returns.
 *
 * <p>Ordering: with {@code strictOrdering(true)} records with the same partition key reach Kinesis in send order,
 * retries included, at the cost of one request in flight per shard. Without it there is no order promise: several
 * calls for one shard may be in flight at once, and Kinesis may store a later one first.
 *
 * <p>Streams that place records themselves ({@code RecordDistributionStrategy} AUTO): the producer reads the strategy
 * with {@code DescribeStreamSummary}, or tells it from where records land, and then sends one user record per Kinesis
 * record (no KPL aggregation, which the KCL would drop), keyless records without a key, under one stream-wide rate
 * limit; {@code strictOrdering} is refused there ({@link IncompatibleStreamException}). See
 * {@link RecordDistribution} and {@link ProducerListener#recordDistributionDetected}.
 *
 * <p>Always {@link #close()} the producer: it sends what is buffered and waits for the results.
 *
 * <p>Code that sends records can depend on the {@link Producer} interface instead, and take the test kit's
 * {@code MockKinesisProducer} in unit tests.
 *
 * <pre>{@code
 * try (KinesisProducer p = KinesisProducer.builder().streamName("orders").region("us-east-1").build()) {
 *     p.send(orderId, payload).whenComplete((result, error) -> ...);
 * }
 * }</pre>
 */
public final class KinesisProducer implements Producer {
    private final ProducerRuntime runtime;

    /**
     * The seed's constructor: a map of the seed's keys ({@code aws_region}, {@code buffer_size_limit},
     * {@code buffer_time_limit}, {@code kinesis_concurrency}, {@code kinesis_max_retries}, {@code record_delimiter},
     * {@code stream_name}) plus {@code endpoint_url}, {@code aggregation} (default {@code delimited} here, as in the
     * seed) and the other settings' snake_case names. Credentials come from the SDK's default chain.
     *
     * @throws ConfigException for an unknown key, a wrong type or an out-of-range value
     */
    public KinesisProducer(Map<String, ?> config) {
        this(SeedConfig.parse(config), null, null, null, Clock.SYSTEM, null, ProducerListener.NONE);
    }

    private KinesisProducer(ProducerConfig config, AwsCredentialsProvider credentials, KinesisAsyncClient client,
            KinesisTransport transport, Clock clock, Executor callbackExecutor, ProducerListener listener) {
        this(config, credentials, client, transport, clock, callbackExecutor, listener, null);
    }

    private KinesisProducer(ProducerConfig config, AwsCredentialsProvider credentials, KinesisAsyncClient client,
            KinesisTransport transport, Clock clock, Executor callbackExecutor, ProducerListener listener,
            X509TrustManager trustManager) {
        KinesisTransport t = transport;
        if (t == null) {
            // SdkTransport is named only on this branch: without a client of the user's, the SDK's Kinesis module (an
            // optional dependency) is never loaded.
            t = client != null ? new SdkTransport(client, config.requestTimeout())
                    : ClientFactory.transport(config, credentials, tlsContext(trustManager));
        }
        this.runtime = new ProducerRuntime(config, t, clock, callbackExecutor, listener);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A TLS context for the producer's own client that trusts what {@code trustManager} trusts; null: the JVM's. */
    private static SSLContext tlsContext(X509TrustManager trustManager) {
        if (trustManager == null) {
            return null;
        }
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trustManager}, null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new KinesisProducerException("this JVM cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    /** The seed's {@code send(record)}: a random partition key (per Kinesis record in delimited mode). */
    @Override
    public CompletableFuture<RecordResult> send(byte[] data) {
        return runtime.send(null, null, null, data, true, true);
    }

    /**
     * Sends a record. Blocks only while the buffer is full, up to {@code max_block}.
     *
     * @throws InvalidRecordException for a bad key or an oversized record (nothing was buffered)
     * @throws BufferFullException if the buffer stayed full for {@code max_block}
     * @throws ProducerClosedException after {@link #close()}
     */
    @Override
    public CompletableFuture<RecordResult> send(String partitionKey, byte[] data) {
        return runtime.send(null, partitionKey, null, data, true, false);
    }

    /**
     * Sends a record routed by an explicit hash key (decimal, 0 to 2^128-1) instead of the key's MD5. The two strings
     * are easy to swap: {@link #send(KinesisRecord)} names them.
     */
    @Override
    public CompletableFuture<RecordResult> send(String partitionKey, String explicitHashKey, byte[] data) {
        return runtime.send(null, partitionKey, explicitHashKey, data, true, false);
    }

    /** Sends a record built with {@link KinesisRecord} (a null partition key: as {@link #send(byte[])}). */
    @Override
    public CompletableFuture<RecordResult> send(KinesisRecord record) {
        return send(record, true);
    }

    /** Like {@link #send(String, byte[])} but never blocks: throws {@link BufferFullException} at once when full. */
    @Override
    public CompletableFuture<RecordResult> trySend(String partitionKey, byte[] data) {
        return runtime.send(null, partitionKey, null, data, false, false);
    }

    /** Like {@link #send(String, String, byte[])} but never blocks. */
    @Override
    public CompletableFuture<RecordResult> trySend(String partitionKey, String explicitHashKey, byte[] data) {
        return runtime.send(null, partitionKey, explicitHashKey, data, false, false);
    }

    /** Like {@link #send(KinesisRecord)} but never blocks. */
    @Override
    public CompletableFuture<RecordResult> trySend(KinesisRecord record) {
        return send(record, false);
    }

    private CompletableFuture<RecordResult> send(KinesisRecord record, boolean block) {
        Objects.requireNonNull(record, "record");
        // The record's data is its own private copy, made when it was built and never written: sent without another
        // copy. The runtime checks the record as it checks any other.
        boolean keyless = record.partitionKey() == null;
        return runtime.sendOwned(record.stream(), record.partitionKey(), record.explicitHashKey(), record.dataNoCopy(),
                block, keyless);
    }

    /**
     * Sends a record to {@code stream} instead of the default stream: a stream name, or a stream ARN for another
     * account's stream in this producer's region (requests then carry {@code StreamARN}). The stream's shard map,
     * rate limits and record distribution are loaded on its first record (which waits for them up to a second, as at
     * start) and forgotten after {@code stream_idle_timeout} without records. Every stream shares this producer's
     * buffer, sender thread, connections and {@code kinesis_concurrency}; once two or more streams are used, one holds
     * at most {@code stream_buffer_share} of the buffer, so a throttled stream blocks its own senders only.
     *
     * @throws InvalidRecordException naming {@code stream} if it is not a stream name or ARN, or as
     *                                {@link #send(String, byte[])}
     * @throws BufferFullException if the buffer, or the stream's share of it, stayed full for {@code max_block}
     * @throws ProducerClosedException after {@link #close()}
     * @throws IncompatibleStreamException with {@code strictOrdering}, once the stream was found placing records
     *                                     itself
     */
    @Override
    public CompletableFuture<RecordResult> sendTo(String stream, String partitionKey, byte[] data) {
        return runtime.send(Objects.requireNonNull(stream, "stream"), partitionKey, null, data, true, false);
    }

    /** {@link #sendTo(String, String, byte[])} placed by an explicit hash key instead of the key's MD5. */
    @Override
    public CompletableFuture<RecordResult> sendTo(String stream, String partitionKey, String explicitHashKey,
            byte[] data) {
        return runtime.send(Objects.requireNonNull(stream, "stream"), partitionKey, explicitHashKey, data, true,
                false);
    }

    /**
     * Sends everything buffered now, without waiting for the buffer time. The future completes when every record
     * sent before this call is acknowledged or has failed.
     */
    @Override
    public CompletableFuture<Void> flush() {
        return runtime.flush(null);
    }

    /**
     * Sends what is buffered for {@code stream} now; the future completes when every record sent to it before this
     * call is acknowledged or has failed (at once if none was). The other streams keep their buffer time.
     *
     * @param stream as the records named it (a name and an ARN of one stream are two streams here); the default
     *               stream by its {@code stream_name}
     */
    @Override
    public CompletableFuture<Void> flush(String stream) {
        return runtime.flush(Objects.requireNonNull(stream, "stream"));
    }

    /**
     * Stops accepting records, sends what is buffered and waits until every record is acknowledged or failed
     * (bounded by {@code record_ttl}). Idempotent.
     */
    @Override
    public void close() {
        runtime.close(null);
    }

    /**
     * Like {@link #close()}, but gives up after {@code timeout}: records not done by then fail with
     * {@link ProducerClosedException}. No future is left incomplete and no thread left running.
     *
     * @return true if everything finished within the timeout
     */
    @Override
    public boolean close(Duration timeout) {
        return runtime.close(Objects.requireNonNull(timeout, "timeout"));
    }

    /** The seed's {@code join()}: closes if needed, then waits for the background work to end. Never hangs on errors. */
    public void join() {
        runtime.close(null);
    }

    /**
     * A snapshot of the counters and gauges, summed over every stream (the buffer and the calls in flight are the
     * producer's own; {@code recordDistribution} is the default stream's).
     */
    @Override
    public ProducerMetrics metrics() {
        return runtime.metrics();
    }

    /**
     * One stream's counters and gauges (what it holds of the buffer, its calls in flight, its record distribution),
     * or null if this producer never sent a record to it. Its counters are kept while the producer lives, also after
     * the stream's other state was dropped for being idle.
     *
     * @param stream as the records named it; the default stream by its {@code stream_name}
     */
    public ProducerMetrics metrics(String stream) {
        return runtime.metrics(Objects.requireNonNull(stream, "stream"));
    }

    /**
     * The settings this producer was built with. Not on {@link Producer}: a mock has no one set of settings to report.
     */
    public ProducerConfig config() {
        return runtime.config();
    }

    /**
     * Builds a producer. Nothing is required: without {@link #streamName} every record names its stream
     * ({@code sendTo}, {@link KinesisRecord#withStream}).
     */
    public static final class Builder {
        private ProducerConfig.Builder config = ProducerConfig.builder();
        private AwsCredentialsProvider credentials;
        private KinesisAsyncClient client;
        private Clock clock = Clock.SYSTEM;
        private Executor callbackExecutor;
        private ProducerListener listener = ProducerListener.NONE;
        private X509TrustManager trustManager;

        private Builder() {
        }

        /**
         * The default stream: where {@code send} (without a stream) goes, a name or a stream ARN. Its shard map is
         * loaded at start, and it is never forgotten for being idle. Unset, every record names its stream.
         */
        public Builder streamName(String streamName) {
            config.streamName(streamName);
            return this;
        }

        public Builder region(String region) {
            config.region(region);
            return this;
        }

        /** An endpoint such as {@code http://127.0.0.1:4567} (emulators) or a VPC endpoint. */
        public Builder endpointOverride(URI endpoint) {
            config.endpoint(endpoint);
            return this;
        }

        /** Credentials for the client this producer builds; default: the SDK's default chain. */
        public Builder credentialsProvider(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        /**
         * Which server certificates the producer's own client accepts over {@code https://}: those this trust manager
         * accepts, instead of the JVM's trust store ({@code javax.net.ssl.trustStore}, else the JDK's cacerts). For a
         * private certificate authority (a VPC endpoint behind a proxy that re-signs, a gateway, a test server),
         * e.g. a {@code TrustManagerFactory} initialised with a {@code KeyStore} that holds your CA. The host name is
         * still checked against the certificate (TLS 1.2 or 1.3, SNI sent) unless the trust manager is an
         * {@link javax.net.ssl.X509ExtendedTrustManager}, which then decides alone. Not used with
         * {@link #kinesisClient}: configure TLS on that client. Default (null): the JVM's trust store.
         */
        public Builder tlsTrustManager(X509TrustManager trustManager) {
            this.trustManager = trustManager;
            return this;
        }

        /**
         * Use your own SDK client for every call (PutRecords, ListShards, DescribeStreamSummary), with its proxy,
         * interceptors, metrics and HTTP client; you close it. Region, endpoint and credentials settings are then
         * ignored (the client's own apply). {@code request_timeout} still bounds each call: it is set as the call's
         * {@code apiCallTimeout}, which covers the client's own retries too. Those retries run inside each of the
         * producer's attempts ({@code kinesis_max_retries}, backoff, {@code record_ttl}), so turn them off when you
         * build the client ({@code .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))}), or
         * attempts multiply. Needs the SDK's {@code software.amazon.awssdk:kinesis} module, an optional dependency of
         * this library, on your class path.
         */
        public Builder kinesisClient(KinesisAsyncClient client) {
            this.client = client;
            return this;
        }

        public Builder aggregation(Aggregation aggregation) {
            config.aggregation(aggregation);
            return this;
        }

        public Builder maxBufferedTime(Duration maxBufferedTime) {
            config.maxBufferedTime(maxBufferedTime);
            return this;
        }

        public Builder maxConcurrency(int maxConcurrency) {
            config.maxConcurrency(maxConcurrency);
            return this;
        }

        public Builder recordTtl(Duration recordTtl) {
            config.recordTtl(recordTtl);
            return this;
        }

        public Builder maxBufferedBytes(long maxBufferedBytes) {
            config.maxBufferedBytes(maxBufferedBytes);
            return this;
        }

        public Builder maxBlock(Duration maxBlock) {
            config.maxBlock(maxBlock);
            return this;
        }

        public Builder strictOrdering(boolean strictOrdering) {
            config.strictOrdering(strictOrdering);
            return this;
        }

        /**
         * How the stream places records: {@link RecordDistribution#DETECT} (default: read it with
         * {@code DescribeStreamSummary}), {@code AUTO} or {@code USER_PARTITION_KEY} to skip that call.
         */
        public Builder recordDistribution(RecordDistribution recordDistribution) {
            config.recordDistribution(recordDistribution);
            return this;
        }

        /** Any other setting: {@code .configure(c -> c.aggregationMaxSize(256 * 1024).rateLimitPercent(100))}. */
        public Builder configure(Consumer<ProducerConfig.Builder> settings) {
            settings.accept(config);
            return this;
        }

        /** Replaces every setting with this config's. */
        public Builder config(ProducerConfig producerConfig) {
            this.config = producerConfig.toBuilder();
            return this;
        }

        /** The clock for deadlines and timestamps; tests pass a manual one. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where record futures complete; default: one dedicated thread per producer, in completion order. */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = executor;
            return this;
        }

        /** Metrics and tracing hooks, called on the sender thread. */
        public Builder listener(ProducerListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Validates the settings and starts the producer.
         *
         * @throws ConfigException if a setting is missing or inconsistent
         */
        public KinesisProducer build() {
            return new KinesisProducer(config.build(), credentials, client, TransportOverride.transportFor(this), clock,
                    callbackExecutor, listener, trustManager);
        }
    }
}
