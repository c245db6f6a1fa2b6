package io.github.kinesisproducer.cli;

/** The command's exit codes, documented in {@code --help}. */
final class ExitCode {
    /** Everything worked. */
    static final int OK = 0;
    /** The command could not do its job: unreadable input, unreachable endpoint, emulator failed to start... */
    static final int ERROR = 1;
    /** Wrong options or arguments. */
    static final int USAGE = 2;
    /** The command ran, but some records failed ({@code send}) or did not verify ({@code demo}). */
    static final int RECORDS_FAILED = 3;

    private ExitCode() {
    }
}
