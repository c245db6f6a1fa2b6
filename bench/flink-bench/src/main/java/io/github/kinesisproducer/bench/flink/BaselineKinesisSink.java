package io.github.kinesisproducer.bench.flink;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * The baseline: a Kinesis sink built the way flink-connector-aws's {@code KinesisStreamsSink} is built (that
 * connector is not served by the package registry here), written for this bench. Flink's {@code AsyncSinkBase} /
 * {@code AsyncSinkWriter} batch one {@code PutRecordsRequestEntry} per element into PutRecords calls on the SDK's
 * {@code KinesisAsyncClient}, with that sink's documented defaults: 500 records or 5 MiB per batch, 50 requests in
 * flight, 10,000 buffered requests, 5 s in the buffer, 1 MiB per record, and its AIMD congestion control. No
 * aggregation: every element is one Kinesis record.
 */
final class BaselineKinesisSink extends AsyncSinkBase<byte[], PutRecordsRequestEntry> {
    private static final long serialVersionUID = 1L;
    static final int MAX_BATCH_SIZE = 500;
    static final int MAX_IN_FLIGHT_REQUESTS = 50;
    static final int MAX_BUFFERED_REQUESTS = 10_000;
    static final long MAX_BATCH_SIZE_IN_BYTES = 5 * 1024 * 1024;
    static final long MAX_TIME_IN_BUFFER_MS = 5_000;
    static final long MAX_RECORD_SIZE_IN_BYTES = 1024 * 1024;

    private final String stream;
    private final String endpoint;

    BaselineKinesisSink(String stream, URI endpoint, BenchRecords records) {
        super(converter(records), MAX_BATCH_SIZE, MAX_IN_FLIGHT_REQUESTS, MAX_BUFFERED_REQUESTS,
                MAX_BATCH_SIZE_IN_BYTES, MAX_TIME_IN_BUFFER_MS, MAX_RECORD_SIZE_IN_BYTES);
        this.stream = stream;
        this.endpoint = endpoint.toString();
    }

    /** One request entry per element: its bytes and its partition key. */
    private static ElementConverter<byte[], PutRecordsRequestEntry> converter(BenchRecords records) {
        return (element, context) -> PutRecordsRequestEntry.builder().data(SdkBytes.fromByteArrayUnsafe(element))
                .partitionKey(records.key(element)).build();
    }

    @Override
    public StatefulSinkWriter<byte[], BufferedRequestState<PutRecordsRequestEntry>> createWriter(
            WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<byte[], BufferedRequestState<PutRecordsRequestEntry>> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<PutRecordsRequestEntry>> state) {
        return new BaselineKinesisWriter(getElementConverter(), context, getMaxBatchSize(), getMaxInFlightRequests(),
                getMaxBufferedRequests(), getMaxBatchSizeInBytes(), getMaxTimeInBufferMS(), getMaxRecordSizeInBytes(),
                stream, URI.create(endpoint), state);
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<PutRecordsRequestEntry>> getWriterStateSerializer() {
        return new StateSerializer();
    }

    /** Buffered entries in checkpoints: partition key, explicit hash key (or none), data. */
    static final class StateSerializer extends AsyncSinkWriterStateSerializer<PutRecordsRequestEntry> {
        @Override
        protected void serializeRequestToStream(PutRecordsRequestEntry e, DataOutputStream out) throws IOException {
            out.writeUTF(e.partitionKey());
            out.writeBoolean(e.explicitHashKey() != null);
            if (e.explicitHashKey() != null) {
                out.writeUTF(e.explicitHashKey());
            }
            byte[] data = e.data().asByteArrayUnsafe();
            out.writeInt(data.length);
            out.write(data);
        }

        @Override
        protected PutRecordsRequestEntry deserializeRequestFromStream(long size, DataInputStream in)
                throws IOException {
            PutRecordsRequestEntry.Builder b = PutRecordsRequestEntry.builder().partitionKey(in.readUTF());
            if (in.readBoolean()) {
                b.explicitHashKey(in.readUTF());
            }
            byte[] data = new byte[in.readInt()];
            in.readFully(data);
            return b.data(SdkBytes.fromByteArrayUnsafe(data)).build();
        }

        @Override
        public int getVersion() {
            return 1;
        }
    }
}
