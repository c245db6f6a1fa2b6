package io.github.kinesisproducer.cli;

import java.io.IOException;

/**
 * Reading the input failed at a known place (a line too long, a truncated record, an I/O error). The message names
 * the input and the record, so the user can fix it and resend only what was not sent.
 */
final class InputException extends IOException {
    private static final long serialVersionUID = 1L;

    InputException(String where, Throwable cause) {
        super("cannot read " + where + ": " + detail(cause), cause);
    }

    private static String detail(Throwable cause) {
        return cause instanceof CliException || cause instanceof java.io.EOFException ? cause.getMessage()
                : Main.describe(cause);
    }
}
