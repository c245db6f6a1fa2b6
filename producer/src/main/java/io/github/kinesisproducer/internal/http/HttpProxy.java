package io.github.kinesisproducer.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * An HTTP proxy the producer's client goes through: {@code https://} endpoints through a {@code CONNECT} tunnel,
 * {@code http://} endpoints with absolute-form requests. Its text forms ({@link #toString()}, {@link #address()})
 * never hold the user name or password: they go into logs and error messages.
 *
 * @param host the proxy's host name or address (an IPv6 address without brackets)
 * @param port its port
 * @param username for Basic authentication; null for none
 * @param password for Basic authentication; null for none
 * @param source where the setting came from, for messages: {@code proxy_url}, {@code HTTPS_PROXY}, ...
 */
public record HttpProxy(String host, int port, String username, String password, String source) {
    public HttpProxy {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(source, "source");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port out of range: " + port);
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("a proxy user name needs a password and the reverse");
        }
    }

    /** True if requests carry a {@code Proxy-Authorization} header. */
    public boolean hasCredentials() {
        return username != null;
    }

    /** {@code http://host:port}: where the proxy is, without credentials. */
    public String address() {
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The {@code Proxy-Authorization} header value (Basic, UTF-8), or null without credentials. */
    String authorization() {
        if (!hasCredentials()) {
            return null;
        }
        byte[] pair = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair);
    }

    /** {@code http://proxy.corp:3128 (HTTPS_PROXY, with credentials)}: for logs and messages. */
    @Override
    public String toString() {
        return address() + " (" + source + (hasCredentials() ? ", with credentials" : "") + ")";
    }
}
