package io.github.kinesisproducer.cli;

import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Says what state a stream is in when a call was refused because it is not ACTIVE. */
final class StreamStatus {
    private StreamStatus() {
    }

    /** One line: the stream, where it is, its status and what to do. Asks Kinesis for the status. */
    static String notActive(AwsOptions aws, ErrorLine.Target t) {
        String status;
        try (KinesisClient client = aws.syncClient()) {
            status = client.describeStreamSummary(b -> b.streamName(t.stream())).streamDescriptionSummary()
                    .streamStatusAsString();
        } catch (RuntimeException e) {
            status = null;
        }
        return notActive(t, status);
    }

    static String notActive(ErrorLine.Target t, String status) {
        String where = "stream '" + t.stream() + "' in region " + t.region() + " at " + t.endpoint();
        if ("DELETING".equals(status)) {
            return where + " is DELETING: it is going away; create it again once it is gone";
        }
        return where + " is " + (status == null ? "not ACTIVE" : status + ", not ACTIVE") + ": wait until it is "
                + "(kinesis-producer stream describe " + t.stream() + "), then try again";
    }
}
