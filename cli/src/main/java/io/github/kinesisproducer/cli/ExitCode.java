package io.github.kinesisproducer.cli;

/** The command's exit codes: the README's table, {@code --help}'s footer and the tests use these. */
final class ExitCode {
    /** Everything worked. */
    static final int OK = 0;
    /** The command could not do its job: unreadable input, unreachable endpoint, emulator failed to start... */
    static final int ERROR = 1;
    /** Wrong options or arguments. */
    static final int USAGE = 2;
    /** {@code send} ran, but some records failed. */
    static final int RECORDS_FAILED = 3;
    /** {@code demo} ran, but the records read back did not match those sent. */
    static final int CHECK_FAILED = 4;
    /** Interrupted by Ctrl-C or SIGTERM (after the summary): 128 + SIGINT, the shell's convention. */
    static final int INTERRUPTED = 130;

    /** The lines of the help footer and the README's table, in one place. */
    static final String[] TABLE = {
        "Exit codes:",
        "  0    success",
        "  1    error (unreadable input, unreachable endpoint, missing stream, ...)",
        "  2    wrong options or arguments",
        "  3    send: some records failed",
        "  4    demo: the records read back did not match those sent",
        "  130  interrupted (Ctrl-C or SIGTERM), after the summary"};

    private ExitCode() {
    }
}
