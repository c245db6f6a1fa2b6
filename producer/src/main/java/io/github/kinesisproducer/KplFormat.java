package io.github.kinesisproducer;

import io.github.kinesisproducer.internal.aggregation.KplDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the KPL aggregated-record format that {@link Aggregation#KPL} writes (magic, protobuf, MD5), for consumers
 * and tests that read a stream without the KCL. The test kit's stream reader uses it.
 */
public final class KplFormat {
    private KplFormat() {
    }

    /**
     * The user records inside one Kinesis record's data, in order, if the data is a KPL aggregate; empty if it is not
     * (then the data is one plain record). An aggregate is recognised as the KCL recognises it: the magic, an MD5
     * that matches, and a well-formed protobuf message; anything else is plain data. The records carry the partition
     * key and explicit hash key (null when it had none) they were aggregated with.
     */
    public static Optional<List<KinesisRecord>> decode(byte[] kinesisRecordData) {
        List<KplDecoder.SubRecord> subRecords = KplDecoder.decode(kinesisRecordData);
        if (subRecords == null) {
            return Optional.empty();
        }
        List<KinesisRecord> out = new ArrayList<>(subRecords.size());
        for (KplDecoder.SubRecord s : subRecords) {
            // The decoder made a fresh array for each record: no copy needed.
            out.add(new KinesisRecord(s.partitionKey(), s.explicitHashKey(), s.data()));
        }
        return Optional.of(List.copyOf(out));
    }
}
