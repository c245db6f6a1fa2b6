package io.github.kinesisproducer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.KinesisProducer;
import io.github.kinesisproducer.RecordFailedException;
import io.github.kinesisproducer.RecordResult;
import io.github.kinesisproducer.emulator.KinesisProxy;
import io.github.kinesisproducer.emulator.StoredRecord;
import io.github.kinesisproducer.emulator.StreamAdmin;
import io.github.kinesisproducer.emulator.TlsIdentity;
import io.github.kinesisproducer.testing.KinesaliteExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code KinesisProducer.Builder.tlsTrustManager}: the producer's own client, over TLS to kinesalite behind a TLS
 * proxy whose certificate comes from a private CA, trusts the CA it is given (and still checks the host name), and
 * without it refuses the certificate with a message that says why.
 */
@ExtendWith(KinesaliteExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsTrustManagerIT {
    private static final TlsIdentity CA = TlsIdentity.forLoopback();
    private static KinesisProxy tls;
    private static StreamAdmin admin;

    @BeforeAll
    static void start() {
        admin = KinesaliteExtension.admin();
        tls = KinesisProxy.start(KinesaliteExtension.endpoint(), KinesisProxy.Rule.forwardAll(), CA);
    }

    @AfterAll
    static void stop() {
        tls.close();
    }

    private static KinesisProducer.Builder producer(String stream) {
        return ItSupport.producer(tls.endpoint(), stream).aggregation(Aggregation.NONE)
                .recordTtl(Duration.ofSeconds(3)).configure(c -> c.maxAttempts(1));
    }

    @Test
    void aPrivateCaGivenAsTrustManagerIsTrusted() throws Exception {
        String stream = StreamAdmin.uniqueStreamName("it-tls");
        admin.createStream(stream, 1);
        try (KinesisProducer p = producer(stream).tlsTrustManager(CA.trustManager()).build()) {
            RecordResult r = p.send("k", "over tls".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
            assertThat(r.shardId()).isEqualTo("shardId-000000000000");
        }
        assertThat(admin.readAll(stream)).extracting(StoredRecord::dataAsUtf8).containsExactly("over tls");
        assertThat(tls.stats().requests("PutRecords")).isPositive();
    }

    @Test
    void withoutItTheJvmTrustStoreDecidesAndRefusesTheCertificate() {
        try (KinesisProducer p = producer("it-tls-untrusted").build()) {
            CompletableFuture<RecordResult> f = p.send("k", new byte[] {1});
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(RecordFailedException.class)
                    .hasMessageContaining("not issued by a certificate authority this JVM trusts");
        }
    }

    @Test
    void theHostNameIsStillChecked() {
        TlsIdentity otherHost = TlsIdentity.forNames(List.of("kinesis.example.com"));
        try (KinesisProxy proxy = KinesisProxy.start(KinesaliteExtension.endpoint(), KinesisProxy.Rule.forwardAll(),
                otherHost);
                KinesisProducer p = ItSupport.producer(proxy.endpoint(), "it-tls-other-host")
                        .aggregation(Aggregation.NONE).recordTtl(Duration.ofSeconds(3))
                        .configure(c -> c.maxAttempts(1)).tlsTrustManager(otherHost.trustManager()).build()) {
            CompletableFuture<RecordResult> f = p.send("k", new byte[] {1});
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(RecordFailedException.class)
                    .hasMessageContaining("certificate is not for 127.0.0.1");
        }
    }
}
