package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {
    @TempDir
    Path dir;

    private static List<String> all(Inputs in) throws IOException {
        List<String> out = new ArrayList<>();
        byte[] r;
        while ((r = in.next()) != null) {
            out.add(new String(r, StandardCharsets.UTF_8) + " @ " + in.position());
        }
        return out;
    }

    @Test
    void filesAndStdinAreReadInOrderWithPositionsAndByteCounts() throws IOException {
        Path a = Files.writeString(dir.resolve("a.txt"), "a1\na2\n");
        Path b = Files.writeString(dir.resolve("b.txt"), "b1");
        var stdin = new ByteArrayInputStream("s1\n".getBytes(StandardCharsets.UTF_8));
        try (Inputs in = Inputs.open(List.of(a.toString(), "-", b.toString()), Framing.LINES, stdin)) {
            assertThat(in.totalBytes()).isEqualTo(-1); // stdin has no size
            assertThat(all(in)).containsExactly("a1 @ " + a + " record 1", "a2 @ " + a + " record 2",
                    "s1 @ stdin record 1", "b1 @ " + b + " record 1");
            assertThat(in.bytesRead()).isEqualTo(6 + 3 + 2);
        }
    }

    @Test
    void filesOnlyHaveATotalSizeAndNoArgumentsMeansStdin() throws IOException {
        Path a = Files.writeString(dir.resolve("a.txt"), "12345");
        try (Inputs in = Inputs.open(List.of(a.toString(), a.toString()), Framing.WHOLE_FILE, null)) {
            assertThat(in.totalBytes()).isEqualTo(10);
            assertThat(all(in)).hasSize(2);
        }
        var stdin = new ByteArrayInputStream("x\ny\n".getBytes(StandardCharsets.UTF_8));
        try (Inputs in = Inputs.open(List.of(), Framing.LINES, stdin)) {
            assertThat(all(in)).containsExactly("x @ stdin record 1", "y @ stdin record 2");
        }
    }

    @Test
    void positionsNameTheLineWhenEmptyLinesMadeItDifferFromTheRecord() throws IOException {
        Path a = Files.writeString(dir.resolve("a.txt"), "a1\n\na2\n");
        try (Inputs in = Inputs.open(List.of(a.toString()), Framing.LINES, null)) {
            assertThat(all(in)).containsExactly("a1 @ " + a + " record 1", "a2 @ " + a + " record 2 (line 3)");
        }
    }

    @Test
    void aRecordThatCannotBeReadIsNamedByFileRecordAndLine() throws IOException {
        Path a = Files.writeString(dir.resolve("a.txt"), "ok\n");
        Path b = Files.writeString(dir.resolve("b.txt"), "b1\n\n" + "x".repeat(Framing.MAX_RECORD_BYTES + 1) + "\nb3\n");
        try (Inputs in = Inputs.open(List.of(a.toString(), b.toString()), Framing.LINES, null)) {
            in.next();
            in.next();
            assertThatThrownBy(in::next).isInstanceOf(InputException.class).hasMessage("cannot read " + b
                    + " record 2 (line 3): the line is longer than 10,485,760 bytes, the largest Kinesis record "
                    + "(wrong --framing?)");
        }
    }

    @Test
    void aTruncatedRecordIsNamedByFileRecordAndOffset() throws IOException {
        Path f = Files.write(dir.resolve("r.bin"), new byte[] {0, 0, 0, 1, 'a', 0, 0, 0, 4, 'b'});
        try (Inputs in = Inputs.open(List.of(f.toString()), Framing.LENGTH_PREFIXED, null)) {
            in.next();
            assertThatThrownBy(in::next).isInstanceOf(InputException.class).hasMessage("cannot read " + f
                    + " record 2 (length prefix at byte 5): input ends inside a record: the prefix announced 4 bytes, "
                    + "only 1 followed (a truncated file?)");
        }
    }

    @Test
    void missingFilesFailBeforeAnythingIsRead() throws IOException {
        Path a = Files.writeString(dir.resolve("a.txt"), "x");
        assertThatThrownBy(() -> Inputs.open(List.of(a.toString(), dir.resolve("nope.txt").toString()),
                Framing.LINES, null)).isInstanceOf(CliException.class).hasMessageEndingWith("nope.txt: no such file");
        assertThatThrownBy(() -> Inputs.open(List.of(dir.toString()), Framing.LINES, null))
                .hasMessageContaining("is a directory");
    }
}
