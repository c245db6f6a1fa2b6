package io.github.kinesisproducer.cli;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

/** How an input stream is cut into records. */
enum Framing {
    /** One record per line ({@code \n} or {@code \r\n}, not included); empty lines are skipped. */
    LINES("lines") {
        @Override
        RecordReader open(InputStream in) {
            return new LineReader(in);
        }
    },
    /** The whole input is one record. */
    WHOLE_FILE("whole-file") {
        @Override
        RecordReader open(InputStream in) {
            return new WholeReader(in);
        }
    },
    /** Each record is preceded by its length as a 4-byte big-endian unsigned integer. */
    LENGTH_PREFIXED("length-prefixed") {
        @Override
        RecordReader open(InputStream in) {
            return new LengthPrefixedReader(in);
        }
    };

    /**
     * 10 MiB, the largest record any Kinesis stream accepts. Bigger input is certainly a mistake (wrong framing, a
     * binary file read as lines), so it is refused before it is buffered, rather than exhausting memory.
     */
    static final int MAX_RECORD_BYTES = 10 * 1024 * 1024;

    private final String label;

    Framing(String label) {
        this.label = label;
    }

    abstract RecordReader open(InputStream in);

    @Override
    public String toString() {
        return label;
    }

    static Framing parse(String value) {
        for (Framing f : values()) {
            if (f.label.equalsIgnoreCase(value) || f.name().equalsIgnoreCase(value)) {
                return f;
            }
        }
        throw CliException.usage("--framing must be lines, whole-file or length-prefixed; got '" + value + "'");
    }

    /** Yields the records of one input in order. */
    interface RecordReader {
        /** The next record, or null at the end of the input. */
        byte[] next() throws IOException;

        /**
         * Where the last record returned (or the one that failed to read) starts, for messages, e.g. {@code line 12};
         * null if the record number says it all.
         */
        default String location() {
            return null;
        }
    }

    /** @param what e.g. "the line is longer than" or "the prefix announces 2,065,051,230 bytes, more than" */
    private static CliException tooLarge(String what) {
        return new CliException(String.format(Locale.ROOT,
                "%s %,d bytes, the largest Kinesis record (wrong --framing?)", what, MAX_RECORD_BYTES));
    }

    /** Scans a private buffer for newlines: much faster than byte-at-a-time reads through a stream. */
    private static final class LineReader implements RecordReader {
        private final InputStream in;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;
        private boolean eof;
        private byte[] line = new byte[256];
        private int length;
        private long newlines;
        private long currentLine;
        /** The line of the last record returned, or of the one that failed: not of one still being read. */
        private long recordLine;

        LineReader(InputStream in) {
            this.in = in;
        }

        @Override
        public String location() {
            return String.format(Locale.ROOT, "line %,d", recordLine);
        }

        @Override
        public byte[] next() throws IOException {
            while (true) {
                byte[] record;
                try {
                    record = nextLine();
                } catch (IOException | RuntimeException e) {
                    recordLine = currentLine;
                    throw e;
                }
                if (record == null || record.length > 0) {
                    recordLine = record == null ? recordLine : currentLine;
                    return record;
                }
            }
        }

        private byte[] nextLine() throws IOException {
            length = 0;
            currentLine = newlines + 1;
            while (true) {
                if (pos == limit) {
                    if (eof || !fill()) {
                        return length == 0 ? null : finish();
                    }
                }
                int start = pos;
                while (pos < limit && buf[pos] != '\n') {
                    pos++;
                }
                append(start, pos - start);
                if (pos < limit) {
                    pos++; // the newline itself
                    newlines++;
                    return finish();
                }
            }
        }

        private boolean fill() throws IOException {
            int n = in.read(buf);
            if (n < 0) {
                eof = true;
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }

        private void append(int from, int n) {
            if (length + n > MAX_RECORD_BYTES + 1) { // +1: a record of exactly the maximum may still end in \r
                // Only the bytes read so far are known, not the line's length: it is not read to its end.
                throw tooLarge("the line is longer than");
            }
            if (length + n > line.length) {
                line = Arrays.copyOf(line, Math.max(length + n, line.length * 2));
            }
            System.arraycopy(buf, from, line, length, n);
            length += n;
        }

        private byte[] finish() {
            int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            if (end > MAX_RECORD_BYTES) {
                throw tooLarge("the line is longer than");
            }
            return Arrays.copyOf(line, end);
        }
    }

    private static final class WholeReader implements RecordReader {
        private final InputStream in;
        private boolean done;

        WholeReader(InputStream in) {
            this.in = in;
        }

        @Override
        public byte[] next() throws IOException {
            if (done) {
                return null;
            }
            done = true;
            byte[] data = in.readNBytes(MAX_RECORD_BYTES + 1);
            if (data.length > MAX_RECORD_BYTES) {
                throw tooLarge("the input is longer than");
            }
            return data;
        }
    }

    private static final class LengthPrefixedReader implements RecordReader {
        private final InputStream in;
        private long offset;
        /** Where the last record returned, or the one that failed, starts: not one still being read. */
        private long recordOffset;

        LengthPrefixedReader(InputStream in) {
            this.in = in;
        }

        @Override
        public String location() {
            return String.format(Locale.ROOT, "length prefix at byte %,d", recordOffset);
        }

        @Override
        public byte[] next() throws IOException {
            try {
                byte[] data = read();
                if (data != null) {
                    recordOffset = offset - 4 - data.length;
                }
                return data;
            } catch (IOException | RuntimeException e) {
                recordOffset = offset;
                throw e;
            }
        }

        private byte[] read() throws IOException {
            byte[] prefix = in.readNBytes(4);
            if (prefix.length == 0) {
                return null;
            }
            if (prefix.length < 4) {
                throw new EOFException("input ends inside a 4-byte length prefix (" + prefix.length + " bytes left)");
            }
            long size = ((prefix[0] & 0xffL) << 24) | ((prefix[1] & 0xff) << 16) | ((prefix[2] & 0xff) << 8)
                    | (prefix[3] & 0xff);
            if (size > MAX_RECORD_BYTES) {
                throw tooLarge(String.format(Locale.ROOT, "the length prefix announces %,d bytes, more than", size));
            }
            byte[] data = in.readNBytes((int) size);
            if (data.length < size) {
                throw new EOFException("input ends inside a record: the prefix announced " + size + " bytes, only "
                        + data.length + " followed (a truncated file?)");
            }
            offset += 4 + size;
            return data;
        }
    }
}
