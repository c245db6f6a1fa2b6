package io.github.kinesisproducer.internal.protocol;

/**
 * A stream is named by its name or by its ARN ({@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME}, for another
 * account's stream): every call names it with {@code StreamName} or {@code StreamARN} accordingly. Names cannot start
 * with {@code arn:} (they are {@code [a-zA-Z0-9_.-]+}), so the prefix tells them apart.
 */
public final class StreamIds {
    private StreamIds() {
    }

    public static boolean isArn(String stream) {
        return stream != null && stream.startsWith("arn:");
    }

    /** The JSON field that names {@code stream} in a request. */
    static String field(String stream) {
        return isArn(stream) ? "StreamARN" : "StreamName";
    }
}
