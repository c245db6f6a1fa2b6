package io.github.kinesisproducer.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits a record of {@code send --aggregation delimited} back into the records that were joined. */
final class Delimited {
    private Delimited() {
    }

    /**
     * The parts of {@code data} between delimiters. The producer ends every record with the delimiter, so the
     * empty piece after the last one is not a record; data that does not end with it (written by someone else) keeps
     * its last piece. Records never contain the delimiter (the producer refuses them), so the split is exact.
     */
    static List<byte[]> split(byte[] data, byte[] delimiter) {
        List<byte[]> parts = new ArrayList<>();
        int from = 0;
        int i = 0;
        while (i <= data.length - delimiter.length) {
            if (matches(data, i, delimiter)) {
                parts.add(Arrays.copyOfRange(data, from, i));
                i += delimiter.length;
                from = i;
            } else {
                i++;
            }
        }
        if (from < data.length) {
            parts.add(Arrays.copyOfRange(data, from, data.length));
        }
        return parts;
    }

    private static boolean matches(byte[] data, int at, byte[] delimiter) {
        for (int j = 0; j < delimiter.length; j++) {
            if (data[at + j] != delimiter[j]) {
                return false;
            }
        }
        return true;
    }
}
