package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kinesisproducer.internal.config.SeedConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedConfigTest {

    private static Map<String, Object> seed() {
        Map<String, Object> m = new HashMap<>();
        m.put("aws_region", "us-east-1");
        m.put("buffer_size_limit", 100_000);
        m.put("buffer_time_limit", 0.2);
        m.put("kinesis_concurrency", 1);
        m.put("kinesis_max_retries", 10);
        m.put("record_delimiter", "\n");
        m.put("stream_name", "KINESIS_STREAM_NAME");
        return m;
    }

    @Test
    void theSeedsSevenKeysMeanWhatTheSeedSays() {
        ProducerConfig c = SeedConfig.parse(seed());
        assertThat(c.region()).isEqualTo("us-east-1");
        assertThat(c.aggregationMaxSize()).isEqualTo(100_000);
        assertThat(c.maxBufferedTime()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.maxConcurrency()).isEqualTo(1);
        assertThat(c.maxAttempts()).isEqualTo(10);
        assertThat(c.recordDelimiter()).isEqualTo("\n".getBytes(StandardCharsets.UTF_8));
        assertThat(c.streamName()).isEqualTo("KINESIS_STREAM_NAME");
        assertThat(c.aggregation()).as("the seed's constructor defaults to delimited").isEqualTo(Aggregation.DELIMITED);
    }

    @Test
    void delimiterMayBeAStringOrBytes() {
        Map<String, Object> m = seed();
        m.put("record_delimiter", new byte[] {0, 1});
        assertThat(SeedConfig.parse(m).recordDelimiter()).containsExactly(0, 1);
    }

    @Test
    void endpointAndAggregationKeys() {
        Map<String, Object> m = seed();
        m.put("endpoint_url", "http://127.0.0.1:4567");
        m.put("aggregation", "kpl");
        ProducerConfig c = SeedConfig.parse(m);
        assertThat(c.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4567"));
        assertThat(c.aggregation()).isEqualTo(Aggregation.KPL);
    }

    @Test
    void unknownKeysAreRejectedByName() {
        Map<String, Object> m = seed();
        m.put("buffer_size", 5);
        assertThatThrownBy(() -> SeedConfig.parse(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown config key 'buffer_size'").hasMessageContaining("buffer_size_limit");
    }

    @Test
    void wrongTypesAreRejectedWithKeyValueAndExpectedType() {
        Map<String, Object> m = seed();
        m.put("kinesis_concurrency", "4");
        assertThatThrownBy(() -> SeedConfig.parse(m)).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid type for kinesis_concurrency: expected an integer (Integer or Long), got String '4'");
        Map<String, Object> m2 = seed();
        m2.put("buffer_time_limit", "0.2");
        assertThatThrownBy(() -> SeedConfig.parse(m2)).hasMessageContaining("buffer_time_limit")
                .hasMessageContaining("number of seconds");
    }

    @Test
    void outOfRangeValuesAreRejectedWithTheAllowedRange() {
        Map<String, Object> m = seed();
        m.put("kinesis_concurrency", 0);
        assertThatThrownBy(() -> SeedConfig.parse(m)).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value for kinesis_concurrency: 0 (allowed: an integer from 1 to 256)");
        Map<String, Object> m2 = seed();
        m2.put("buffer_time_limit", -1);
        assertThatThrownBy(() -> SeedConfig.parse(m2)).hasMessageContaining("buffer_time_limit: -1");
        Map<String, Object> m3 = seed();
        m3.put("stream_name", "bad name!");
        assertThatThrownBy(() -> SeedConfig.parse(m3)).hasMessageContaining("stream_name: bad name!");
        Map<String, Object> m4 = seed();
        m4.put("aggregation", "zip");
        assertThatThrownBy(() -> SeedConfig.parse(m4)).hasMessageContaining("allowed: kpl, delimited, none");
        Map<String, Object> m5 = seed();
        m5.put("buffer_size_limit", 2 * 1024 * 1024);
        assertThatThrownBy(() -> SeedConfig.parse(m5)).hasMessageContaining("must not exceed max_record_size");
    }

    @Test
    void streamNameIsRequiredAndNullValuesAreRejected() {
        Map<String, Object> m = seed();
        m.remove("stream_name");
        assertThatThrownBy(() -> SeedConfig.parse(m)).hasMessageContaining("stream_name is required");
        Map<String, Object> m2 = seed();
        m2.put("aws_region", null);
        assertThatThrownBy(() -> SeedConfig.parse(m2)).hasMessageContaining("aws_region: null");
    }
}
