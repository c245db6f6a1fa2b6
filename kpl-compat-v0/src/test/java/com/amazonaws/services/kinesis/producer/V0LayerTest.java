package com.amazonaws.services.kinesis.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.auth.BasicSessionCredentials;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** The 0.x layer: settings reach the 1.x configuration, SDK v1 credentials sign, outcomes come back as 0.x types. */
class V0LayerTest {
    @Test
    void settingsGoToThe1xConfiguration() {
        KinesisProducerConfiguration c = new KinesisProducerConfiguration().setRecordTtl(60000).setRateLimit(90)
                .setKinesisEndpoint("127.0.0.1").setKinesisPort(4443).setVerifyCertificate(false)
                .setThreadingModel(KinesisProducerConfiguration.ThreadingModel.POOLED).setCaCertPath("/etc/ssl/certs")
                .setProducerProperty("max_block", "5s").setProxyHost("proxy.corp").setProxyPort(3128)
                .setProxyUserName("app").setProxyPassword("pw");
        software.amazon.kinesis.producer.KinesisProducerConfiguration v1x = c.toV1x();
        // The 1.x layer makes them one proxy_url (kpl-compat's ConfigurationTest and KplProgramsIT).
        assertThat(List.of(v1x.getProxyHost(), v1x.getProxyPort(), v1x.getProxyUserName(), v1x.getProxyPassword()))
                .containsExactly("proxy.corp", 3128L, "app", "pw");
        assertThat(v1x.getRecordTtl()).isEqualTo(60000);
        assertThat(v1x.getRateLimit()).isEqualTo(90);
        assertThat(v1x.getKinesisPort()).isEqualTo(4443);
        assertThat(v1x.isVerifyCertificate()).isFalse();
        assertThat(v1x.getThreadingModel().name()).isEqualTo("POOLED");
        assertThat(c.getThreadingModel()).isEqualTo(KinesisProducerConfiguration.ThreadingModel.POOLED);
        assertThat(v1x.getCaCertPath()).isEqualTo("/etc/ssl/certs");
        assertThat(c.getProducerProperties()).containsEntry("max_block", "5s");
        assertThatThrownBy(() -> c.setCollectionMaxCount(0)).hasMessageContaining("between 1 and 500");
        Properties p = new Properties();
        p.setProperty("RecordTtl", "45000");
        assertThat(KinesisProducerConfiguration.fromProperties(p).getRecordTtl()).isEqualTo(45000);
    }

    @Test
    void sdkV1CredentialsSignRequests_sessionTokensIncluded() {
        KinesisProducerConfiguration c = new KinesisProducerConfiguration().setCredentialsProvider(
                new AWSStaticCredentialsProvider(new BasicSessionCredentials("AKIA1", "secret", "token")));
        assertThat(c.toV1x().getCredentialsProvider().resolveCredentials()).isInstanceOfSatisfying(
                AwsSessionCredentials.class, s -> {
                    assertThat(s.accessKeyId()).isEqualTo("AKIA1");
                    assertThat(s.sessionToken()).isEqualTo("token");
                });
        KinesisProducerConfiguration basic = new KinesisProducerConfiguration().setCredentialsProvider(
                new AWSStaticCredentialsProvider(new BasicAWSCredentials("AKIA2", "secret")));
        assertThat(basic.toV1x().getCredentialsProvider().resolveCredentials().accessKeyId()).isEqualTo("AKIA2");
        assertThat(basic.getCredentialsProvider()).isInstanceOf(AWSStaticCredentialsProvider.class);
    }

    @Test
    void outcomesAreThe0xTypes() {
        var attempt = new software.amazon.kinesis.producer.Attempt(3, 7, "Record has reached expiration", "Expired",
                false);
        var failed = new software.amazon.kinesis.producer.UserRecordResult(List.of(attempt), null, null, false);
        Throwable t = V0Bridge.failure(new software.amazon.kinesis.producer.UserRecordFailedException(failed));
        assertThat(t).isInstanceOf(UserRecordFailedException.class).hasMessageContaining("Expired");
        Attempt a = ((UserRecordFailedException) t).getResult().getAttempts().get(0);
        assertThat(a.getDelay()).isEqualTo(3);
        assertThat(a.getDuration()).isEqualTo(7);
        assertThat(a.getErrorCode()).isEqualTo("Expired");
        assertThat(V0Bridge.failure(new software.amazon.kinesis.producer.FutureTimedOutException("late", null)))
                .isInstanceOf(FutureTimedOutException.class).hasMessage("late");
        IllegalStateException stop = new IllegalStateException("closed");
        assertThat(V0Bridge.failure(new software.amazon.kinesis.producer.KinesisProducerException(stop, null)))
                .isSameAs(stop);
    }

    @Test
    void aDestroyedProducerThrowsThe0xDaemonException() {
        KinesisProducer p = new KinesisProducer(new KinesisProducerConfiguration().setRegion("us-east-1")
                .setMetricsLevel("none"));
        p.destroy();
        assertThatThrownBy(() -> p.addUserRecord("s", "k", ByteBuffer.wrap(new byte[1])))
                .isInstanceOf(DaemonException.class);
        assertThatThrownBy(p::flush).isInstanceOf(DaemonException.class);
        assertThat(p.getOutstandingRecordsCount()).isZero();
    }
}
