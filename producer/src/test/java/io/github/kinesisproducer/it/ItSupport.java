package io.github.kinesisproducer.it;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.emulator.StoredRecord;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Shared bits of the integration tests: a producer builder for the emulator, and multiset comparison. */
final class ItSupport {
    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAEMULATOR00000000", "emulator-secret"));

    private ItSupport() {
    }

    static KinesisProducer.Builder producer(URI endpoint, String stream) {
        return KinesisProducer.builder().streamName(stream).region("us-east-1").endpointOverride(endpoint)
                .credentialsProvider(CREDENTIALS);
    }

    /** Counts of each payload, so "nothing lost, nothing duplicated" is one equality. */
    static Map<ByteBuffer, Integer> multiset(List<byte[]> payloads) {
        Map<ByteBuffer, Integer> m = new HashMap<>();
        for (byte[] p : payloads) {
            m.merge(ByteBuffer.wrap(p), 1, Integer::sum);
        }
        return m;
    }

    static List<byte[]> data(List<StoredRecord> records) {
        List<byte[]> out = new ArrayList<>(records.size());
        for (StoredRecord r : records) {
            out.add(r.data());
        }
        return out;
    }
}
