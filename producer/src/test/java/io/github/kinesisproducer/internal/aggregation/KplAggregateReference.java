package io.github.kinesisproducer.internal.aggregation;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.github.kinesisproducer.internal.aggregation.KplDecoder.SubRecord;
import io.github.kinesisproducer.internal.shards.HashKey;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import software.amazon.kinesis.retrieval.kpl.Messages;

/**
 * Independent reference for the KPL format, built on protobuf-java (test scope only): the messages.proto
 * schema as a runtime descriptor, a decoder over {@link CodedInputStream}, and a serializer via
 * {@link DynamicMessage}. Plus the jqwik generators the aggregate and decoder properties share.
 */
public final class KplAggregateReference {

    static final Descriptor AGGREGATED_RECORD;
    static final Descriptor RECORD;

    static {
        FieldDescriptorProto.Label req = FieldDescriptorProto.Label.LABEL_REQUIRED;
        FieldDescriptorProto.Label opt = FieldDescriptorProto.Label.LABEL_OPTIONAL;
        FieldDescriptorProto.Label rep = FieldDescriptorProto.Label.LABEL_REPEATED;
        FieldDescriptorProto.Type str = FieldDescriptorProto.Type.TYPE_STRING;
        FieldDescriptorProto.Type u64 = FieldDescriptorProto.Type.TYPE_UINT64;
        FieldDescriptorProto.Type msg = FieldDescriptorProto.Type.TYPE_MESSAGE;
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("kpl_reference.proto").setSyntax("proto2")
                .addMessageType(DescriptorProto.newBuilder().setName("Tag")
                        .addField(field("key", 1, req, str, null))
                        .addField(field("value", 2, opt, str, null)))
                .addMessageType(DescriptorProto.newBuilder().setName("Record")
                        .addField(field("partition_key_index", 1, req, u64, null))
                        .addField(field("explicit_hash_key_index", 2, opt, u64, null))
                        .addField(field("data", 3, req, FieldDescriptorProto.Type.TYPE_BYTES, null))
                        .addField(field("tags", 4, rep, msg, ".Tag")))
                .addMessageType(DescriptorProto.newBuilder().setName("AggregatedRecord")
                        .addField(field("partition_key_table", 1, rep, str, null))
                        .addField(field("explicit_hash_key_table", 2, rep, str, null))
                        .addField(field("records", 3, rep, msg, ".Record")))
                .build();
        try {
            FileDescriptor fd = FileDescriptor.buildFrom(file, new FileDescriptor[0]);
            AGGREGATED_RECORD = fd.findMessageTypeByName("AggregatedRecord");
            RECORD = fd.findMessageTypeByName("Record");
        } catch (DescriptorValidationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private KplAggregateReference() {
    }

    private static FieldDescriptorProto field(String name, int number, FieldDescriptorProto.Label label,
                                              FieldDescriptorProto.Type type, String typeName) {
        FieldDescriptorProto.Builder b = FieldDescriptorProto.newBuilder()
                .setName(name).setNumber(number).setLabel(label).setType(type);
        if (typeName != null) {
            b.setTypeName(typeName);
        }
        return b.build();
    }

    static byte[] md5(byte[] b, int off, int len) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        md.update(b, off, len);
        return md.digest();
    }

    /** The protobuf bytes between magic and MD5, after checking both. */
    static byte[] protobufOf(byte[] aggregate) throws Exception {
        if (!Arrays.equals(aggregate, 0, 4, KplAggregate.magic(), 0, 4)) {
            throw new AssertionError("no magic");
        }
        int pbLen = aggregate.length - 20;
        if (!Arrays.equals(md5(aggregate, 4, pbLen), 0, 16, aggregate, 4 + pbLen, aggregate.length)) {
            throw new AssertionError("MD5 mismatch");
        }
        return Arrays.copyOfRange(aggregate, 4, 4 + pbLen);
    }

    /** Decodes an aggregate with protobuf-java's CodedInputStream, field by field. */
    static List<SubRecord> decodeWithCodedInputStream(byte[] aggregate) throws Exception {
        CodedInputStream in = CodedInputStream.newInstance(protobufOf(aggregate));
        List<String> pks = new ArrayList<>();
        List<String> ehks = new ArrayList<>();
        List<Object[]> recs = new ArrayList<>();
        // Dispatch on the whole tag like generated code: a known field number with the wrong wire type is
        // an unknown field.
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (tag) {
                case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> pks.add(in.readString());
                case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> ehks.add(in.readString());
                case (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    Long pk = null;
                    Long ehk = null;
                    byte[] data = null;
                    for (int t; (t = in.readTag()) != 0; ) {
                        switch (t) {
                            case (1 << 3) | WireFormat.WIRETYPE_VARINT -> pk = in.readUInt64();
                            case (2 << 3) | WireFormat.WIRETYPE_VARINT -> ehk = in.readUInt64();
                            case (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> data = in.readByteArray();
                            default -> in.skipField(t);
                        }
                    }
                    in.popLimit(limit);
                    recs.add(new Object[] {pk, ehk, data});
                }
                default -> in.skipField(tag);
            }
        }
        List<SubRecord> out = new ArrayList<>();
        for (Object[] r : recs) {
            String ehk = r[1] == null ? null : ehks.get(Math.toIntExact((Long) r[1]));
            out.add(new SubRecord(pks.get(Math.toIntExact((Long) r[0])), ehk, (byte[]) r[2]));
        }
        return out;
    }

    /**
     * What the KCL makes of an aggregate, parsed by the KCL's own generated protobuf-java classes (its
     * {@code Messages}, exactly as {@code AggregatorUtil} calls them): the sub-records, or null if the KCL would pass
     * the record on whole (no magic, nothing between magic and MD5, bad MD5, a protobuf it cannot parse) or fail on it
     * (a table index out of range; the KCL logs an error there, having cast the uint64 index to int).
     */
    static List<SubRecord> decodeWithKclMessages(byte[] aggregate) throws Exception {
        if (aggregate.length <= KplAggregate.OVERHEAD || !Arrays.equals(aggregate, 0, 4, KplAggregate.magic(), 0, 4)) {
            return null;
        }
        int end = aggregate.length - KplAggregate.MD5_LENGTH;
        if (!Arrays.equals(md5(aggregate, 4, end - 4), 0, 16, aggregate, end, aggregate.length)) {
            return null;
        }
        Messages.AggregatedRecord parsed;
        try {
            parsed = Messages.AggregatedRecord.parseFrom(Arrays.copyOfRange(aggregate, 4, end));
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
        List<SubRecord> out = new ArrayList<>();
        for (Messages.Record r : parsed.getRecordsList()) {
            if (Long.compareUnsigned(r.getPartitionKeyIndex(), parsed.getPartitionKeyTableCount()) >= 0
                    || r.hasExplicitHashKeyIndex() && Long.compareUnsigned(r.getExplicitHashKeyIndex(),
                            parsed.getExplicitHashKeyTableCount()) >= 0) {
                return null;
            }
            String ehk = r.hasExplicitHashKeyIndex()
                    ? parsed.getExplicitHashKeyTable((int) r.getExplicitHashKeyIndex()) : null;
            out.add(new SubRecord(parsed.getPartitionKeyTable((int) r.getPartitionKeyIndex()), ehk,
                    r.getData().toByteArray()));
        }
        return out;
    }

    /** Parses with required-field checks, as generated code (and so the KCL) would. */
    static DynamicMessage parse(byte[] protobuf) throws InvalidProtocolBufferException {
        return DynamicMessage.parseFrom(AGGREGATED_RECORD, protobuf);
    }

    /** protobuf-java's serialization of the same records, tables deduplicated in first-seen order. */
    static byte[] serializeWithProtobufJava(List<SubRecord> records) {
        Map<String, Integer> pks = new LinkedHashMap<>();
        Map<String, Integer> ehks = new LinkedHashMap<>();
        DynamicMessage.Builder agg = DynamicMessage.newBuilder(AGGREGATED_RECORD);
        List<DynamicMessage> recs = new ArrayList<>();
        for (SubRecord r : records) {
            DynamicMessage.Builder rec = DynamicMessage.newBuilder(RECORD);
            rec.setField(RECORD.findFieldByNumber(1), (long) pks.computeIfAbsent(r.partitionKey(), k -> pks.size()));
            if (r.explicitHashKey() != null) {
                rec.setField(RECORD.findFieldByNumber(2),
                        (long) ehks.computeIfAbsent(r.explicitHashKey(), k -> ehks.size()));
            }
            rec.setField(RECORD.findFieldByNumber(3), com.google.protobuf.ByteString.copyFrom(r.data()));
            recs.add(rec.build());
        }
        pks.keySet().forEach(k -> agg.addRepeatedField(AGGREGATED_RECORD.findFieldByNumber(1), k));
        ehks.keySet().forEach(k -> agg.addRepeatedField(AGGREGATED_RECORD.findFieldByNumber(2), k));
        recs.forEach(r -> agg.addRepeatedField(AGGREGATED_RECORD.findFieldByNumber(3), r));
        return agg.build().toByteArray();
    }

    static KplAggregate build(List<SubRecord> records) {
        KplAggregate a = new KplAggregate();
        for (SubRecord r : records) {
            a.add(r.partitionKey(), r.explicitHashKey(), r.data());
        }
        return a;
    }

    // ---- generators ----

    /** Code points across every UTF-8 length, never a lone surrogate. */
    static Arbitrary<Integer> codePoints() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(1, Arbitraries.integers().between(0x00, 0x1F)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0x7FF)),
                Tuple.of(2, Arbitraries.integers().between(0x800, 0xFFFF).filter(c -> c < 0xD800 || c > 0xDFFF)),
                Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)));
    }

    /** Unicode partition keys of 1–256 chars (UTF-16 units, as Java and Kinesis count), pairs never split. */
    public static Arbitrary<String> partitionKeys() {
        return codePoints().list().ofMinSize(1).ofMaxSize(256).map(cps -> {
            StringBuilder b = new StringBuilder();
            for (int cp : cps) {
                if (b.length() + Character.charCount(cp) > 256) {
                    break;
                }
                b.appendCodePoint(cp);
            }
            return b.toString();
        });
    }

    public static Arbitrary<HashKey> hashKeys() {
        Arbitrary<Long> longs = Arbitraries.longs();
        return Combinators.combine(longs, longs).as(HashKey::new);
    }

    static Arbitrary<String> explicitHashKeys() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, hashKeys().map(HashKey::toDecimal)),
                Tuple.of(1, Arbitraries.of("0", "1", HashKey.MAX.toDecimal(),
                        BigInteger.TWO.pow(64).toString())));
    }

    /** Keys drawn often from a small pool too, so tables get shared entries. */
    static Arbitrary<SubRecord> userRecords(int maxData) {
        Arbitrary<String> pk = Arbitraries.frequencyOf(
                Tuple.of(3, partitionKeys()), Tuple.of(1, Arbitraries.of("a", "b", "key-1", "\u00e9\ud83d\ude00")));
        Arbitrary<String> ehk = Arbitraries.frequencyOf(
                Tuple.of(3, explicitHashKeys()), Tuple.of(1, Arbitraries.of("0", "42"))).injectNull(0.5);
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(maxData);
        return Combinators.combine(pk, ehk, data).as(SubRecord::new);
    }
}
