package io.github.kinesisproducer.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The records of several inputs (files, or stdin as {@code -}) one after the other, with the byte counts the
 * progress display needs. Files are opened one at a time, when their turn comes.
 */
final class Inputs implements AutoCloseable, Sender.Source {
    static final String STDIN = "-";

    private final List<String> names;
    private final Framing framing;
    private final InputStream stdin;
    private final long totalBytes;
    private final AtomicLong bytesRead = new AtomicLong();
    private int index = -1;
    private InputStream current;
    private Framing.RecordReader reader;
    private long recordNumber;

    private Inputs(List<String> names, Framing framing, InputStream stdin, long totalBytes) {
        this.names = names;
        this.framing = framing;
        this.stdin = stdin;
        this.totalBytes = totalBytes;
    }

    /**
     * Checks that every file exists up front, so a typo in the last name fails before anything is sent.
     *
     * @param names file names; empty means stdin
     */
    static Inputs open(List<String> names, Framing framing, InputStream stdin) {
        List<String> all = names == null || names.isEmpty() ? List.of(STDIN) : List.copyOf(names);
        long total = 0;
        for (String name : all) {
            if (name.equals(STDIN)) {
                total = -1;
                continue;
            }
            Path p = Path.of(name);
            if (!Files.exists(p)) {
                throw new CliException("cannot read " + name + ": no such file");
            }
            if (Files.isDirectory(p)) {
                throw new CliException("cannot read " + name + ": is a directory");
            }
            if (!Files.isReadable(p)) {
                throw new CliException("cannot read " + name + ": permission denied");
            }
            try {
                // Pipes and devices have no meaningful size: no percentage or ETA then.
                total = total < 0 || !Files.isRegularFile(p) ? -1 : total + Files.size(p);
            } catch (IOException e) {
                total = -1;
            }
        }
        return new Inputs(new ArrayList<>(all), framing, stdin, total);
    }

    /**
     * The next record of the current input, moving on to the next input at its end; null after the last.
     *
     * @throws InputException naming the input and record where reading failed; reading cannot go on after it
     */
    @Override
    public byte[] next() throws InputException {
        while (true) {
            if (reader == null && !openNext()) {
                return null;
            }
            byte[] record;
            try {
                record = reader.next();
            } catch (IOException | CliException e) {
                throw new InputException(where(recordNumber + 1, true), e);
            }
            if (record != null) {
                recordNumber++;
                return record;
            }
            try {
                closeCurrent();
            } catch (IOException e) {
                throw new InputException(where(recordNumber, false), e);
            }
        }
    }

    private boolean openNext() throws InputException {
        if (index + 1 >= names.size()) {
            return false;
        }
        index++;
        recordNumber = 0;
        String name = names.get(index);
        InputStream raw;
        try {
            raw = name.equals(STDIN) ? nonClosing(stdin) : Files.newInputStream(Path.of(name));
        } catch (NoSuchFileException e) {
            throw new InputException(name, new CliException("no such file (was it moved while sending?)", e));
        } catch (IOException e) {
            throw new InputException(name, e);
        }
        current = new CountingStream(raw, bytesRead);
        reader = framing.open(current);
        return true;
    }

    private void closeCurrent() throws IOException {
        reader = null;
        if (current != null) {
            InputStream c = current;
            current = null;
            c.close();
        }
    }

    /**
     * Where the last record came from, for messages: {@code orders.jsonl record 17}, with its line when that differs
     * (empty lines are skipped): {@code orders.jsonl record 17 (line 20)}.
     */
    @Override
    public String position() {
        return where(recordNumber, false);
    }

    private String where(long record, boolean alwaysLocation) {
        String name = index < 0 ? STDIN : names.get(index);
        String location = reader == null ? null : reader.location();
        String at = (name.equals(STDIN) ? "stdin" : name) + " record " + Format.count(record);
        boolean sameAsRecord = location != null && location.equals("line " + Format.count(record));
        return location == null || (sameAsRecord && !alwaysLocation) ? at : at + " (" + location + ")";
    }

    /** Bytes read so far from all inputs (any thread may call). */
    long bytesRead() {
        return bytesRead.get();
    }

    /** The sum of the files' sizes, or -1 when an input is stdin or not a regular file. */
    long totalBytes() {
        return totalBytes;
    }

    @Override
    public void close() throws IOException {
        closeCurrent();
    }

    private static InputStream nonClosing(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // stdin belongs to the process, not to us
            }
        };
    }

    private static final class CountingStream extends FilterInputStream {
        private final AtomicLong counter;

        CountingStream(InputStream in, AtomicLong counter) {
            super(in);
            this.counter = counter;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counter.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counter.addAndGet(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counter.addAndGet(skipped);
            return skipped;
        }
    }
}
