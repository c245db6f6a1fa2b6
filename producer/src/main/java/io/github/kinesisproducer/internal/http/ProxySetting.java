package io.github.kinesisproducer.internal.http;

import io.github.kinesisproducer.ConfigException;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The proxy settings of a {@code ProducerConfig}, checked as they are set: {@code proxy_url}, {@code non_proxy_hosts}
 * and {@code use_system_proxy} ({@link ProxyResolver} says what they mean together). Its text form hides the
 * credentials of the proxy URL.
 */
public record ProxySetting(URI url, List<String> nonProxyHosts, boolean useSystemProxy) {
    /** No proxy_url, no non_proxy_hosts, the JVM's properties and the environment consulted. */
    public static final ProxySetting DEFAULT = new ProxySetting(null, List.of(), true);

    public ProxySetting {
        nonProxyHosts = List.copyOf(nonProxyHosts);
    }

    /**
     * With this {@code proxy_url} (null for none).
     *
     * @throws ConfigException for a URL that is not an http:// proxy URL (shown without its credentials)
     */
    public ProxySetting withUrl(URI v) {
        if (v != null) {
            try {
                ProxyUrls.parse(v, "proxy_url");
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Invalid value for " + e.getMessage());
            }
        }
        return new ProxySetting(v, nonProxyHosts, useSystemProxy);
    }

    /**
     * With these {@code non_proxy_hosts}.
     *
     * @throws ConfigException for an entry that cannot be a host pattern
     */
    public ProxySetting withNonProxyHosts(List<String> v) {
        List<String> copy = List.copyOf(Objects.requireNonNull(v, "non_proxy_hosts"));
        try {
            NonProxyHosts.parse(copy, "non_proxy_hosts");
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid value for " + e.getMessage());
        }
        return new ProxySetting(url, copy, useSystemProxy);
    }

    public ProxySetting withUseSystemProxy(boolean v) {
        return new ProxySetting(url, nonProxyHosts, v);
    }

    /** {@code proxy=http://****@proxy.corp:3128, nonProxyHosts=[...]} (only what is set), for ProducerConfig's text. */
    @Override
    public String toString() {
        return (url == null ? "" : ", proxy=" + ProxyUrls.redact(url))
                + (nonProxyHosts.isEmpty() ? "" : ", nonProxyHosts=" + nonProxyHosts)
                + (useSystemProxy ? "" : ", useSystemProxy=false");
    }
}
