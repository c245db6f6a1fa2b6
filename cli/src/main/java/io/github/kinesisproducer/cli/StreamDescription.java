package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.emulator.StreamAdmin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/** What {@code stream describe} shows: the stream's summary and every shard. */
record StreamDescription(StreamDescriptionSummary summary, List<Shard> shards) {
    /** Kinesis's default max record size when a stream does not say (older APIs, emulators). */
    static final int DEFAULT_MAX_RECORD_KIB = 1024;

    static StreamDescription of(KinesisClient client, String name) {
        StreamDescriptionSummary s = client.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
        return new StreamDescription(s, new StreamAdmin(client).listShards(name));
    }

    /** Absent means the classic behaviour: records go to the shard that holds their key's hash. */
    String distribution() {
        return summary.recordDistributionStrategyAsString() == null ? "USER_PARTITION_KEY"
                : summary.recordDistributionStrategyAsString();
    }

    String mode() {
        return summary.streamModeDetails() == null || summary.streamModeDetails().streamModeAsString() == null
                ? "PROVISIONED" : summary.streamModeDetails().streamModeAsString();
    }

    int maxRecordKiB() {
        return summary.maxRecordSizeInKiB() == null ? DEFAULT_MAX_RECORD_KIB : summary.maxRecordSizeInKiB();
    }

    static boolean isOpen(Shard s) {
        return s.sequenceNumberRange() == null || s.sequenceNumberRange().endingSequenceNumber() == null;
    }

    private static String parents(Shard s) {
        List<String> p = new ArrayList<>();
        if (s.parentShardId() != null) {
            p.add(s.parentShardId());
        }
        if (s.adjacentParentShardId() != null) {
            p.add(s.adjacentParentShardId());
        }
        return p.isEmpty() ? "-" : String.join(", ", p);
    }

    String render() {
        StringBuilder b = new StringBuilder();
        row(b, "stream", summary.streamName());
        row(b, "ARN", summary.streamARN());
        row(b, "status", summary.streamStatusAsString());
        row(b, "mode", mode());
        row(b, "distribution", distribution() + (distribution().equals("USER_PARTITION_KEY")
                ? " (a record goes to the shard that holds its partition key's hash)" : ""));
        row(b, "open shards", summary.openShardCount() == null
                ? Long.toString(shards.stream().filter(StreamDescription::isOpen).count())
                : summary.openShardCount().toString());
        row(b, "retention", summary.retentionPeriodHours() + " h");
        row(b, "max record size", maxRecordKiB() + " KiB");
        row(b, "encryption", summary.encryptionTypeAsString() == null ? "NONE" : summary.encryptionTypeAsString());
        row(b, "created", String.valueOf(summary.streamCreationTimestamp()));
        b.append(System.lineSeparator());
        int idWidth = Math.max(8, shards.stream().mapToInt(s -> s.shardId().length()).max().orElse(8));
        String format = "%-" + idWidth + "s  %-6s  %-39s  %-39s  %s" + System.lineSeparator();
        b.append(String.format(java.util.Locale.ROOT, format, "SHARD", "STATE", "STARTING HASH KEY", "ENDING HASH KEY",
                "PARENTS"));
        for (Shard s : shards) {
            b.append(String.format(java.util.Locale.ROOT, format, s.shardId(), isOpen(s) ? "open" : "closed",
                    s.hashKeyRange().startingHashKey(), s.hashKeyRange().endingHashKey(), parents(s)));
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String label, String value) {
        b.append(label).append(" ".repeat(Math.max(1, 17 - label.length()))).append(value)
                .append(System.lineSeparator());
    }

    Map<String, Object> toJson() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("streamName", summary.streamName());
        j.put("streamARN", summary.streamARN());
        j.put("status", summary.streamStatusAsString());
        j.put("mode", mode());
        j.put("recordDistributionStrategy", distribution());
        j.put("retentionPeriodHours", summary.retentionPeriodHours());
        j.put("maxRecordSizeInKiB", maxRecordKiB());
        j.put("encryptionType", summary.encryptionTypeAsString());
        List<Object> list = new ArrayList<>();
        for (Shard s : shards) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("shardId", s.shardId());
            m.put("open", isOpen(s));
            m.put("startingHashKey", s.hashKeyRange().startingHashKey());
            m.put("endingHashKey", s.hashKeyRange().endingHashKey());
            m.put("parentShardId", s.parentShardId());
            m.put("adjacentParentShardId", s.adjacentParentShardId());
            list.add(m);
        }
        j.put("shards", list);
        return j;
    }
}
