package io.github.kinesisproducer.internal.engine;

import io.github.kinesisproducer.Attempt;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.internal.protocol.KinesisErrors;
import java.util.ArrayList;
import java.util.List;

/** Builds the exceptions records fail with, with messages that say what went wrong and what to do. */
final class Failures {
    static final String EXPIRED = "Expired";

    private Failures() {
    }

    /** A message for a non-retriable error code, with the likely fix. */
    static String describe(ProducerConfig config, String stream, String code, String message) {
        String where = "stream '" + stream + "'"
                + (config.region() == null ? "" : " in " + config.region())
                + (config.endpoint() == null ? "" : " at " + config.endpoint());
        String hint = KinesisErrors.hint(code);
        return "PutRecords to " + where + " failed with " + code + ": " + message + " (" + hint + ")";
    }

    static RecordFailedException failed(String text, String code, OutRecord carrier, PendingRecord record,
            boolean retriable, Throwable cause) {
        List<Attempt> attempts = carrier.attempts;
        if (!record.priorAttempts.isEmpty()) {
            attempts = new ArrayList<>(record.priorAttempts);
            attempts.addAll(carrier.attempts);
        }
        String message = text;
        for (Attempt a : attempts) {
            if (a.outcomeUnknown()) {
                // Said in the message too: it is what a user deciding whether to resend needs to know.
                message = text + " (an attempt got no answer: the record may have been stored; resending may duplicate it)";
                break;
            }
        }
        return new RecordFailedException(message, code, attempts, retriable, cause);
    }
}
