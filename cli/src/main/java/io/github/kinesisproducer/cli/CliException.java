package io.github.kinesisproducer.cli;

/** An expected failure: printed as one line on stderr, without a stack trace, and mapped to an exit code. */
class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(String message) {
        this(message, ExitCode.ERROR, null);
    }

    CliException(String message, Throwable cause) {
        this(message, ExitCode.ERROR, cause);
    }

    CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A mistake in the options or arguments (exit code 2). */
    static CliException usage(String message) {
        return new CliException(message, ExitCode.USAGE, null);
    }

    int exitCode() {
        return exitCode;
    }
}
