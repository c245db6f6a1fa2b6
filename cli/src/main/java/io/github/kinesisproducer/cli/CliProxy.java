package io.github.kinesisproducer.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.URI;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The HTTP client of the SDK clients of {@code read} and {@code stream} through {@code --proxy}: java.net's
 * connections opened through the proxy, with its credentials given to each connection's own authenticator (never the
 * JVM-wide default). {@code send} goes through the producer's own client and its {@code proxy_url} instead.
 *
 * <p>For https:// endpoints the JDK refuses Basic authentication for CONNECT tunnels unless
 * {@code jdk.http.auth.tunneling.disabledSchemes} allows it; {@link Main#main} allows it for this process, which is a
 * command-line tool and not a library embedded in someone's JVM.
 */
final class CliProxy {
    /** The JDK's property that disables authentication schemes for tunnels (Basic, by default). */
    static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    private CliProxy() {
    }

    static SdkHttpClient httpClient(URI proxyUrl) {
        if (!"http".equalsIgnoreCase(proxyUrl.getScheme())) {
            throw CliException.usage("--proxy '" + AwsOptions.redacted(proxyUrl.toString()) + "': only http:// "
                    + "proxies are supported (they tunnel https:// to Kinesis with CONNECT)");
        }
        Proxy proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxyUrl.getHost(),
                proxyUrl.getPort() > 0 ? proxyUrl.getPort() : 80));
        Authenticator credentials = credentials(proxyUrl.getUserInfo());
        return UrlConnectionHttpClient.create(uri -> {
            HttpURLConnection c;
            try {
                c = (HttpURLConnection) uri.toURL().openConnection(proxy);
            } catch (IOException e) { // opening does not connect: only a URL java.net cannot handle gets here
                throw new UncheckedIOException(e);
            }
            if (credentials != null) {
                c.setAuthenticator(credentials); // answers the challenge to a CONNECT (https://)
                if ("http".equalsIgnoreCase(uri.getScheme())) {
                    // A plain request is streamed and cannot be sent again after a 407: credentials up front. Never
                    // for https://, where request headers travel inside the tunnel to the endpoint.
                    c.setRequestProperty("Proxy-Authorization", basic(proxyUrl.getUserInfo()));
                }
            }
            return c;
        });
    }

    private static String basic(String userInfo) {
        String pair = userInfo.indexOf(':') < 0 ? userInfo + ":" : userInfo;
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                pair.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** An authenticator that answers the proxy's challenge with the URL's user name and password; null without. */
    private static Authenticator credentials(String userInfo) {
        if (userInfo == null || userInfo.isEmpty()) {
            return null;
        }
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        char[] password = (colon < 0 ? "" : userInfo.substring(colon + 1)).toCharArray();
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return getRequestorType() == RequestorType.PROXY ? new PasswordAuthentication(user, password.clone())
                        : null;
            }
        };
    }
}
