package software.amazon.kinesis.producer;

import com.amazonaws.services.schemaregistry.common.Schema;
import java.nio.ByteBuffer;

/**
 * A record to put: stream, partition key, optional explicit hash key, data, and (Glue Schema Registry) schema. A
 * mutable bean with chaining {@code with...} setters, as in the KPL; {@link KinesisProducer#addUserRecord(UserRecord)}
 * reads it when called, so it may be reused afterwards.
 */
public class UserRecord {
    private String streamName;
    private String partitionKey;
    private String explicitHashKey;
    private ByteBuffer data;
    private Schema schema;

    public UserRecord() {
    }

    public UserRecord(String streamName, String partitionKey, ByteBuffer data) {
        this(streamName, partitionKey, null, data);
    }

    public UserRecord(String streamName, String partitionKey, String explicitHashKey, ByteBuffer data) {
        this(streamName, partitionKey, explicitHashKey, data, null);
    }

    public UserRecord(String streamName, String partitionKey, String explicitHashKey, ByteBuffer data,
            Schema schema) {
        this.streamName = streamName;
        this.partitionKey = partitionKey;
        this.explicitHashKey = explicitHashKey;
        this.data = data;
        this.schema = schema;
    }

    public String getStreamName() {
        return streamName;
    }

    public void setStreamName(String streamName) {
        this.streamName = streamName;
    }

    public UserRecord withStreamName(String streamName) {
        this.streamName = streamName;
        return this;
    }

    public String getPartitionKey() {
        return partitionKey;
    }

    public void setPartitionKey(String partitionKey) {
        this.partitionKey = partitionKey;
    }

    public UserRecord withPartitionKey(String partitionKey) {
        this.partitionKey = partitionKey;
        return this;
    }

    public ByteBuffer getData() {
        return data;
    }

    public void setData(ByteBuffer data) {
        this.data = data;
    }

    public UserRecord withData(ByteBuffer data) {
        this.data = data;
        return this;
    }

    public String getExplicitHashKey() {
        return explicitHashKey;
    }

    public void setExplicitHashKey(String explicitHashKey) {
        this.explicitHashKey = explicitHashKey;
    }

    public UserRecord withExplicitHashKey(String explicitHashKey) {
        this.explicitHashKey = explicitHashKey;
        return this;
    }

    public Schema getSchema() {
        return schema;
    }

    public void setSchema(Schema schema) {
        this.schema = schema;
    }

    public UserRecord withSchema(Schema schema) {
        this.schema = schema;
        return this;
    }

    @Override
    public String toString() {
        return "UserRecord(streamName=" + streamName + ", partitionKey=" + partitionKey + ", explicitHashKey="
                + explicitHashKey + ", data=" + (data == null ? "null" : data.remaining() + " bytes")
                + (schema == null ? "" : ", schema=" + schema.getSchemaName()) + ")";
    }
}
