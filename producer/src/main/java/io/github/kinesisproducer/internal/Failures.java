package io.github.kinesisproducer.internal;

import io.github.kinesisproducer.Attempt;
import io.github.kinesisproducer.ProducerConfig;
import io.github.kinesisproducer.RecordFailedException;
import java.util.ArrayList;
import java.util.List;

/** Builds the exceptions records fail with, with messages that say what went wrong and what to do. */
final class Failures {
    static final String EXPIRED = "Expired";

    private Failures() {
    }

    /** A message for a non-retriable error code, with the likely fix. */
    static String describe(ProducerConfig config, String code, String message) {
        String where = "stream '" + config.streamName() + "'"
                + (config.region() == null ? "" : " in " + config.region())
                + (config.endpoint() == null ? "" : " at " + config.endpoint());
        String hint;
        switch (code == null ? "" : code) {
            case "ResourceNotFoundException":
                hint = "the stream does not exist: check stream_name, aws_region and endpoint_url, or create it";
                break;
            case "AccessDeniedException":
            case "AccessDenied":
                hint = "the credentials may not write to it: grant kinesis:PutRecords and kinesis:ListShards";
                break;
            case "ValidationException":
            case "InvalidArgumentException":
                hint = "Kinesis rejected the request as invalid (record or request too large for the stream?)";
                break;
            case "UnrecognizedClientException":
            case "InvalidSignatureException":
                hint = "the credentials were rejected: check the access key and secret";
                break;
            default:
                hint = code != null && code.startsWith("KMS")
                        ? "the stream's KMS key is not usable: check the key's state and the key policy"
                        : "Kinesis refused the request and retrying would not help";
        }
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
