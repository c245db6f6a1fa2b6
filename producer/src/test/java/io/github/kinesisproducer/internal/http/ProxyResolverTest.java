package io.github.kinesisproducer.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which proxy, if any, the producer's calls go through, from each source (the producer's settings, the JVM's
 * properties, the environment) and in which order; NO_PROXY and http.nonProxyHosts patterns; loopback endpoints;
 * and that credentials never show in a message or a text form. The sources are lookups here, since a test cannot set
 * the JVM's environment (and the real ones never apply to the loopback endpoints of the integration tests).
 */
class ProxyResolverTest {
    private static final URI AWS = URI.create("https://kinesis.eu-west-1.amazonaws.com");
    private static final URI PLAIN = URI.create("http://kinesis.internal:4567");
    private static final URI LOCAL = URI.create("http://127.0.0.1:4567");
    private static final Map<String, String> NONE = Map.of();

    private static ProxyResolver.Route route(URI endpoint, String proxyUrl, List<String> nonProxyHosts,
            boolean useSystem, Map<String, String> properties, Map<String, String> environment) {
        return ProxyResolver.resolve(endpoint, proxyUrl == null ? null : URI.create(proxyUrl), nonProxyHosts,
                useSystem, properties::get, environment::get);
    }

    private static HttpProxy system(URI endpoint, Map<String, String> properties, Map<String, String> environment) {
        return route(endpoint, null, List.of(), true, properties, environment).proxy();
    }

    private static HttpProxy env(URI endpoint, Map<String, String> environment) {
        return system(endpoint, NONE, environment);
    }

    @Test
    void theProducersProxyUrlWinsOverTheJvmAndTheEnvironment_andAppliesToLoopbackEndpoints() {
        Map<String, String> props = Map.of("https.proxyHost", "jvm.proxy", "http.proxyHost", "jvm.proxy");
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://env.proxy:3128", "HTTP_PROXY", "http://env.proxy:3128");
        for (URI endpoint : List.of(AWS, PLAIN, LOCAL, URI.create("http://localhost:4567"))) {
            HttpProxy p = route(endpoint, "http://u:p%40ss@own.proxy:8080", List.of(), true, props, env).proxy();
            assertThat(p).as(endpoint.toString()).isEqualTo(new HttpProxy("own.proxy", 8080, "u", "p@ss",
                    "proxy_url"));
        }
    }

    @Test
    void theJvmsPropertiesWinOverTheEnvironment_eachForItsOwnScheme() {
        Map<String, String> props = Map.of("https.proxyHost", "secure.proxy", "https.proxyPort", "8443",
                "http.proxyHost", "plain.proxy");
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://env.proxy:3128");
        assertThat(system(AWS, props, env)).isEqualTo(new HttpProxy("secure.proxy", 8443, null, null,
                "https.proxyHost"));
        assertThat(system(PLAIN, props, env)).as("http.proxyPort defaults to 80")
                .isEqualTo(new HttpProxy("plain.proxy", 80, null, null, "http.proxyHost"));
        assertThat(system(AWS, Map.of("https.proxyHost", "secure.proxy"), NONE).port())
                .as("https.proxyPort defaults to 443, as in the JDK").isEqualTo(443);
        assertThat(system(AWS, Map.of("http.proxyHost", "plain.proxy"), NONE)).as("no https.proxyHost: the JDK "
                + "connects https:// directly too").isNull();
    }

    @Test
    void theJvmsProxyUserAndPasswordAreTheCredentials_asTheAwsSdkReadsThem() {
        HttpProxy p = system(AWS, Map.of("https.proxyHost", "p", "https.proxyUser", "bob", "https.proxyPassword",
                "secret"), NONE);
        assertThat(p.username()).isEqualTo("bob");
        assertThat(p.password()).isEqualTo("secret");
        assertThat(p.toString()).isEqualTo("http://p:443 (https.proxyHost, with credentials)");
    }

    @Test
    void theEnvironmentAsTheAwsCliReadsIt_lowerCaseFirst_schemeOfTheEndpoint_httpWithoutScheme() {
        assertThat(env(AWS, Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy", "http://lower:2")))
                .isEqualTo(new HttpProxy("lower", 2, null, null, "https_proxy"));
        assertThat(env(AWS, Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy", " ")).source())
                .isEqualTo("HTTPS_PROXY");
        assertThat(env(AWS, Map.of("HTTP_PROXY", "http://plain:3128"))).as("http_proxy is for http:// only")
                .isNull();
        assertThat(env(PLAIN, Map.of("HTTP_PROXY", "http://plain:3128", "HTTPS_PROXY", "http://secure:3128")))
                .isEqualTo(new HttpProxy("plain", 3128, null, null, "HTTP_PROXY"));
        assertThat(env(AWS, Map.of("HTTPS_PROXY", "proxy.corp:3128"))).isEqualTo(new HttpProxy("proxy.corp", 3128,
                null, null, "HTTPS_PROXY"));
        assertThat(env(AWS, Map.of("HTTPS_PROXY", "http://proxy.corp/")).port()).isEqualTo(80);
        assertThat(env(AWS, Map.of("HTTPS_PROXY", "http://[fd00::1]:3128")).host()).isEqualTo("fd00::1");
    }

    @Test
    void noProxyEntriesCoverTheirSubdomains_addressBlocks_portsAndEverything() {
        URI internal = URI.create("https://kinesis.vpce.corp.example:443");
        Map<String, String> proxy = Map.of("HTTPS_PROXY", "http://proxy:3128");
        for (String noProxy : List.of("corp.example", ".corp.example", "*.corp.example", "*", "other, corp.example",
                "kinesis.vpce.corp.example:443", "CORP.EXAMPLE")) {
            assertThat(env(internal, with(proxy, "NO_PROXY", noProxy))).as(noProxy).isNull();
        }
        for (String noProxy : List.of("example.org", "orp.example", "kinesis.vpce.corp.example:8443", "10.0.0.0/8")) {
            assertThat(env(internal, with(proxy, "NO_PROXY", noProxy))).as(noProxy).isNotNull();
        }
        URI address = URI.create("https://10.1.2.3");
        assertThat(env(address, with(proxy, "NO_PROXY", "10.0.0.0/8"))).isNull();
        assertThat(env(address, with(proxy, "NO_PROXY", "10.1.2.0/24,fd00::/8"))).isNull();
        assertThat(env(address, with(proxy, "NO_PROXY", "10.1.3.0/24"))).isNotNull();
        assertThat(env(URI.create("https://[fd00::5]"), with(proxy, "NO_PROXY", "fd00::/8"))).isNull();
        assertThat(env(internal, Map.of("HTTPS_PROXY", "http://proxy:3128", "no_proxy", "corp.example",
                "NO_PROXY", "other"))).as("no_proxy first").isNull();
    }

    @Test
    void httpNonProxyHostsIsTheJdksGlob_aNameMeansItselfOnly() {
        Map<String, String> props = Map.of("https.proxyHost", "proxy");
        URI host = URI.create("https://kinesis.corp.example");
        assertThat(system(host, with(props, "http.nonProxyHosts", "*.corp.example|localhost"), NONE)).isNull();
        assertThat(system(host, with(props, "http.nonProxyHosts", "kinesis.*"), NONE)).isNull();
        assertThat(system(host, with(props, "http.nonProxyHosts", "corp.example"), NONE)).isNotNull();
        assertThat(system(host, props, Map.of("NO_PROXY", "corp.example"))).as("NO_PROXY goes with HTTPS_PROXY, not "
                + "with the JVM's proxy").isNotNull();
    }

    @Test
    void theProducersNonProxyHostsApplyWhateverNamesTheProxy() {
        List<String> direct = List.of(".amazonaws.com");
        assertThat(route(AWS, "http://own:1", direct, true, NONE, NONE).proxy()).isNull();
        assertThat(route(AWS, null, direct, true, Map.of("https.proxyHost", "p"), NONE).proxy()).isNull();
        assertThat(route(AWS, null, direct, true, NONE, Map.of("HTTPS_PROXY", "p:1")).proxy()).isNull();
        ProxyResolver.Route r = route(AWS, "http://own:1", direct, true, NONE, NONE);
        assertThat(r.reason()).contains("non_proxy_hosts entry '.amazonaws.com'");
        assertThat(route(PLAIN, "http://own:1", direct, true, NONE, NONE).proxy()).isNotNull();
    }

    @Test
    void theJvmsAndTheEnvironmentsProxiesNeverApplyToLoopbackEndpoints() {
        Map<String, String> props = Map.of("https.proxyHost", "p", "http.proxyHost", "p");
        Map<String, String> env = Map.of("HTTPS_PROXY", "p:1", "HTTP_PROXY", "p:1");
        for (String local : List.of("http://127.0.0.1:4567", "https://127.0.0.2", "http://localhost:1",
                "https://LOCALHOST", "http://[::1]:4567", "http://kinesis.localhost")) {
            URI endpoint = URI.create(local);
            assertThat(system(endpoint, props, NONE)).as(local).isNull();
            assertThat(system(endpoint, NONE, env)).as(local).isNull();
            assertThat(route(endpoint, null, List.of(), true, NONE, env).reason()).contains("loopback");
        }
        assertThat(system(URI.create("http://127.example.com"), NONE, env)).isNotNull();
    }

    @Test
    void useSystemProxyFalseIgnoresTheJvmAndTheEnvironment_notTheProducersOwnSetting() {
        Map<String, String> props = Map.of("https.proxyHost", "p");
        Map<String, String> env = Map.of("HTTPS_PROXY", "p:1");
        assertThat(route(AWS, null, List.of(), false, props, env).proxy()).isNull();
        assertThat(route(AWS, "http://own:1", List.of(), false, props, env).proxy().host()).isEqualTo("own");
        assertThat(route(AWS, null, List.of(), true, NONE, NONE)).hasToString("direct: no proxy configured");
    }

    @Test
    void credentialsNeverShowInMessagesOrTextForms() {
        String secret = "s3cr3t";
        for (String bad : List.of("http://user:" + secret + "@proxy:notaport", "https://user:" + secret + "@proxy:1",
                "socks5://user:" + secret + "@proxy:1080", "http://user:" + secret + "%zz@proxy:1",
                "http://user:" + secret, "http://user:" + secret + "@", "http://user:" + secret + "@proxy:1?x")) {
            Throwable e = catchThrowable(() -> env(AWS, Map.of("HTTPS_PROXY", bad)));
            assertThat(e).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThat(e.getMessage()).as(bad).doesNotContain(secret).contains("HTTPS_PROXY");
        }
        HttpProxy p = env(AWS, Map.of("HTTPS_PROXY", "http://user:" + secret + "@proxy:3128"));
        assertThat(p.toString()).isEqualTo("http://proxy:3128 (HTTPS_PROXY, with credentials)");
        assertThat(route(AWS, null, List.of(), true, NONE, Map.of("HTTPS_PROXY", "http://u:" + secret + "@p:1"))
                .toString()).doesNotContain(secret);
        assertThat(ProxyUrls.redact("http://user:" + secret + "@proxy:3128/x")).isEqualTo("http://****@proxy:3128/x");
        assertThat(ProxyUrls.redact("user:" + secret + "@proxy:3128")).isEqualTo("****@proxy:3128");
        assertThat(ProxyUrls.redact("http://a:b@c:" + secret + "@proxy")).isEqualTo("http://****@proxy");
        assertThat(ProxyUrls.redact("http://user:" + secret)).doesNotContain(secret);
        assertThat(ProxyUrls.redact("http://proxy:3128")).isEqualTo("http://proxy:3128");
        assertThat(ProxyUrls.redact("http://[::1]:3128")).isEqualTo("http://[::1]:3128");
    }

    @Test
    void httpsAndSocksProxiesAreRefusedWithWhatToWriteInstead() {
        assertThat(catchThrowable(() -> ProxyUrls.parse("https://proxy:3128", "proxy_url")))
                .hasMessageContaining("TLS to the proxy itself (https://) is not supported")
                .hasMessageContaining("write http://");
        assertThat(catchThrowable(() -> ProxyUrls.parse("socks5://proxy:1080", "proxy_url")))
                .hasMessageContaining("only HTTP proxies (http://) are supported, not socks5://");
        assertThat(catchThrowable(() -> ProxyUrls.parse("http://proxy:0", "proxy_url")))
                .hasMessageContaining("the port must be a number from 1 to 65535");
        assertThat(catchThrowable(() -> system(AWS, Map.of("https.proxyHost", "p", "https.proxyPort", "x"), NONE)))
                .hasMessageContaining("https.proxyPort 'x' is not a port number");
    }

    @Test
    void userNamesAndPasswordsSurviveEncoding_andBasicCarriesThemInUtf8() {
        String user = "d\u00f6m\u00e4in\\u:s@r";
        String password = "p@ss:w/rd %41?#&";
        URI url = ProxyUrls.of("proxy.corp", 3128, user, password);
        assertThat(url.toString()).startsWith("http://").endsWith("@proxy.corp:3128").doesNotContain(" ");
        HttpProxy p = ProxyUrls.parse(url, "ProxyHost");
        assertThat(p.username()).isEqualTo(user);
        assertThat(p.password()).isEqualTo(password);
        assertThat(p.authorization()).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(ProxyUrls.of("fd00::1", 8080, null, null)).hasToString("http://[fd00::1]:8080");
        assertThat(ProxyUrls.parse("http://user@proxy:1", "x").password()).isEmpty();
    }

    @Test
    void badPatternsAreRefusedNamingTheirSource() {
        assertThat(catchThrowable(() -> env(AWS, Map.of("HTTPS_PROXY", "p:1", "NO_PROXY", "10.0.0.0/33"))))
                .hasMessageContaining("NO_PROXY: '10.0.0.0/33' is not an address block");
        assertThat(catchThrowable(() -> NonProxyHosts.parse(List.of("host name"), "non_proxy_hosts")))
                .hasMessageContaining("non_proxy_hosts: 'host name' is not a host pattern");
        assertThat(NonProxyHosts.parse(List.of(" a ", "", "b|c"), "x").matches("c", 1)).isTrue();
        assertThat(NonProxyHosts.parse("[::1]:8080", true, "x").matches("[::1]", 8080)).isTrue();
        assertThat(NonProxyHosts.parse("[::1]:8080", true, "x").matches("::1", 80)).isFalse();
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }
}
