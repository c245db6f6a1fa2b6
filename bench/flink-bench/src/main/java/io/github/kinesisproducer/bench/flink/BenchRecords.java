package io.github.kinesisproducer.bench.flink;

import io.github.kinesisproducer.bench.BenchData;
import java.io.Serializable;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The bench's records inside a Flink job: record i is the e2e bench's record i ({@link BenchData}: 8-byte index,
 * then random bytes) and its key the same random UUID, made in the source and in the sink's key function alike for
 * every sink, so both sinks pay the same.
 */
final class BenchRecords implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long SEED = 42;

    private final int records;
    private final int size;
    private transient BenchData data;

    BenchRecords(int records, int size) {
        this.records = records;
        this.size = size;
    }

    private BenchData data() {
        if (data == null) {
            data = BenchData.lazy(records, size, SEED);
        }
        return data;
    }

    /** The source's generator: index → record. */
    GeneratorFunction<Long, byte[]> generator() {
        return index -> data().data((int) (long) index);
    }

    /** The partition key of a record, from the index it starts with. */
    String key(byte[] record) {
        long index = 0;
        for (int b = 0; b < 8; b++) {
            index = (index << 8) | (record[b] & 0xFF);
        }
        return data().key((int) index);
    }
}
