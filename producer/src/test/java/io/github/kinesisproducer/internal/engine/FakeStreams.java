package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.internal.protocol.KinesisTransport;
import io.github.kinesisproducer.internal.protocol.ListedShard;
import io.github.kinesisproducer.internal.protocol.PutRecordsRequest;
import io.github.kinesisproducer.internal.protocol.PutRecordsResponse;
import io.github.kinesisproducer.internal.protocol.StreamSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Several in-memory streams ({@link FakeKinesis} each) behind one transport, as one Kinesis endpoint serves every
 * stream of an account: calls go to the stream they name (by name or ARN); a stream that does not exist (or was
 * deleted) answers {@code ResourceNotFoundException}, a denied one the error it is given. Thread-safe.
 */
public final class FakeStreams implements KinesisTransport {
    private final Map<String, FakeKinesis> streams = new ConcurrentHashMap<>();
    private final Map<String, Throwable> refusals = new ConcurrentHashMap<>();
    private final List<PutRecordsRequest> requests = new ArrayList<>();

    /** A stream of {@code shards} even shards. */
    public FakeStreams add(String stream, int shards) {
        streams.put(stream, new FakeKinesis(shards));
        return this;
    }

    public FakeKinesis stream(String stream) {
        return streams.get(stream);
    }

    /** Every call naming {@code stream} fails with {@code error} from now on (null: answered again). */
    public FakeStreams refuse(String stream, Throwable error) {
        if (error == null) {
            refusals.remove(stream);
        } else {
            refusals.put(stream, error);
        }
        return this;
    }

    /** The stream is gone: its calls answer ResourceNotFoundException from now on. */
    public FakeStreams delete(String stream) {
        streams.remove(stream);
        return this;
    }

    public static AwsServiceException serviceError(String code, String message) {
        return AwsServiceException.builder().message(message).statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    private <T> CompletableFuture<T> refused(String stream) {
        Throwable t = refusals.get(stream);
        if (t != null) {
            return CompletableFuture.failedFuture(t);
        }
        return streams.containsKey(stream) ? null : CompletableFuture.failedFuture(serviceError(
                "ResourceNotFoundException", "Stream " + stream + " under account 000000000000 not found."));
    }

    @Override
    public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
        String stream = request.streamName() != null ? request.streamName() : request.streamArn();
        synchronized (requests) {
            requests.add(request);
        }
        CompletableFuture<PutRecordsResponse> refused = refused(stream);
        return refused != null ? refused : streams.get(stream).putRecords(request);
    }

    @Override
    public CompletableFuture<List<ListedShard>> listShards(String stream) {
        CompletableFuture<List<ListedShard>> refused = refused(stream);
        return refused != null ? refused : streams.get(stream).listShards(stream);
    }

    @Override
    public CompletableFuture<StreamSummary> describeStreamSummary(String stream) {
        CompletableFuture<StreamSummary> refused = refused(stream);
        return refused != null ? refused : streams.get(stream).describeStreamSummary(stream);
    }

    /** Every PutRecords call, to any stream, in order. */
    public List<PutRecordsRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        streams.values().forEach(FakeKinesis::close);
    }
}
