package io.github.kinesisproducer.flink.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.junit.jupiter.api.Test;

/** The sink.proxy-* options as the producer's keys; messages that never quote the URL or the password. */
class ProxyOptionsTest {
    private static Properties added(Map<String, String> options, Properties producerKeys) {
        ProxyOptions.addTo(producerKeys, Configuration.fromMap(options), "t");
        return producerKeys;
    }

    @Test
    void eachOptionBecomesTheProducersKey_andThePasswordJoinsTheUrlEncoded() {
        Properties p = added(Map.of("sink.proxy-url", "http://app@proxy.corp:3128", "sink.proxy-password", "p@ss w:rd",
                "sink.non-proxy-hosts", ".internal;10.0.0.0/8", "sink.use-system-proxy", "false"), new Properties());
        assertThat(p).containsEntry("proxy_url", "http://app:p%40ss%20w%3Ard@proxy.corp:3128")
                .containsEntry("non_proxy_hosts", ".internal,10.0.0.0/8").containsEntry("use_system_proxy", "false");
        assertThat(added(Map.of("sink.proxy-url", "http://u:p@proxy.corp:3128"), new Properties()))
                .containsOnly(Map.entry("proxy_url", "http://u:p@proxy.corp:3128"));
        assertThat(added(Map.of(), new Properties())).as("unset options add nothing").isEmpty();
    }

    @Test
    void aProxySetTwiceIsRefused() {
        Properties kpl = new Properties();
        kpl.setProperty("ProxyHost", "proxy.corp");
        assertThatThrownBy(() -> added(Map.of("sink.proxy-url", "http://proxy.corp:3128"), kpl))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'sink.proxy-url'")
                .hasMessageContaining("'producer.ProxyHost'");
        Properties own = new Properties();
        own.setProperty("use_system_proxy", "true");
        assertThatThrownBy(() -> added(Map.of("sink.use-system-proxy", "false"), own))
                .hasMessageContaining("keep one of them");
    }

    @Test
    void aPasswordNeedsAUserInTheUrlAndNoPasswordThere_andNoMessageQuotesEither() {
        for (String url : new String[] {"http://proxy.corp:3128", "http://app:other-secret@proxy.corp:3128",
            "http://app@proxy corp:3128"}) {
            assertThatThrownBy(() -> added(Map.of("sink.proxy-url", url, "sink.proxy-password", "hunter2"),
                    new Properties())).as(url).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("'sink.proxy-url'").hasMessageNotContaining("hunter2")
                    .hasMessageNotContaining("other-secret").hasMessageNotContaining("proxy corp");
        }
        assertThatThrownBy(() -> added(Map.of("sink.proxy-password", "hunter2"), new Properties()))
                .hasMessageContaining("needs 'sink.proxy-url'").hasMessageNotContaining("hunter2");
    }
}
