package software.amazon.kinesis.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The memory bound through the real kinesis-producer: with an endpoint that refuses connections nothing completes, so
 * the buffer stays full; a record beyond the bound fails its future with {@code BufferFull} once {@code max_block} is
 * over (here 0: at once) and is not counted as outstanding.
 */
class MemoryBoundTest {
    @Test
    void aRecordBeyondTheBoundFailsItsFutureWithBufferFull() throws Exception {
        try (Socket refusing = new Socket()) {
            // Bound but never listening: connections to this port are refused, and no other test can take it.
            refusing.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            KinesisProducerConfiguration config = new KinesisProducerConfiguration().setRegion("us-east-1")
                    .setCredentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST",
                            "secret")))
                    .setKinesisEndpoint("127.0.0.1").setKinesisPort(refusing.getLocalPort()).setMetricsLevel("none")
                    .setProducerProperty("max_buffered_records", "2").setProducerProperty("max_block", "0");
            KinesisProducer producer = new KinesisProducer(config);
            try {
                ListenableFuture<UserRecordResult> first = producer.addUserRecord("s", "k1", ByteBuffer.allocate(10));
                ListenableFuture<UserRecordResult> second = producer.addUserRecord("s", "k2", ByteBuffer.allocate(10));
                ListenableFuture<UserRecordResult> third = producer.addUserRecord("s", "k3", ByteBuffer.allocate(10));
                try {
                    third.get(10, TimeUnit.SECONDS);
                    throw new AssertionError("a record beyond the bound was accepted");
                } catch (ExecutionException e) {
                    Attempt last = ((UserRecordFailedException) e.getCause()).getResult().getAttempts().get(0);
                    assertThat(last.getErrorCode()).isEqualTo("BufferFull");
                    assertThat(last.getErrorMessage()).contains("max_buffered_records");
                }
                assertThat(producer.getOutstandingRecordsCount()).isEqualTo(2);
                assertThat(first).isNotDone();
                assertThat(second).isNotDone();
            } finally {
                producer.destroy();
            }
        }
    }
}
