package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramingTest {

    private static List<String> read(Framing f, byte[] input) throws IOException {
        Framing.RecordReader r = f.open(new ByteArrayInputStream(input));
        List<String> out = new ArrayList<>();
        byte[] rec;
        while ((rec = r.next()) != null) {
            out.add(new String(rec, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesSplitOnLfAndCrLfSkipEmptyLinesAndKeepALastLineWithoutNewline() throws IOException {
        assertThat(read(Framing.LINES, utf8("a\nb\r\n\n\r\nc d\n  \nlast"))).containsExactly("a", "b", "c d", "  ",
                "last");
        assertThat(read(Framing.LINES, new byte[0])).isEmpty();
        assertThat(read(Framing.LINES, utf8("\n\n"))).isEmpty();
        assertThat(read(Framing.LINES, utf8("only\n"))).containsExactly("only");
    }

    @Test
    void linesLongerThanTheReadBufferAreKeptWhole() throws IOException {
        String big = "x".repeat(200_000);
        assertThat(read(Framing.LINES, utf8(big + "\n" + big + "y"))).containsExactly(big, big + "y");
    }

    @Test
    void lineBytesArePassedThroughUnchanged() throws IOException {
        byte[] binary = {(byte) 0xff, 0, (byte) 0xc3, '\r', 'x'};
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.write(binary);
        in.write('\n');
        Framing.RecordReader r = Framing.LINES.open(new ByteArrayInputStream(in.toByteArray()));
        assertThat(r.next()).isEqualTo(binary); // a \r inside a line stays; only the one before \n goes
        assertThat(r.next()).isNull();
    }

    @Test
    void aLineOverTheKinesisMaximumIsRefusedBeforeItIsBuffered() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }
        };
        // Not read to its end, so its length is unknown: "longer than", not the bytes read so far.
        assertThatThrownBy(() -> Framing.LINES.open(endless).next()).isInstanceOf(CliException.class)
                .hasMessage("the line is longer than 10,485,760 bytes, the largest Kinesis record (wrong --framing?)");
    }

    @Test
    void aLineOfExactlyOneByteTooManyIsRefusedWithTheSameWords() {
        byte[] input = utf8("x".repeat(Framing.MAX_RECORD_BYTES + 1) + "\n");
        assertThatThrownBy(() -> read(Framing.LINES, input)).isInstanceOf(CliException.class)
                .hasMessageStartingWith("the line is longer than 10,485,760 bytes");
    }

    @Test
    void linesKnowTheLineOfTheLastRecordAndOfOneThatFailed() throws IOException {
        Framing.RecordReader r = Framing.LINES.open(new ByteArrayInputStream(utf8("a\n\n\r\nb\n")));
        r.next();
        assertThat(r.location()).isEqualTo("line 1");
        r.next();
        assertThat(r.location()).isEqualTo("line 4"); // empty lines are skipped, not counted as records
        assertThat(r.next()).isNull();
        assertThat(r.location()).isEqualTo("line 4");

        byte[] bad = utf8("ok\n" + "x".repeat(Framing.MAX_RECORD_BYTES + 2));
        Framing.RecordReader failing = Framing.LINES.open(new ByteArrayInputStream(bad));
        failing.next();
        assertThatThrownBy(failing::next).isInstanceOf(CliException.class);
        assertThat(failing.location()).isEqualTo("line 2");
    }

    @Test
    void wholeFileIsOneRecordEvenWhenEmpty() throws IOException {
        assertThat(read(Framing.WHOLE_FILE, utf8("a\nb\n"))).containsExactly("a\nb\n");
        assertThat(read(Framing.WHOLE_FILE, new byte[0])).containsExactly("");
    }

    @Test
    void lengthPrefixedReadsBigEndianLengthsIncludingEmptyRecords() throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (String s : new String[] {"hello", "", "wörld\n"}) {
            byte[] b = utf8(s);
            in.write(ByteBuffer.allocate(4).putInt(b.length).array());
            in.write(b);
        }
        assertThat(read(Framing.LENGTH_PREFIXED, in.toByteArray())).containsExactly("hello", "", "wörld\n");
    }

    @Test
    void lengthPrefixedReportsTruncationAndAbsurdLengths() {
        assertThatThrownBy(() -> read(Framing.LENGTH_PREFIXED, new byte[] {0, 0})).isInstanceOf(EOFException.class)
                .hasMessageContaining("length prefix");
        assertThatThrownBy(() -> read(Framing.LENGTH_PREFIXED, new byte[] {0, 0, 0, 5, 'a', 'b'}))
                .isInstanceOf(EOFException.class).hasMessageContaining("announced 5 bytes, only 2");
        // "{\"a\"" read as a length is ~2 GB: certainly not length-prefixed input.
        assertThatThrownBy(() -> read(Framing.LENGTH_PREFIXED, utf8("{\"a\":1}")))
                .isInstanceOf(CliException.class).hasMessage("the length prefix announces 2,065,850,658 bytes, more "
                        + "than 10,485,760 bytes, the largest Kinesis record (wrong --framing?)");
    }

    @Test
    void lengthPrefixedKnowsWhereTheLastRecordAndOneThatFailedStart() throws IOException {
        byte[] input = {0, 0, 0, 2, 'a', 'b', 0, 0, 0, 1, 'c', 0, 0, 0, 9, 'd'};
        Framing.RecordReader r = Framing.LENGTH_PREFIXED.open(new ByteArrayInputStream(input));
        r.next();
        assertThat(r.location()).isEqualTo("length prefix at byte 0");
        r.next();
        assertThat(r.location()).isEqualTo("length prefix at byte 6");
        assertThatThrownBy(r::next).isInstanceOf(EOFException.class).hasMessageContaining("truncated");
        assertThat(r.location()).isEqualTo("length prefix at byte 11");
    }

    @Test
    void parseAcceptsTheDocumentedNamesOnly() {
        assertThat(Framing.parse("lines")).isEqualTo(Framing.LINES);
        assertThat(Framing.parse("Whole-File")).isEqualTo(Framing.WHOLE_FILE);
        assertThat(Framing.parse("length-prefixed")).isEqualTo(Framing.LENGTH_PREFIXED);
        assertThatThrownBy(() -> Framing.parse("csv")).isInstanceOf(CliException.class)
                .hasMessageContaining("lines, whole-file or length-prefixed")
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }
}
