package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.kinesisproducer.internal.config.SeedConfig;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The proxy settings in every place settings are written: the builder, the seed's map, config files (the producer's
 * keys and the KPL's {@code ProxyHost}/{@code ProxyPort}/{@code ProxyUserName}/{@code ProxyPassword}), each with
 * messages that never show the password. What they mean at run time: {@code ProxyResolverTest}; end to end through a
 * real proxy: {@code ProxyIT}.
 */
class ProxyConfigTest {
    private static final String SECRET = "s3cr3t-pw";

    private static ConfigFile file(String text) {
        return ConfigFileTest.parse(text);
    }

    private static Map<String, Object> seed(String key, Object value) {
        Map<String, Object> m = new HashMap<>();
        m.put("stream_name", "s");
        m.put(key, value);
        return m;
    }

    @Test
    void theDefaultsAreNoProxyUrl_noNonProxyHosts_andTheSystemsSettingsConsulted() {
        ProducerConfig c = ProducerConfig.builder("s").build();
        assertThat(c.proxyUrl()).isNull();
        assertThat(c.nonProxyHosts()).isEmpty();
        assertThat(c.useSystemProxy()).isTrue().isEqualTo(ProducerConfig.DEFAULT_USE_SYSTEM_PROXY);
    }

    @Test
    void theBuilderKeepsTheSettings_andItsTextHidesTheCredentials() {
        ProducerConfig c = ProducerConfig.builder("s").proxyUrl(URI.create("http://bob:" + SECRET + "@proxy:3128"))
                .nonProxyHosts(List.of(".corp", "10.0.0.0/8")).useSystemProxy(false).build();
        assertThat(c.proxyUrl()).isEqualTo(URI.create("http://bob:" + SECRET + "@proxy:3128"));
        assertThat(c.nonProxyHosts()).containsExactly(".corp", "10.0.0.0/8");
        assertThat(c.useSystemProxy()).isFalse();
        assertThat(c.toString()).contains("proxy=http://****@proxy:3128").contains("nonProxyHosts=[.corp, 10.0.0.0/8]")
                .contains("useSystemProxy=false").doesNotContain(SECRET).doesNotContain("bob");
        ProducerConfig copy = c.toBuilder().build();
        assertThat(copy.proxyUrl()).isEqualTo(c.proxyUrl());
        assertThat(copy.nonProxyHosts()).isEqualTo(c.nonProxyHosts());
        assertThat(c.toBuilder().proxyUrl(null).build().proxyUrl()).isNull();
    }

    @Test
    void badProxyUrlsAreRefusedWithoutShowingTheCredentials() {
        for (String bad : List.of("https://bob:" + SECRET + "@proxy:3128", "http://bob:" + SECRET + "@proxy:99999",
                "ftp://bob:" + SECRET + "@proxy", "http://bob:" + SECRET + "@proxy:1/?q")) {
            Throwable e = catchThrowable(() -> ProducerConfig.builder("s").proxyUrl(URI.create(bad)));
            assertThat(e).as(bad).isInstanceOf(ConfigException.class);
            assertThat(e.getMessage()).as(bad).startsWith("Invalid value for proxy_url '").doesNotContain(SECRET);
        }
        assertThatThrownBy(() -> ProducerConfig.builder("s").nonProxyHosts(List.of("a b")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("non_proxy_hosts: 'a b' is not a host");
    }

    @Test
    void theSeedsMapTakesTheKeys_asTextOrTyped() {
        ProducerConfig c = SeedConfig.parse(Map.of("stream_name", "s", "proxy_url", "http://proxy:3128",
                "non_proxy_hosts", "a.corp, .b.corp|10.0.0.0/8", "use_system_proxy", false));
        assertThat(c.proxyUrl()).isEqualTo(URI.create("http://proxy:3128"));
        assertThat(c.nonProxyHosts()).containsExactly("a.corp", ".b.corp", "10.0.0.0/8");
        assertThat(c.useSystemProxy()).isFalse();
        ProducerConfig typed = SeedConfig.parse(Map.of("stream_name", "s", "proxy_url", URI.create("http://p:1"),
                "non_proxy_hosts", List.of("x", "y")));
        assertThat(typed.nonProxyHosts()).containsExactly("x", "y");

        for (Object bad : List.of("http://bob:" + SECRET + "@proxy:3128/ x", "http://bob:" + SECRET + "@proxy:port",
                "https://bob:" + SECRET + "@proxy")) {
            Throwable e = catchThrowable(() -> SeedConfig.parse(seed("proxy_url", bad)));
            assertThat(e).as(bad.toString()).isInstanceOf(ConfigException.class);
            assertThat(e.getMessage()).as(bad.toString()).contains("proxy_url").doesNotContain(SECRET);
        }
        assertThat(catchThrowable(() -> SeedConfig.parse(seed("use_system_proxy", "no"))))
                .hasMessageContaining("use_system_proxy");
    }

    @Test
    void configFilesTakeTheProducersKeys() {
        ProducerConfig c = file("proxy_url = http://bob:p%40ss@proxy.corp:3128\nnon_proxy_hosts = .internal, "
                + "169.254.169.254\nuse_system_proxy = false\n").toBuilder().streamName("s").build();
        assertThat(c.proxyUrl()).isEqualTo(URI.create("http://bob:p%40ss@proxy.corp:3128"));
        assertThat(c.nonProxyHosts()).containsExactly(".internal", "169.254.169.254");
        assertThat(c.useSystemProxy()).isFalse();
        Throwable e = catchThrowable(() -> file("proxy_url = http://bob:" + SECRET + "@proxy:notaport"));
        assertThat(e).isInstanceOf(ConfigException.class).hasMessageStartingWith("test.properties: ")
                .hasMessageContaining("proxy_url");
        assertThat(e.getMessage()).doesNotContain(SECRET);
    }

    @Test
    void theKplsProxyKeysMakeOneProxyUrl_portDefaulting443AsInTheKpl() {
        ProducerConfig c = file("ProxyHost = proxy.corp\nProxyPort = 3128\nProxyUserName = dom\\\\bob\n"
                + "ProxyPassword = p@ss:w/rd\n").toBuilder().streamName("s").build();
        assertThat(c.proxyUrl()).hasToString("http://dom%5Cbob:p%40ss%3Aw%2Frd@proxy.corp:3128");
        assertThat(file("ProxyHost = proxy.corp").toBuilder().streamName("s").build().proxyUrl())
                .hasToString("http://proxy.corp:443");
        ConfigFile partial = file("ProxyPort = 3128\nProxyPassword = " + SECRET);
        assertThat(partial.toBuilder().streamName("s").build().proxyUrl()).isNull();
        assertThat(partial.ignored()).containsExactlyInAnyOrder(
                "test.properties: ProxyPort is ignored: it only applies with ProxyHost",
                "test.properties: ProxyPassword is ignored: it only applies with ProxyHost");
        assertThatThrownBy(() -> file("ProxyHost = http://proxy.corp")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ProxyHost").hasMessageContaining("a host name or address only");
        assertThatThrownBy(() -> file("ProxyHost = p\nproxy_url = http://p:1")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("both set proxy_url");
        assertThat(file("ProxyHost =\nProxyPort = 443").ignored()).as("the KPL's empty 'not set'").hasSize(1);
    }
}
