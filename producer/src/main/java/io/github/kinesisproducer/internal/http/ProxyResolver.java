package io.github.kinesisproducer.internal.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Decides whether calls to an endpoint go through an HTTP proxy, and which, from the sources a Java or AWS user
 * already configures, first one that names a proxy wins:
 * <ol>
 *   <li>the producer's own {@code proxy_url}: for every endpoint, loopback included (a proxy in front of a local
 *       emulator);</li>
 *   <li>the JVM's properties for the endpoint's scheme: {@code https.proxyHost}/{@code https.proxyPort} for
 *       {@code https://} endpoints ({@code http.*} for {@code http://}), with {@code https.proxyUser}/{@code
 *       https.proxyPassword} as the AWS SDK reads them, and {@code http.nonProxyHosts};</li>
 *   <li>the environment, as the AWS CLI and SDKs read it: {@code https_proxy}/{@code HTTPS_PROXY} for
 *       {@code https://} endpoints ({@code http_proxy}/{@code HTTP_PROXY} for {@code http://}), the lower-case name
 *       first, with {@code no_proxy}/{@code NO_PROXY}.</li>
 * </ol>
 * The last two are skipped with {@code use_system_proxy=false}, and never apply to a loopback endpoint (as the JDK's
 * default non-proxy hosts). The producer's {@code non_proxy_hosts} applies whatever the source.
 */
public final class ProxyResolver {
    /** Where calls go: through {@link #proxy()}, or direct (null), and why, for the log. */
    public record Route(HttpProxy proxy, String reason) {
        @Override
        public String toString() {
            return (proxy == null ? "direct" : "through " + proxy) + ": " + reason;
        }
    }

    private ProxyResolver() {
    }

    /**
     * The route of calls to {@code endpoint}.
     *
     * @param proxyUrl the {@code proxy_url} setting, or null
     * @param nonProxyHosts the {@code non_proxy_hosts} setting (empty for none)
     * @param useSystemProxy false to ignore the JVM's properties and the environment
     * @param properties the JVM's properties ({@code System::getProperty})
     * @param environment the environment ({@code System::getenv})
     * @throws IllegalArgumentException for a setting that cannot be read, naming it (credentials never shown)
     */
    public static Route resolve(URI endpoint, URI proxyUrl, List<String> nonProxyHosts, boolean useSystemProxy,
            UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
        String host = endpoint.getHost();
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : scheme.equals("https") ? 443 : 80;
        NonProxyHosts own = NonProxyHosts.parse(nonProxyHosts, "non_proxy_hosts");
        if (own.matches(host, port)) {
            return new Route(null, host + " matches non_proxy_hosts entry '" + own.matching(host, port) + "'");
        }
        if (proxyUrl != null) {
            return new Route(ProxyUrls.parse(proxyUrl, "proxy_url"), "proxy_url");
        }
        if (!useSystemProxy) {
            return new Route(null, "no proxy_url, and use_system_proxy=false");
        }
        Route route = fromProperties(scheme, host, port, properties);
        if (route == null) {
            route = fromEnvironment(scheme, host, port, environment);
        }
        return route != null ? route : new Route(null, "no proxy configured");
    }

    private static Route fromProperties(String scheme, String host, int port, UnaryOperator<String> properties) {
        String name = scheme + ".proxyHost";
        String proxyHost = value(properties, name);
        if (proxyHost == null) {
            return null;
        }
        if (isLoopback(host)) {
            return new Route(null, name + " is not applied to a loopback endpoint");
        }
        NonProxyHosts jvm = NonProxyHosts.parse(value(properties, "http.nonProxyHosts"), false, "http.nonProxyHosts");
        if (jvm.matches(host, port)) {
            return new Route(null, host + " matches http.nonProxyHosts entry '" + jvm.matching(host, port) + "'");
        }
        String portName = scheme + ".proxyPort";
        String proxyPort = value(properties, portName);
        if (proxyPort != null && !proxyPort.strip().matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException(portName + " '" + proxyPort + "' is not a port number");
        }
        String user = value(properties, scheme + ".proxyUser");
        String password = properties.apply(scheme + ".proxyPassword");
        String h = proxyHost.strip();
        HttpProxy p = ProxyUrls.parse("http://" + (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":"
                + (proxyPort != null ? proxyPort.strip() : scheme.equals("https") ? "443" : "80"), name);
        if (user != null) {
            p = new HttpProxy(p.host(), p.port(), user, password == null ? "" : password, name);
        }
        return new Route(p, name);
    }

    private static Route fromEnvironment(String scheme, String host, int port, UnaryOperator<String> environment) {
        String name = scheme + "_proxy";
        String url = value(environment, name);
        if (url == null) {
            name = name.toUpperCase(Locale.ROOT);
            url = value(environment, name);
        }
        if (url == null) {
            return null;
        }
        if (isLoopback(host)) {
            return new Route(null, name + " is not applied to a loopback endpoint");
        }
        String noProxyName = value(environment, "no_proxy") != null ? "no_proxy" : "NO_PROXY";
        NonProxyHosts env = NonProxyHosts.parse(value(environment, noProxyName), true, noProxyName);
        if (env.matches(host, port)) {
            return new Route(null, host + " matches " + noProxyName + " entry '" + env.matching(host, port) + "'");
        }
        return new Route(ProxyUrls.parse(url, name), name);
    }

    private static String value(UnaryOperator<String> source, String name) {
        String v = source.apply(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** localhost, 127.0.0.0/8 and ::1: a local emulator, never sent to a proxy from the JVM's or system settings. */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        h = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("localhost.")) {
            return true;
        }
        byte[] address = NonProxyHosts.literal(h);
        try {
            return address != null && InetAddress.getByAddress(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
