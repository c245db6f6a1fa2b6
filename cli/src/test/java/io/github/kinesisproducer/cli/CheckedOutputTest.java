package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class CheckedOutputTest {
    /** Fails every write with {@code message}, as a full disk or a closed pipe does. */
    private static OutputStream failing(String message) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException(message);
            }
        };
    }

    @Test
    void errorsAPrintStreamWouldSwallowSurface() {
        PrintStream swallowing = new PrintStream(failing("No space left on device"), true);
        CheckedOutput out = new CheckedOutput(swallowing);
        assertThatThrownBy(() -> out.write(new byte[] {1, 2}, 0, 2)).isInstanceOf(CheckedOutput.WriteFailed.class);
    }

    @Test
    void aStreamsOwnErrorKeepsItsMessageAndABrokenPipeIsRecognised() {
        CheckedOutput full = new CheckedOutput(failing("No space left on device"));
        assertThatThrownBy(() -> full.write(1)).isInstanceOfSatisfying(CheckedOutput.WriteFailed.class, e -> {
            assertThat(e).hasMessage("No space left on device");
            assertThat(e.isBrokenPipe()).isFalse();
        });
        CheckedOutput closedPipe = new CheckedOutput(failing("Broken pipe"));
        assertThatCode(closedPipe::flush).doesNotThrowAnyException(); // nothing written: nothing to fail
        assertThatThrownBy(() -> closedPipe.write(1)).isInstanceOfSatisfying(CheckedOutput.WriteFailed.class,
                e -> assertThat(e.isBrokenPipe()).isTrue());
    }

    @Test
    void writesPassThrough() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (CheckedOutput out = new CheckedOutput(new PrintStream(buf, false))) {
            out.write(new byte[] {'a', 'b'}, 0, 2);
            out.write('c');
            out.flush();
        }
        assertThat(buf.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("abc");
    }
}
