package io.github.kinesisproducer.flink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.ConfigException;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AwsPropertiesTest {

    @Test
    void readsRegionEndpointAndBasicCredentialsInBothSpellings() {
        Properties dataStream = new Properties();
        dataStream.setProperty("aws.region", "eu-west-1");
        dataStream.setProperty("aws.endpoint", "http://127.0.0.1:4567");
        dataStream.setProperty("aws.credentials.provider", "BASIC");
        dataStream.setProperty("aws.credentials.provider.basic.accesskeyid", "AKIDEXAMPLE");
        dataStream.setProperty("aws.credentials.provider.basic.secretkey", "secret");
        dataStream.setProperty("RecordTtl", "1000"); // not an aws key: left for the producer
        AwsProperties a = AwsProperties.from(dataStream, "test");
        assertThat(a.region()).isEqualTo("eu-west-1");
        assertThat(a.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4567"));
        assertThat(a.credentials().provider().resolveCredentials().accessKeyId()).isEqualTo("AKIDEXAMPLE");

        Properties sql = new Properties();
        sql.setProperty("aws.credentials.basic.accesskeyid", "AKIDSQL");
        sql.setProperty("aws.credentials.basic.secretkey", "secret");
        assertThat(AwsProperties.from(sql, "test").credentials().provider().resolveCredentials().accessKeyId())
                .isEqualTo("AKIDSQL"); // keys without a provider type mean BASIC, as in Flink's AWS connectors
    }

    @Test
    void nothingSetMeansTheSdksChainsLater() {
        AwsProperties a = AwsProperties.from(new Properties(), "test");
        assertThat(a.region()).isNull();
        assertThat(a.endpoint()).isNull();
        assertThat(a.credentials()).isNull();
        assertThat(AwsProperties.from(Map.of("aws.credentials.provider", "auto"), "t").credentials()).isNotNull();
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> AwsProperties.from(Map.of("aws.credentials.provider", "BASIC",
                "aws.credentials.provider.basic.accesskeyid", "AKID"), "my table"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("my table: aws.credentials.provider=BASIC needs aws.credentials.provider.basic.secretkey");
        assertThatThrownBy(() -> AwsProperties.from(Map.of("aws.endpoint", "not a uri"), "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("aws.endpoint is not a URI");
        assertThatThrownBy(() -> AwsProperties.from(Map.of("aws.regoin", "x"), "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'aws.regoin'")
                .hasMessageContaining("aws.region");
    }
}
