package io.github.kinesisproducer.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;

/**
 * An output stream whose write errors surface as {@link WriteFailed}, also when it writes to a {@link PrintStream}
 * (which swallows them: a full disk would otherwise look like success, and a closed pipe would not stop us).
 */
final class CheckedOutput extends OutputStream {
    /** Writing the output failed; reading further is pointless. */
    static final class WriteFailed extends IOException {
        private static final long serialVersionUID = 1L;

        WriteFailed(String message, Throwable cause) {
            super(message, cause);
        }

        /** The reader went away ({@code | head}): not an error of ours, just the end. */
        boolean isBrokenPipe() {
            String m = getMessage() == null ? "" : getMessage().toLowerCase(Locale.ROOT);
            return m.contains("broken pipe") || m.contains("pipe is being closed");
        }
    }

    private final OutputStream target;

    CheckedOutput(OutputStream target) {
        this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            target.write(b, off, len);
        } catch (IOException e) {
            throw failed(e);
        }
        check();
    }

    @Override
    public void flush() throws IOException {
        try {
            target.flush();
        } catch (IOException e) {
            throw failed(e);
        }
        check();
    }

    /** A PrintStream only keeps a flag (checkError also flushes it): its cause is lost. */
    private void check() throws WriteFailed {
        if (target instanceof PrintStream p && p.checkError()) {
            throw new WriteFailed("write error", null);
        }
    }

    private static WriteFailed failed(IOException e) {
        return e instanceof WriteFailed w ? w
                : new WriteFailed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    }
}
