package io.github.kinesisproducer.it;

import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.emulator.StoredRecord;
import io.github.kinesisproducer.internal.aggregation.KplDecoder;
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

    /** The user records' data: KPL aggregates taken apart, other records as they are. */
    static List<byte[]> userData(List<StoredRecord> records) {
        List<byte[]> out = new ArrayList<>();
        for (StoredRecord r : records) {
            List<KplDecoder.SubRecord> subs = KplDecoder.decode(r.data());
            if (subs == null) {
                out.add(r.data());
            } else {
                subs.forEach(s -> out.add(s.data()));
            }
        }
        return out;
    }

    static List<byte[]> data(List<StoredRecord> records) {
        List<byte[]> out = new ArrayList<>(records.size());
        for (StoredRecord r : records) {
            out.add(r.data());
        }
        return out;
    }
}
